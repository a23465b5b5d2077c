// The wasm split by route (scripts/wasm-split.sh, ARCHITECTURE.md "Splitting the wasm"):
// sign-in and home need only the main module; a rarely used page's code arrives the first
// time it is opened, once, with the same year-long caching as the rest; the service
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

for (const viewport of ['desk', 'tablet']) {
  test(`home loads the main module only; Settings fetches its part once (${viewport})`, async () => {
    const page = await newPage(browser, viewport);
    const wasm = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.wasm')) wasm.push(path);
    });
    await signIn(page, 'rm07');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.locator('#home-title').waitFor();
    const main = wasm.filter((p) => p.endsWith('_bg.wasm'));
    assert.equal(main.length, 1, `one main module: ${wasm.join(' ')}`);
    assert.deepEqual(
      wasm.filter((p) => !p.endsWith('_bg.wasm')),
      [],
      'home needs no part of another page',
    );

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.locator('#settings-title').waitFor();
    const parts = wasm.filter((p) => !p.endsWith('_bg.wasm'));
    assert.ok(parts.length >= 1, 'Settings fetched its part');
    for (const part of parts) {
      assert.match(part, /^\/[A-Za-z0-9_]+-[0-9a-f]{16}\.wasm$/, 'a part is named after its content');
      const res = await page.request.get(part);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /application\/wasm/);
      assert.equal(res.headers()['cache-control'], 'public, max-age=31536000, immutable');
    }
    await screenshot(page, `split-settings-${viewport}`);

    // Back home and to Settings again: nothing fetched a second time.
    const before = wasm.length;
    await page.goBack();
    await page.locator('#home-title').waitFor();
    await page.goForward();
    await page.locator('#settings-title').waitFor();
    assert.equal(wasm.length, before, `no part fetched twice: ${wasm.slice(before).join(' ')}`);
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
