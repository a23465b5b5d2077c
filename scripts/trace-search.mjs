// The customers list's search keystroke, traced (issue 16's "search keystroke ÷ plain JS"):
//   node scripts/trace-search.mjs BASE_URL [ROUNDS]
// Signs in as rm01 at desk size (TRACE_SIZE=tablet: 1024×768), opens the list, types the
// first three letters of a name and clears them again (warm-up 3 times, then ROUNDS (5)
// traced), and prints:
//   - each keystroke's milliseconds until the count changes and until the next paint,
//     and the rows (elements) it added and removed;
//   - where the main thread's time goes, per keystroke, for the narrowing one (typed) and
//     the widening one (cleared) apart: script (the app's wasm and the DOM calls it
//     makes: the input event, the microtasks that run the view's memos and effects),
//     style, layout, paint and the compositor's share (layers, commit), and the rest;
//   - the main thread's time per search typed and cleared by trace event (RunTask = all).
// Against a server with the release build (scripts/bench-interaction.sh serves one the
// same way). TRACE_CSS adds a stylesheet (an experiment without a rebuild; the page's
// content security policy is bypassed for it).
import { chromium } from 'playwright-core';
const BASE = process.argv[2];
const ROUNDS = Number(process.argv[3] ?? 5);
const size = process.env.TRACE_SIZE === 'tablet' ? { width: 1024, height: 768 } : { width: 1440, height: 900 };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ baseURL: BASE, viewport: size, locale: 'en-US', bypassCSP: !!process.env.TRACE_CSS });
const page = await ctx.newPage();
await page.goto('/');
await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('form.login-card #username'));
await page.getByLabel('Username').fill('rm01');
await page.getByLabel('Password').fill('clientbook-demo');
await page.click('form.login-card button[type=submit]');
await page.waitForSelector('[data-testid=customer-count]');
await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
await page.waitForSelector('[data-customer-id]');
if (process.env.TRACE_CSS) await page.addStyleTag({ content: process.env.TRACE_CSS });
const query = (await page.locator('[data-customer-id] .customer-name').nth(1).innerText()).trim().slice(0, 3);
// One keystroke, marked in the trace (performance.mark) so its main-thread time can be
// told from the next one's.
const type = (q, label) =>
  page.evaluate(
    ([q, label]) =>
      new Promise((resolve) => {
        const shown = () => document.querySelector('[data-testid=customers-shown]').getAttribute('data-count');
        const before = shown();
        const el = document.getElementById('customer-search');
        let added = 0, removed = 0;
        const rows = new MutationObserver((ms) => {
          for (const m of ms) {
            for (const n of m.addedNodes) if (n.nodeType === 1) added += 1 + n.querySelectorAll('*').length;
            for (const n of m.removedNodes) if (n.nodeType === 1) removed += 1 + n.querySelectorAll('*').length;
          }
        });
        rows.observe(document.body, { subtree: true, childList: true });
        performance.mark(`${label}-start`);
        const t0 = performance.now();
        let tSeen = null;
        const obs = new MutationObserver(() => {
          if (tSeen == null && shown() !== before) {
            tSeen = performance.now() - t0;
            obs.disconnect();
            requestAnimationFrame(() =>
              setTimeout(() => {
                rows.disconnect();
                performance.mark(`${label}-end`);
                resolve({ seen: tSeen, painted: performance.now() - t0, added, removed });
              }, 0),
            );
          }
        });
        obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        el.value = q;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    [q, label],
  );
for (let i = 0; i < 3; i++) {
  await type(query, 'warm');
  await type('', 'warm');
}
const res = [];
await browser.startTracing(page, {
  categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
});
for (let i = 0; i < ROUNDS; i++) {
  res.push(['narrow', await type(query, `narrow${i}`)]);
  res.push(['widen', await type('', `widen${i}`)]);
}
const buf = await browser.stopTracing();
const f = (x) => x.toFixed(1);
console.log(`rm01, ${size.width}×${size.height}, search "${query}" typed and cleared ${ROUNDS} times`);
for (const kind of ['narrow', 'widen']) {
  const rs = res.filter(([k]) => k === kind).map(([, r]) => r);
  console.log(
    `${kind}: seen / painted ms ${rs.map((r) => `${f(r.seen)}/${f(r.painted)}`).join(' ')}; elements added / removed ${rs.map((r) => `${r.added}/${r.removed}`).join(' ')}`,
  );
}
const ev = JSON.parse(buf.toString()).traceEvents;
// The renderer's main thread: the thread of the user timing marks.
const marks = ev.filter((e) => e.cat?.includes('blink.user_timing') && /^(narrow|widen)\d+-(start|end)$/.test(e.name));
const main = marks[0] && `${marks[0].pid}:${marks[0].tid}`;
const windows = [];
for (const m of marks.filter((m) => m.name.endsWith('-start'))) {
  const label = m.name.slice(0, -'-start'.length);
  const end = marks.find((e) => e.name === `${label}-end`);
  if (end) windows.push({ kind: label.replace(/\d+$/, ''), from: m.ts, to: end.ts });
}
// Top-level tasks, and within them the time of each kind of work (self time by the
// innermost event of a known kind).
const kinds = {
  script: ['FunctionCall', 'RunMicrotasks', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'V8.Execute', 'v8.callFunction'],
  style: ['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet'],
  layout: ['Layout', 'UpdateLayer', 'HitTest'],
  paint: ['Paint', 'PaintImage', 'RasterTask', 'PrePaint'],
  compositor: ['Layerize', 'Commit', 'UpdateLayerTree', 'CompositeLayers'],
  gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER'],
};
const kindOf = Object.fromEntries(Object.entries(kinds).flatMap(([k, names]) => names.map((n) => [n, k])));
const onMain = ev.filter((e) => e.ph === 'X' && e.dur && `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const per = { narrow: {}, widen: {} };
for (const w of windows) {
  const inside = onMain.filter((e) => e.ts >= w.from && e.ts < w.to);
  // Self time by kind: walk the nesting, attributing each event's time less its
  // children's to the innermost known kind.
  const stack = [];
  const self = new Map();
  for (const e of inside) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? parent.dur) - e.dur);
    self.set(e, e.dur);
    stack.push(e);
  }
  const acc = per[w.kind];
  for (const e of inside) {
    if (e.name === 'RunTask') {
      acc.task = (acc.task ?? 0) + e.dur;
      continue;
    }
    // The innermost known kind among e and its ancestors.
    let k = kindOf[e.name];
    if (!k) continue;
    acc[k] = (acc[k] ?? 0) + Math.max(0, self.get(e));
  }
}
const n = (kind) => windows.filter((w) => w.kind === kind).length || 1;
console.log('');
console.log('| keystroke | main thread (RunTask) | script | style | layout | paint | compositor | gc |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const kind of ['narrow', 'widen']) {
  const a = per[kind];
  const ms = (k) => f((a[k] ?? 0) / 1000 / n(kind));
  console.log(`| ${kind} | ${ms('task')} | ${ms('script')} | ${ms('style')} | ${ms('layout')} | ${ms('paint')} | ${ms('compositor')} | ${ms('gc')} |`);
}
console.log('');
const sums = {};
for (const e of ev) if (e.ph === 'X' && e.dur) sums[e.name] = (sums[e.name] || 0) + e.dur / 1000;
const top = Object.entries(sums).sort((a, b) => b[1] - a[1]).slice(0, 16);
for (const [name, ms] of top) console.log(name.padEnd(40), (ms / ROUNDS).toFixed(2), 'ms per search typed and cleared');
await browser.close();
