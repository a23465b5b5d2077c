// Big scopes (docs/rules.md, Big scopes): with the policy's browser limit lowered below
// the branch's size, manager01's home and branch screens show the figures the server
// computed, and the browser never asks for the whole book (/api/book/columns). The
// policy is put back afterwards, so the other tests see the usual app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot, expectAccessible, lowerBrowserLimit } from './support.mjs';

let browser;
let admin;
let restorePolicy;

before(async () => {
  browser = await launchBrowser();
  admin = await apiAs('admin');
  ({ restore: restorePolicy } = await lowerBrowserLimit(admin, 100));
});

after(async () => {
  await restorePolicy?.();
  await admin?.dispose();
  await browser?.close();
});

for (const viewport of ['desk', 'tablet']) {
  test(`a branch above the limit shows the server's figures at ${viewport} size`, async () => {
    const manager = await apiAs('manager01');
    const size = await (await manager.get('/api/scope')).json();
    assert.ok(size.server_figures, `the branch (${size.customers}) is above the limit`);
    const expected = await (await manager.get('/api/scope/figures')).json();
    await manager.dispose();

    const page = await newPage(browser, viewport);
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await signIn(page, 'manager01');
    await page.getByTestId('server-figures').first().waitFor();
    const count = await page.getByTestId('customer-count').getAttribute('data-count');
    assert.equal(Number(count), expected.figures.summary.customers);
    await screenshot(page, `bigscope-home-manager01-${viewport}`);
    await expectAccessible(page, `big scope home ${viewport}`);

    await page.goto('/branch');
    await page.getByTestId('branch-books').waitFor();
    const rows = await page.locator('[data-testid=branch-books] tbody tr').count();
    assert.equal(rows, expected.figures.rm_books.length, 'one row per RM');
    await screenshot(page, `bigscope-branch-manager01-${viewport}`);

    assert.ok(requested.includes('/api/scope/figures'), 'the figures came from the server');
    assert.ok(!requested.includes('/api/book/columns'), `no whole book: ${requested.join(' ')}`);
    assert.ok(!requested.includes('/api/book'), 'no whole book');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
