// The long tasks of home's first load, as Lighthouse's mobile profile would meet them:
// Debian's Chromium signs USER in through the app's form, its HTTP cache and service worker
// are emptied, the CPU is slowed 4× (CDP `Emulation.setCPUThrottlingRate`), and a Chrome
// trace of loading PATH is recorded. Prints every main-thread task over 50 ms (after the
// slow-down) with what runs in it (timers, network callbacks, script, wasm compiles, the
// app's `performance.measure` marks), and the blocking time (the sum of each task's time
// over 50 ms, from the first paint until the page is quiet), which approximates
// Lighthouse's TBT. V8's in-process cache of compiled wasm is off (see the launch), so the
// wasm's functions are compiled as on a first visit.
//   node scripts/trace-home.mjs BASE_URL [USER] [PATH] [OUT.json]
import { chromium } from 'playwright-core';
import { signInWithEmptyCaches } from './sign-in-fresh.mjs';
import { writeFileSync } from 'node:fs';

const [base, user = 'rm01', path = '/', out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  // V8 keeps a compiled wasm module per renderer process and hands it to the next load of
  // the same bytes (`--wasm-native-module-cache`): the trace's page would then start with
  // whatever the sign-in's page compiled, a warm start no first visit has. Off here.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
    '--js-flags=--no-wasm-native-module-cache'],
});
const context = await browser.newContext({ viewport: { width: 412, height: 823 }, locale: 'en-US' });
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
const cdp = await signInWithEmptyCaches(context, page, base, user, 'clientbook-demo');

await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const done = new Promise((go) => cdp.once('Tracing.tracingComplete', go));
await cdp.send('Tracing.start', {
  categories: [
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'v8',
    'v8.wasm',
    'disabled-by-default-v8.wasm.detailed',
    'blink.user_timing',
    'loading',
  ].join(','),
  transferMode: 'ReportEvents',
});
await page.goto(`${base}${path}`);
await page.waitForSelector('.home-page .dashboard-grid, .home-page .empty-state', { timeout: 60_000 });
await page.waitForLoadState('networkidle');
await page.waitForTimeout(3000);
await cdp.send('Tracing.end');
await done;
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
await browser.close();
if (out) writeFileSync(out, JSON.stringify(events));

// The renderer's main thread: the thread named CrRendererMain of the process with the page.
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' &&
  events.some((x) => x.pid === e.pid && x.name === 'RunTask' && x.dur > 10_000));
const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
const fcp = onMain.find((e) => e.name === 'firstContentfulPaint')?.ts ??
  events.find((e) => e.name === 'firstContentfulPaint')?.ts ?? 0;
const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const t0 = events.find((e) => e.name === 'navigationStart')?.ts ?? tasks[0].ts;
const interesting = new Set([
  'TimerFire', 'FunctionCall', 'EvaluateScript', 'v8.compileModule', 'ResourceReceiveResponse',
  'ResourceFinish', 'XHRReadyStateChange', 'FireAnimationFrame', 'Layout', 'UpdateLayoutTree',
  'Paint', 'ParseHTML', 'v8.wasm.compileLazy', 'wasm.CompileLazy', 'V8.GCScavenger', 'MinorGC',
  'MajorGC', 'RunMicrotasks', 'v8.callFunction', 'EventDispatch', 'HandlePostMessage',
]);
let blocking = 0;
const ms = (us) => (us / 1000).toFixed(0);
console.log(`first contentful paint at ${ms(fcp - t0)} ms`);
for (const t of tasks) {
  if (t.dur <= 50_000) continue;
  if (t.ts + t.dur > fcp) blocking += t.dur - 50_000;
  const inner = onMain.filter((e) => e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t);
  const byName = new Map();
  for (const e of inner) {
    if (!interesting.has(e.name) && !e.name.toLowerCase().includes('wasm') && e.cat !== 'blink.user_timing') continue;
    const k = e.cat === 'blink.user_timing' ? `mark ${e.name}` : e.name;
    const v = byName.get(k) ?? { n: 0, dur: 0 };
    v.n += 1;
    v.dur += e.dur ?? 0;
    byName.set(k, v);
  }
  const what = [...byName.entries()]
    .sort((a, b) => b[1].dur - a[1].dur)
    .slice(0, 8)
    .map(([k, v]) => `${k}×${v.n} ${ms(v.dur)}`)
    .join(', ');
  console.log(`task at ${ms(t.ts - t0)} ms: ${ms(t.dur)} ms — ${what}`);
}
const marks = onMain.filter((e) => e.cat === 'blink.user_timing' && e.ph !== 'R' && e.ph !== 'I');
for (const m of marks) console.log(`  measure ${m.name} at ${ms(m.ts - t0)} ms`);
console.log(`blocking time (4× CPU, tasks after first paint): ${ms(blocking)} ms`);
if (problems.length) console.log(`problems: ${problems.join('; ')}`);
