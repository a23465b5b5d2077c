// Prepares a running Chromium (remote debugging on PORT) for a Lighthouse run of home as a
// signed-in user: signs USER in through the app's own form (so the session cookie and the
// app's "signed in on this browser" hint are set, as after a real sign-in), waits for home,
// then empties the HTTP cache and the service worker's, so Lighthouse still measures a first load of the app.
//   node scripts/lighthouse-signed-in.mjs BASE_URL PORT USER PASSWORD
import { chromium } from 'playwright-core';
import { signInWithEmptyCaches } from './sign-in-fresh.mjs';

const [base, port, user, password] = process.argv.slice(2);
const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
const context = browser.contexts()[0];
const page = await context.newPage();
await signInWithEmptyCaches(context, page, base, user, password);
await browser.close(); // disconnects; the browser keeps running for Lighthouse
