// The installable app (issue 14), at 1024×768 and 768×1024: the manifest is valid and its
// icons are the PNGs it says; the service worker installs, controls the page and keeps
// the app's files but never an API answer; with no network a reload still opens the app
// (from the cache) and says it is offline; back online it works again; a newer worker
// waits and the app says "A new version is ready — reload", and reloading hands over to
// it. Works on a fresh browser context per test; changes no data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, appSignInForm, screenshot, expectAccessible } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

/** Signed in as rm01 on a page the service worker controls. */
async function controlledPage(viewport) {
  const page = await newPage(browser, viewport);
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
  return page;
}

/** What the page's caches hold, as paths. */
async function cachedPaths(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) out.push(new URL(req.url).pathname);
    }
    return out;
  });
}

test('the manifest is valid, linked from the page, and its icons are the PNGs it names', async () => {
  const page = await newPage(browser, 'tablet');
  await page.goto('/');
  await appSignInForm(page);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
  assert.equal(res.headers()['cache-control'], 'no-cache');
  const m = await res.json();
  assert.equal(m.name, 'Clientbook');
  assert.ok(m.short_name && m.short_name.length <= 12, 'a short name for the home screen');
  assert.equal(m.start_url, '/');
  assert.equal(m.display, 'standalone');
  assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(m.background_color, /^#[0-9a-f]{6}$/i);
  assert.ok(m.lang);
  const sizes = [];
  for (const icon of m.icons) {
    const r = await page.request.get(icon.src);
    assert.equal(r.status(), 200, icon.src);
    assert.equal(r.headers()['content-type'], icon.type, icon.src);
    assert.equal(pngSize(await r.body()), icon.sizes, `${icon.src} is ${icon.sizes}`);
    sizes.push(`${icon.sizes} ${icon.purpose}`);
  }
  assert.ok(sizes.includes('192x192 any') && sizes.includes('512x512 any'), sizes.join(', '));
  assert.ok(sizes.some((s) => s.endsWith('maskable')), 'a maskable icon');
  assert.equal(
    await page.locator('meta[name=theme-color]').getAttribute('content'),
    m.theme_color,
  );

  // The worker: at the root, revalidated on every start, with this build's files in it.
  const sw = await page.request.get('/sw.js');
  assert.equal(sw.status(), 200);
  assert.match(sw.headers()['content-type'], /javascript/);
  assert.equal(sw.headers()['cache-control'], 'no-cache');
  const source = await sw.text();
  const shell = JSON.parse(source.match(/^const SHELL = (.*);$/m)[1]);
  assert.match(shell.version, /^[0-9a-f]{16}$/);
  assert.ok(shell.files.includes('/index.html'));
  assert.ok(shell.files.some((f) => f.endsWith('_bg.wasm')), 'the wasm');
  assert.ok(shell.files.some((f) => f.endsWith('.js')), 'the JS glue');
  assert.ok(shell.files.some((f) => f.endsWith('.css')), 'the CSS');
  assert.ok(!shell.files.some((f) => f.startsWith('/api')), 'no API path');
  await page.context().close();
});

for (const viewport of ['tablet', 'tablet-portrait']) {
  test(`the app starts with no network and says so (${viewport})`, async () => {
    const page = await controlledPage(viewport);
    const cached = await cachedPaths(page);
    assert.ok(cached.includes('/index.html'), cached.join(' '));
    assert.ok(cached.some((p) => p.endsWith('_bg.wasm')), 'the wasm is kept');
    assert.deepEqual(cached.filter((p) => p.startsWith('/api')), [], 'no API answer is kept');
    await expectAccessible(page, `home under the worker (${viewport})`);

    // No network: a reload opens the app from the cache, with the offline banner.
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('.app-header').waitFor();
    await page.waitForFunction(() => !document.getElementById('boot'), null, { timeout: 30_000 });
    const banner = page.getByTestId('offline-indicator');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Offline/);
    // Still none kept after the app's failed API calls.
    assert.deepEqual((await cachedPaths(page)).filter((p) => p.startsWith('/api')), []);
    await expectAccessible(page, `offline (${viewport})`);
    await screenshot(page, `pwa-offline-${viewport}`);

    // Online again: the banner goes, and the app works (rm01's book loads).
    await page.context().setOffline(false);
    await banner.waitFor({ state: 'detached' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.getByTestId('total-aum').waitFor();
    await page.context().close();
  });

  test(`a new version waits and the app says so; reload hands over to it (${viewport})`, async () => {
    const page = await controlledPage(viewport);
    const before = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
    assert.equal(await page.getByTestId('update-banner').count(), 0, 'no banner while nothing is new');
    // A deployment, as the browser sees one: the worker script it checks is another one.
    // (The same file under another URL: the browser installs it as a new worker.)
    await page.evaluate(() => navigator.serviceWorker.register('/sw.js?deployment=next'));
    const banner = page.getByTestId('update-banner');
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.innerText(), /A new version is ready — reload/);
    // Waiting, not taken over: the page still runs on the worker it started with.
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), before);
    await expectAccessible(page, `update banner (${viewport})`);
    await screenshot(page, `pwa-update-${viewport}`);

    const reloaded = page.waitForEvent('framenavigated');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.waitForFunction(
      () => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js?deployment=next'),
      null,
      { timeout: 30_000 },
    );
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.context().close();
  });
}

test('an API answer from another release raises the same banner, with no worker involved', async () => {
  // A server updated under a page that is still running the old app: the service worker
  // is kept out (blocked), so only the API answers' release header can tell.
  const page = await newPage(browser, 'tablet', { serviceWorkers: 'block' });
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  const banner = page.getByTestId('update-banner');
  assert.equal(await banner.count(), 0, 'no banner while the releases match');
  const ours = await page.evaluate(() => document.querySelector('[data-release]')?.dataset.release);
  assert.ok(ours, 'the app names its release');
  await page.route('**/api/**', async (route) => {
    const answer = await route.fetch();
    await route.fulfill({ response: answer, headers: { ...answer.headers(), 'x-clientbook-version': `${ours}-next` } });
  });
  // The next API answers (the app asking who is signed in, after a reload) name another release.
  await page.reload();
  await banner.waitFor({ timeout: 15_000 });
  assert.match(await banner.innerText(), /A new version is ready — reload/);
  await page.unrouteAll({ behavior: 'wait' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Chinese banner says the same', async () => {
  const page = await controlledPage('tablet');
  await page.getByRole('button', { name: '中文' }).click();
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js?deployment=zh'));
  const banner = page.getByTestId('update-banner');
  await banner.waitFor({ timeout: 30_000 });
  assert.match(await banner.innerText(), /新版本已就绪/);
  await page.context().close();
});

test('a page that loads while the first worker activates is taken all the same (tablet)', async () => {
  // The race behind an offline flake: a load that began before the first worker was
  // active becomes a page only after that worker's `clients.claim()` ran, so the claim
  // left it out, and it stayed without a worker until the next load. Made certain here:
  // the worker's install is held until the next load has begun, and that load is held
  // until the worker is active. The app, once running, must ask the worker to take it.
  const api = await apiAs('rm07');
  const customer = (await (await api.get('/api/book')).json()).customers.at(-7);
  await api.dispose();
  const page = await newPage(browser, 'tablet');
  const context = page.context();
  let releaseInstall;
  const installHeld = new Promise((go) => { releaseInstall = go; });
  await context.route('**/*', async (route) => {
    if (route.request().serviceWorker()) await installHeld;
    await route.fallback();
  });
  let navigationSeen;
  const navigationStarted = new Promise((go) => { navigationSeen = go; });
  let releaseNavigation;
  const navigationHeld = new Promise((go) => { releaseNavigation = go; });
  await page.route(`**/customers/${customer.id}`, async (route) => {
    navigationSeen();
    await navigationHeld;
    await route.fallback();
  });
  // A second page of the same browser watches the registration while the first one loads.
  const watcher = await context.newPage();
  await watcher.goto('/robots.txt');
  const activeState = () => watcher.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none');

  await signIn(page, 'rm07');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  assert.equal(await activeState(), 'none', 'the install is held');
  const loaded = page.goto(`/customers/${customer.id}`);
  await navigationStarted;
  releaseInstall();
  const until = Date.now() + 60_000;
  while ((await activeState()) !== 'activated') {
    assert.ok(Date.now() < until, 'the worker activates');
    await new Promise((r) => setTimeout(r, 100));
  }
  releaseNavigation();
  await loaded;
  await page.getByTestId('prepare-offline').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller != null, null, { timeout: 15_000 });
  await context.unrouteAll({ behavior: 'wait' });
  await page.unrouteAll({ behavior: 'wait' });
  assert.deepEqual(page.problems, []);
  await context.close();
});
