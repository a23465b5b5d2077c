// Signs USER in through the app's own form (so the session cookie and the app's "signed in
// on this browser" hint are set, as after a real sign-in), waits for the page after it,
// then empties the HTTP cache and the service worker's, so what follows measures a first
// load of the app. Shared by scripts/lighthouse-signed-in.mjs and scripts/trace-home.mjs.
export async function signInWithEmptyCaches(context, page, base, user, password) {
  await page.goto(`${base}/login`);
  await page.waitForFunction(
    () => !document.getElementById('boot') && document.querySelector('form.login-card #username'),
    null,
    { timeout: 60_000 },
  );
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('form.login-card button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  // The installable app's service worker keeps the app's files too: gone, like the HTTP cache.
  await cdp.send('Storage.clearDataForOrigin', {
    origin: new URL(base).origin,
    storageTypes: 'service_workers,cache_storage',
  });
  await page.goto('about:blank');
  return cdp;
}
