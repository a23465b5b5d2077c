// The customers list's search keystroke, traced (issue 16's "search keystroke ÷ plain JS"):
//   node scripts/trace-search.mjs BASE_URL
// Signs in as rm01 at desk size, opens the list, types the first three letters of a
// name and clears them again (warm-up 3 times, then 5 traced), and prints each
// keystroke's milliseconds until the count changes and until the next paint, then the
// main thread's time per keystroke pair by trace event (RunTask = all of it). Against a
// server with the release build (scripts/bench-interaction.sh serves one the same way).
import { chromium } from 'playwright-core';
const BASE = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ baseURL: BASE, viewport: { width: 1440, height: 900 }, locale: 'en-US' });
const page = await ctx.newPage();
await page.goto('/');
await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('form.login-card #username'));
await page.getByLabel('Username').fill('rm01');
await page.getByLabel('Password').fill('clientbook-demo');
await page.click('form.login-card button[type=submit]');
await page.waitForSelector('[data-testid=customer-count]');
await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
await page.waitForSelector('[data-customer-id]');
const query = (await page.locator('[data-customer-id] .customer-name').nth(1).innerText()).trim().slice(0, 3);
const type = (q) => page.evaluate((q) => new Promise((resolve) => {
  const shown = () => document.querySelector('[data-testid=customers-shown]').getAttribute('data-count');
  const before = shown();
  const el = document.getElementById('customer-search');
  const t0 = performance.now(); let tSeen = null;
  const obs = new MutationObserver(() => { if (tSeen == null && shown() !== before) { tSeen = performance.now() - t0; obs.disconnect(); requestAnimationFrame(() => setTimeout(() => resolve([tSeen, performance.now() - t0]), 0)); } });
  obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  el.value = q; el.dispatchEvent(new Event('input', { bubbles: true }));
}), q);
for (let i = 0; i < 3; i++) { await type(query); await type(''); }
const res = [];
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
for (let i = 0; i < 5; i++) { res.push(await type(query)); await type(''); }
const buf = await browser.stopTracing();
console.log('keystroke: seen, painted ms', JSON.stringify(res.map(r => r.map(x => x.toFixed(1)))));
const ev = JSON.parse(buf.toString()).traceEvents;
const sums = {};
for (const e of ev) if (e.ph === 'X' && e.dur) { sums[e.name] = (sums[e.name] || 0) + e.dur / 1000; }
const top = Object.entries(sums).sort((a, b) => b[1] - a[1]).slice(0, 25);
for (const [n, ms] of top) console.log(n.padEnd(40), (ms / 10).toFixed(2), 'ms per search typed and cleared');
await browser.close();
