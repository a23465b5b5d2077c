// Accessibility (issue 14): axe finds no WCAG 2.1 A or AA violation on any main screen,
// at desk and tablet sizes, each screen loaded with its data: sign-in, home, the
// customers list, a customer page, complaints and satisfaction (rm01), the branch view
// (manager01), the audit log (compliance01) and administration (admin). Reads only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, appSignInForm, apiAs, expectAccessible, screenshot } from './support.mjs';

let browser;
let customerId;

before(async () => {
  browser = await launchBrowser();
  const api = await apiAs('rm01');
  const book = await (await api.get('/api/book')).json();
  customerId = book.customers[5].id;
  await api.dispose();
});

after(async () => {
  await browser?.close();
});

/** Opens `path` from the main navigation's link named `link` and waits for `ready`. */
async function visit(page, link, ready) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
  await ready(page);
}

for (const viewport of ['desk', 'tablet']) {
  test(`sign-in, home, customers, a customer, complaints and satisfaction are accessible (${viewport})`, async () => {
    const page = await newPage(browser, viewport);
    await page.goto('/');
    await appSignInForm(page);
    await expectAccessible(page, `sign-in (${viewport})`);

    await signIn(page, 'rm01');
    await page.getByTestId('total-aum').waitFor();
    await page.getByTestId('home-complaints').waitFor();
    await expectAccessible(page, `home (${viewport})`);

    await visit(page, 'Customers', (p) => p.locator('[data-customer-id]').first().waitFor());
    await expectAccessible(page, `customers list (${viewport})`);

    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('customer-header').waitFor();
    await page.getByTestId('timeline').waitFor();
    await expectAccessible(page, `customer page (${viewport})`);

    await visit(page, 'Complaints', (p) => p.getByTestId('complaints-count').waitFor());
    await page.getByTestId('complaint-analysis').waitFor();
    await expectAccessible(page, `complaints (${viewport})`);

    await visit(page, 'Satisfaction', (p) => p.getByTestId('improve-first').waitFor());
    await expectAccessible(page, `satisfaction (${viewport})`);
    await screenshot(page, `a11y-satisfaction-${viewport}`);
    await page.context().close();
  });

  test(`the branch view, the audit log and administration are accessible (${viewport})`, async () => {
    const manager = await newPage(browser, viewport);
    await signIn(manager, 'manager01');
    await manager.getByRole('heading', { name: 'My book' }).waitFor();
    await manager.goto('/branch');
    await manager.locator('[data-testid=branch-books] tr[data-rm-id]').first().waitFor();
    await expectAccessible(manager, `branch (${viewport})`);
    await manager.context().close();

    const compliance = await newPage(browser, viewport);
    await signIn(compliance, 'compliance01');
    await visit(compliance, 'Audit log', (p) => p.getByTestId('audit-filters').waitFor());
    await compliance.getByTestId('audit-table').waitFor();
    await expectAccessible(compliance, `audit log (${viewport})`);
    await compliance.context().close();

    const admin = await newPage(browser, viewport);
    await signIn(admin, 'admin');
    await visit(admin, 'Admin', (p) => p.locator('tr[data-username]').first().waitFor({ state: 'attached' }));
    await admin.locator('#new-username').waitFor();
    await expectAccessible(admin, `administration (${viewport})`);
    await admin.context().close();
  });
}

test('the check fails on a violation and names it (it can fail)', async () => {
  const page = await newPage(browser, 'desk');
  await page.goto('/');
  await appSignInForm(page);
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/favicon.ico';
    document.querySelector('main, body').append(img);
  });
  await assert.rejects(expectAccessible(page, 'an image without a text alternative'), (e) => {
    assert.match(e.message, /image-alt \(critical\)/);
    assert.match(e.message, /an image without a text alternative: 1 accessibility violation/);
    return true;
  });
  await page.context().close();
});
