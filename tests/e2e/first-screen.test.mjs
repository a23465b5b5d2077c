// The first screen before the wasm: index.html draws the sign-in form at once, what is
// typed there survives the app taking over, and the page is cached as it should be.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, PASSWORD, BASE_URL } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('the sign-in form is there before the wasm, and what was typed is kept', async () => {
  const page = await newPage(browser, 'tablet');
  // Hold the wasm back until the user has typed.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/login');

  const button = page.getByRole('button', { name: 'Sign in' });
  assert.ok(await button.isDisabled(), 'the form cannot be sent before the app is there');
  await page.getByLabel('Username').fill('rm02');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
  assert.ok(page.url().endsWith('/login'), 'Enter did not send the form by itself');

  release();
  await page.waitForFunction(() => !document.getElementById('boot'));
  assert.equal(await page.getByLabel('Username').inputValue(), 'rm02');
  assert.equal(await page.getByLabel('Password').inputValue(), PASSWORD);
  await button.click();
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('hashed files are kept for a year, the page is revalidated', async () => {
  const page = await newPage(browser);
  const seen = new Map();
  page.on('response', (r) => seen.set(new URL(r.url()).pathname, r.headers()['cache-control']));
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
  assert.equal(seen.get('/login'), 'no-cache');
  const wasm = [...seen.keys()].find((p) => p.endsWith('_bg.wasm'));
  assert.ok(wasm, `the wasm was loaded from ${BASE_URL}`);
  assert.equal(seen.get(wasm), 'public, max-age=31536000, immutable');
});
