// The wasm split by route (scripts/wasm-split.sh, ARCHITECTURE.md "Splitting the wasm"):
// sign-in and home need only the main module; the customers list's and the customer
// page's parts are fetched when a link to them is hovered, touched or focused, and the
// customer page's also a second after the list is shown; any other
// page's code arrives the first time it is opened, once, with the same year-long caching as the rest; the service
// worker keeps every part, so such a page opens from the cache too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, screenshot } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const isPart = (path) => !path.endsWith('_bg.wasm');
const pageParts = (paths) => paths.filter((p) => /^\/split_/.test(p)).map((p) => p.replace(/_\d+-[0-9a-f]{16}\.wasm$/, ''));

for (const viewport of ['desk', 'tablet']) {
  test(`home needs the main module; the customer pages come on a pointer over their link, Settings when opened (${viewport})`, async () => {
    const page = await newPage(browser, viewport);
    const wasm = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.wasm')) wasm.push(path);
    });
    await signIn(page, 'rm07');
    // The pointer out of the way: home's panels, drawn under it, link to customers.
    await page.mouse.move(1, 1);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.locator('#home-title').waitFor();
    await page.getByTestId('total-aum').waitFor();
    await page.waitForTimeout(1000);
    const main = wasm.filter((p) => !isPart(p));
    assert.equal(main.length, 1, `one main module: ${wasm.join(' ')}`);
    assert.deepEqual(wasm.filter(isPart), [], 'home needs no part of another page');

    // A pointer over the link to the customers list fetches its part (before the click).
    const nav = page.getByRole('navigation', { name: 'Main' });
    const fetched = async (name) => {
      for (let waited = 0; !wasm.some((p) => p.startsWith(`/${name}_`)); waited += 100) {
        assert.ok(waited < 30_000, `no ${name} fetched: ${wasm.join(' ')}`);
        await page.waitForTimeout(100);
      }
    };
    const expected = ['/split_customers_page'];
    if (viewport === 'desk') {
      // A pointer over a customer's link on home fetches the customer page's part.
      await page.locator('main a[href^="/customers/"]').first().hover();
      await fetched('split_customer_page');
      assert.deepEqual([...new Set(pageParts(wasm))], ['/split_customer_page']);
      expected.unshift('/split_customer_page');
    }
    await nav.getByRole('link', { name: 'Customers' }).hover();
    await fetched('split_customers_page');
    assert.deepEqual([...new Set(pageParts(wasm))], expected);
    let mark = wasm.length;
    await nav.getByRole('link', { name: 'Customers' }).click();
    const first = page.locator('[data-customer-id] a').first();
    await first.waitFor();
    assert.ok(!wasm.slice(mark).some((p) => p.startsWith('/split_customers_page_')), 'the list was there');
    if (viewport === 'tablet') {
      // No pointer over any customer (a tablet's tap warns of nothing): the list fetches
      // the customer page's part itself a second after it is shown.
      assert.ok(!wasm.slice(0, mark).some((p) => p.startsWith('/split_customer_page_')));
      await fetched('split_customer_page');
    }
    mark = wasm.length;
    await first.click();
    await page.getByTestId('customer-header').waitFor();
    assert.deepEqual(wasm.slice(mark), [], 'the customer page was there');

    const before = wasm.length;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.locator('#settings-title').waitFor();
    const parts = wasm.slice(before);
    assert.ok(parts.length >= 1, 'Settings fetched its part');
    assert.deepEqual([...new Set(pageParts(parts))], ['/split_settings_page']);
    for (const part of parts) {
      assert.match(part, /^\/[A-Za-z0-9_]+-[0-9a-f]{16}\.wasm$/, 'a part is named after its content');
      const res = await page.request.get(part);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /application\/wasm/);
      assert.equal(res.headers()['cache-control'], 'public, max-age=31536000, immutable');
    }
    await screenshot(page, `split-settings-${viewport}`);

    // Back and to Settings again: nothing fetched a second time.
    const seen = wasm.length;
    await page.goBack();
    await page.getByTestId('customer-header').waitFor();
    await page.goForward();
    await page.locator('#settings-title').waitFor();
    assert.equal(wasm.length, seen, `no part fetched twice: ${wasm.slice(seen).join(' ')}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('the service worker keeps every part of the split wasm', async () => {
  const page = await newPage(browser, 'desk');
  const source = await (await page.request.get('/sw.js')).text();
  const shell = JSON.parse(source.match(/^const SHELL = (.*);$/m)[1]);
  const link = shell.files.filter((f) => /^\/wasm-split-[0-9a-f]{16}\.js$/.test(f));
  assert.equal(link.length, 1, `the link module is kept: ${shell.files.join(' ')}`);
  const text = await (await page.request.get(link[0])).text();
  const parts = [...text.matchAll(/["']\.\/([A-Za-z0-9_]+-[0-9a-f]{16}\.wasm)["']/g)].map((m) => `/${m[1]}`);
  assert.ok(parts.length >= 5, `the link module names the parts: ${parts.join(' ')}`);
  for (const part of parts) assert.ok(shell.files.includes(part), `${part} is kept`);
  await page.context().close();
});
