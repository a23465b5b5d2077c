// Interaction in Chromium on the release build (issue 16), driven by scripts/bench-interaction.sh:
//   node scripts/bench-interaction.mjs   (CLIENTBOOK_E2E_URL = the server, BENCH_RUNS = runs)
// For each user (an RM's book, a big-scope user) and each size (desk, tablet), BENCH_RUNS
// fresh sessions; in each, every step is timed inside the page, from the user's action
// (the same DOM event a user sends) to the next paint after the page shows its result
// (a MutationObserver sees the result, then requestAnimationFrame + a task = that frame
// was painted). Steps:
//   sign-in → home     click "Sign in" → home's customer count drawn (book loaded, scored)
//   open the list      click "Customers" → the first rows of the list
//   search keystroke   one `input` event in the search box → the "showing n of N" count
//   search, plain JS   the same search over the same names by a hand-written JS array
//                      filter + a DOM update of the count and 40 one-line rows, in the
//                      same page (the first baseline, kept to compare with earlier runs)
//   search, plain JS (same rows)   the same, drawing what the app draws: as many rows as
//                      the app has in view for that search, each of the app's eight cells
//                      with its markup and classes, in a table of the app's size
//   search keystroke, warm / search, plain JS (same rows), warm   the same two after the
//                      search was typed and cleared three times: the first keystroke of
//                      a session also compiles the code it runs (V8 compiles a wasm
//                      function on its first call), which the plain JS hardly has
//   filter click       the tier filter set → the count changes
//   sort               a header clicked → another first row
//   scroll 5 s         the list scrolled a little every frame: frames longer than 1.5×
//                      the median frame (dropped) out of all frames
//   open a customer    click a row's name → the customer page's header; at desk size the
//                      pointer rests on the name 300 ms before the click, on the tablet
//                      a tap (pointer down, up, click at once): the app fetches the
//                      customer page's code on the pointer's intent (src/app.rs)
//   what-if            "apply" of an added product → the what-if's AUM changes
// Prints a Markdown table of medians (and min–max) on stdout; speed is reported, never
// asserted. Exits non-zero only when a step could not be done at all.
import { chromium } from 'playwright-core';
import { appendFileSync } from 'node:fs';

const BASE_URL = process.env.CLIENTBOOK_E2E_URL ?? 'http://127.0.0.1:8080';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// BENCH_STEPS=home: only sign-in → home and a reload of home (the steps a bank of a
// million can give: its big scopes' lists page from the server, with no search in the page).
const HOME_ONLY = process.env.BENCH_STEPS === 'home';
const USERS = (process.env.BENCH_USERS ?? 'rm01,compliance01').split(',');
const SIZES = { desk: { width: 1440, height: 900 }, tablet: { width: 1024, height: 768 } };
const PASSWORD = 'clientbook-demo';
const STEP_LIMIT_MS = 120_000;

const log = (...a) => console.error('  ', ...a);

// The page's side of the timing, installed before any page script (no eval: the app's
// Content-Security-Policy forbids it). Actions and conditions are named, with arguments.
function pageHelpers() {
  const shown = () => document.querySelector('[data-testid=customers-shown]')?.getAttribute('data-count');
  const actions = {
    click: (sel) => document.querySelector(sel).click(),
    // A finger's tap as the page sees it first: the pointer comes down on the element,
    // then the click (the app starts fetching a lazy page's code on the pointer down).
    tap: (sel) => {
      const el = document.querySelector(sel);
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, pointerType: 'touch', isPrimary: true }));
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, pointerType: 'touch', isPrimary: true }));
      el.click();
    },
    navTo: (href) => [...document.querySelectorAll('nav a')].find((a) => a.getAttribute('href') === href).click(),
    input: (id, value) => {
      const el = document.getElementById(id);
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    change: (id, value) => {
      const el = document.getElementById(id);
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
  };
  const conditions = {
    exists: (...sels) => sels.every((sel) => !!document.querySelector(sel)),
    shownIs: (v) => shown() === v,
    shownIsNot: (v) => shown() !== undefined && shown() !== v,
    attrIsNot: (sel, attr, v) => document.querySelector(sel)?.getAttribute(attr) !== v,
    textIsNot: (sel, v) => {
      const el = document.querySelector(sel);
      return !!el && el.innerText !== v;
    },
  };
  // When home's customer count is first drawn and painted, in ms since the navigation
  // began (what `reload → home` reads).
  const counted = new MutationObserver(() => {
    if (document.querySelector('[data-testid=customer-count]')) {
      counted.disconnect();
      requestAnimationFrame(() => setTimeout(() => (window.__countAt = performance.now()), 0));
    }
  });
  counted.observe(document, { subtree: true, childList: true });
  window.__bench = ([act, ...actArgs], [cond, ...condArgs], limit) =>
    new Promise((resolve, reject) => {
      const ok = () => conditions[cond](...condArgs);
      let finished = false;
      const t0 = performance.now();
      const finish = () => {
        if (finished) return;
        finished = true;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      };
      const observer = new MutationObserver(() => ok() && finish());
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      setTimeout(() => {
        if (finished) return;
        observer.disconnect();
        reject(new Error(`${cond}(${condArgs.join(', ')}) not seen ${limit} ms after ${act}`));
      }, limit);
      actions[act](...actArgs);
      if (ok()) finish();
    });
}

/** Milliseconds from `action` to the next paint after `condition` first holds. */
async function timed(page, action, condition) {
  return page.evaluate(([a, c, limit]) => window.__bench(a, c, limit), [action, condition, STEP_LIMIT_MS]);
}

/** The search drawn by hand with the app's own rows (see the header): its milliseconds. */
async function plainSameRows(page, names, query, rows) {
  return page.evaluate(
    ({ names, query, rows }) =>
      new Promise((resolve) => {
        const app = document.querySelector('.book-table');
        const box = app.getBoundingClientRect();
        const rowHeight = document.querySelector('.book-body > .book-row').getBoundingClientRect().height;
        // The texts of the app's first row stand for the figures (tier, AUM, churn, ...).
        const cells = [...document.querySelectorAll('.book-body > .book-row')[0].children].map((c) => c.textContent);
        const host = document.createElement('div');
        host.className = 'book-table';
        host.style.cssText = `position:fixed;left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;z-index:9`;
        const count = document.createElement('p');
        const body = document.createElement('div');
        body.className = 'book-body';
        host.append(count, body);
        document.body.append(host);
        const el = (tag, cls, text) => {
          const e = document.createElement(tag);
          if (cls) e.className = cls;
          if (text !== undefined) e.textContent = text;
          return e;
        };
        const t0 = performance.now();
        const q = query.toLowerCase();
        const hits = names.filter(([, name]) => name.toLowerCase().includes(q));
        count.textContent = `Showing ${hits.length} of ${names.length}`;
        const made = hits.slice(0, rows).map(([id, name, phone], k) => {
          const row = el('div', 'book-row');
          row.setAttribute('role', 'row');
          row.setAttribute('aria-rowindex', String(k + 2));
          row.dataset.customerId = id;
          row.style.transform = `translateY(${k * rowHeight}px)`;
          const cell = (cls) => {
            const c = el('div', `cell ${cls}`);
            c.setAttribute('role', 'cell');
            return c;
          };
          const label = (text) => {
            const l = el('span', 'card-label', text);
            l.setAttribute('aria-hidden', 'true');
            return l;
          };
          const nameCell = cell('col-name');
          const a = el('a', 'customer-name', name);
          a.href = `/customers/${id}`;
          nameCell.append(a, el('span', 'customer-phone', phone));
          const tier = cell('col-tier');
          tier.append(el('span', 'tier-badge tier-gold', cells[1]));
          const aum = cell('col-aum');
          aum.append(el('span', 'money', cells[2]));
          const churn = cell('col-churn');
          churn.append(label('Churn'), el('span', 'churn churn-low', '12'), el('span', 'visually-hidden', 'Low'));
          const value = cell('col-value');
          value.textContent = cells[4];
          const last = cell('col-contact');
          last.append(label('Last contact'), document.createTextNode('2026-10-01'));
          const next = cell('col-next');
          next.append(label('Next contact'), document.createTextNode('2026-12-01'));
          const risk = cell('col-risk');
          risk.append(el('span', '', 'C3'));
          row.append(nameCell, tier, aum, churn, value, last, next, risk);
          return row;
        });
        body.replaceChildren(...made);
        requestAnimationFrame(() =>
          setTimeout(() => {
            const ms = performance.now() - t0;
            host.remove();
            resolve({ ms, hits: hits.length, rows: made.length });
          }, 0),
        );
      }),
    { names, query, rows },
  );
}

async function oneRun(browser, user, size, results) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: SIZES[size], locale: 'en-US' });
  await context.addInitScript(pageHelpers);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  const record = (step, ms) => {
    const key = `${user}\t${size}\t${step}`;
    (results.get(key) ?? results.set(key, []).get(key)).push(ms);
  };
  try {
    await page.goto('/');
    await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('form.login-card #username'));
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill(PASSWORD);
    record('sign-in → home', await timed(page, ['click', 'form.login-card button[type=submit]'], ['exists', '[data-testid=customer-count]']));
    const total = Number(await page.getByTestId('customer-count').getAttribute('data-count'));
    if (HOME_ONLY) {
      // A reload, as a relationship manager opening the app again: from the navigation's
      // start to the first paint after home's customer count is drawn.
      await page.reload({ waitUntil: 'commit' });
      await page.waitForFunction(() => window.__countAt !== undefined, null, { timeout: STEP_LIMIT_MS });
      record('reload → home', await page.evaluate(() => window.__countAt));
      record('customers in scope (count)', total);
      if (problems.length) throw new Error(problems.join('\n'));
      return;
    }

    record('open the list', await timed(page, ['navTo', '/customers'], ['exists', '[data-customer-id]']));
    const before = await page.getByTestId('customers-shown').getAttribute('data-count');

    // A search that narrows: the first three characters of the second row's name.
    const query = (await page.locator('[data-customer-id] .customer-name').nth(1).innerText()).trim().slice(0, 3);
    record('search keystroke', await timed(page, ['input', 'customer-search', query], ['shownIsNot', before]));
    const appShown = await page.getByTestId('customers-shown').getAttribute('data-count');
    await timed(page, ['input', 'customer-search', ''], ['shownIs', before]);

    // The same search written by hand: the names of the book (the same masked book the
    // app has, from the API, outside the timing), an array filter, a count and rows, two
    // ways: (1) the first baseline, 40 one-line rows in a box of its own; (2) the rows the
    // app draws: as many as the app has in view for this search, each the app's markup
    // (eight cells, the same elements, classes and roles, the texts of a row of the app
    // for the figures the script does not compute), placed like the app's rows in a copy
    // of the app's table (same classes, so the same stylesheet, and the same size).
    const names = await page.evaluate(async () => {
      const book = await (await fetch('/api/book')).json();
      return book.customers.map((c) => [String(c.id), c.name, c.phone]);
    });
    await timed(page, ['input', 'customer-search', query], ['shownIsNot', before]);
    const appRows = await page.locator('.book-body > [data-customer-id]').count();
    await timed(page, ['input', 'customer-search', ''], ['shownIs', before]);
    const plain = await page.evaluate(
      ({ names, query }) =>
        new Promise((resolve) => {
          const host = document.createElement('div');
          host.style.cssText = 'position:fixed;left:0;top:0;width:600px;height:400px;overflow:hidden;background:#fff;z-index:9';
          document.body.append(host);
          const t0 = performance.now();
          const q = query.toLowerCase();
          const hits = names.filter(([, name]) => name.toLowerCase().includes(q));
          const count = document.createElement('p');
          count.textContent = `Showing ${hits.length} of ${names.length}`;
          const list = document.createElement('div');
          for (const [id, name] of hits.slice(0, 40)) {
            const row = document.createElement('div');
            row.dataset.id = id;
            row.textContent = name;
            list.append(row);
          }
          host.replaceChildren(count, list);
          requestAnimationFrame(() =>
            setTimeout(() => {
              const ms = performance.now() - t0;
              host.remove();
              resolve({ ms, hits: hits.length });
            }, 0),
          );
        }),
      { names, query },
    );
    const same = await plainSameRows(page, names, query, appRows);
    record('search, plain JS (same rows)', same.ms);
    record('search, plain JS', plain.ms);
    // The same two once warm: the first keystroke of a session runs code the engine has
    // not compiled yet (V8 compiles a wasm function on its first call, then optimises
    // the hot ones), which the few lines of plain JS hardly have. Typed and cleared three
    // times untimed, then three of each timed.
    for (let k = 0; k < 3; k++) {
      await timed(page, ['input', 'customer-search', query], ['shownIsNot', before]);
      await timed(page, ['input', 'customer-search', ''], ['shownIs', before]);
      await plainSameRows(page, names, query, appRows);
    }
    for (let k = 0; k < 3; k++) {
      record('search keystroke, warm', await timed(page, ['input', 'customer-search', query], ['shownIsNot', before]));
      await timed(page, ['input', 'customer-search', ''], ['shownIs', before]);
      record('search, plain JS (same rows), warm', (await plainSameRows(page, names, query, appRows)).ms);
    }
    if (results.get(`${user}\t${size}\tsearch keystroke`).length === 1) {
      log(`${user} ${size}: search "${query}": the app shows ${appShown} (${appRows} rows drawn), plain JS ${plain.hits} (${same.rows} rows drawn), of ${names.length}`);
    }

    const tier = await page.locator('#filter-tier option').nth(1).getAttribute('value');
    record('filter click', await timed(page, ['change', 'filter-tier', tier], ['shownIsNot', before]));
    await timed(page, ['change', 'filter-tier', ''], ['shownIs', before]);

    const first = await page.locator('[data-customer-id]').first().getAttribute('data-customer-id');
    record('sort', await timed(page, ['click', '.col-name button'], ['attrIsNot', '[data-customer-id]', 'data-customer-id', first]));

    const frames = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('.book-table');
          const times = [];
          const t0 = performance.now();
          const step = (t) => {
            times.push(t);
            el.scrollTop += 40;
            if (t - t0 < 5000) requestAnimationFrame(step);
            else {
              const gaps = times.slice(1).map((x, i) => x - times[i]).sort((a, b) => a - b);
              const median = gaps[Math.floor(gaps.length / 2)];
              resolve({ frames: gaps.length, dropped: gaps.filter((g) => g > 1.5 * median).length });
            }
          };
          requestAnimationFrame(step);
        }),
    );
    record('scroll 5 s: frames drawn (count)', frames.frames);
    record('scroll 5 s: frames dropped (count)', frames.dropped);

    // As each size's user opens a customer: at a desk the mouse rests on the name before
    // the click (300 ms here), on a tablet a tap. Either way the app starts fetching the
    // customer page's code on the pointer (over, or down), and the time runs from the click.
    const name = '[data-customer-id] a.customer-name';
    if (size === 'desk') {
      await page.hover(name);
      await page.waitForTimeout(300);
    }
    record(
      'open a customer',
      await timed(page, [size === 'desk' ? 'click' : 'tap', name], ['exists', '[data-testid=customer-header]', '[data-testid=whatif-aum]']),
    );
    const products = await page.locator('#wi-product option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await page.locator('#wi-product').selectOption(products[0]);
    await page.locator('#wi-add-amount').fill('8000000');
    const aum = await page.getByTestId('whatif-aum').innerText();
    record('what-if', await timed(page, ['click', '[data-testid=whatif-apply-add]'], ['textIsNot', '[data-testid=whatif-aum]', aum]));
    record('customers in scope (count)', total);
    if (problems.length) throw new Error(problems.join('\n'));
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const results = new Map();
let failed = 0;
const budgetMs = Number(process.env.BENCH_SECONDS ?? 0) * 1000;
const startedAt = Date.now();
let skipped = 0;
try {
  // Runs outermost, so that a time budget cut short leaves every user and size with the
  // same number of runs (± 1).
  for (let run = 1; run <= RUNS; run++) {
    for (const user of USERS) {
      for (const size of Object.keys(SIZES)) {
        if (budgetMs && Date.now() - startedAt > budgetMs) {
          skipped++;
          continue;
        }
        try {
          await oneRun(browser, user, size, results);
          log(`${user} ${size} run ${run} done`);
        } catch (e) {
          failed++;
          log(`${user} ${size} run ${run} FAILED: ${e.message}`);
        }
      }
    }
  }
} finally {
  await browser.close();
}

console.log(`Milliseconds from the action to the next paint (counts where the step says so), median of the runs (up to ${RUNS}; min–max), each run a fresh session; Chromium headless, release build.`);
console.log('');
console.log('| user | size | step | median | min–max | runs |');
console.log('| --- | --- | --- | ---: | ---: | ---: |');
for (const [key, xs] of results) {
  const [user, size, step] = key.split('\t');
  console.log(`| ${user} | ${size} | ${step} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))} | ${xs.length} |`);
}
console.log('');
const ratios = [];
for (const user of USERS) {
  for (const size of Object.keys(SIZES)) {
    const app = results.get(`${user}\t${size}\tsearch keystroke`);
    const js = results.get(`${user}\t${size}\tsearch, plain JS`);
    const same = results.get(`${user}\t${size}\tsearch, plain JS (same rows)`);
    const warm = results.get(`${user}\t${size}\tsearch keystroke, warm`);
    const sameWarm = results.get(`${user}\t${size}\tsearch, plain JS (same rows), warm`);
    if (app && js) ratios.push(`${user} ${size}: ${(median(app) / median(js)).toFixed(2)}×${same ? ` (÷ the same rows in plain JS: ${(median(app) / median(same)).toFixed(2)}×)` : ''}${warm && sameWarm ? `, warm ÷ the same rows warm: ${(median(warm) / median(sameWarm)).toFixed(2)}×` : ''}`);
  }
}
if (ratios.length) console.log(`Search keystroke, app ÷ plain JS (target ≤ 1.2×): ${ratios.join('; ')}.`);
// Headline figures for scripts/bench.sh's summary table.
const figures = process.env.CLIENTBOOK_BENCH_FIGURES;
const at = (user, size, step) => results.get(`${user}\t${size}\t${step}`);
if (figures) {
  const lines = [];
  for (const user of USERS) {
    const n = at(user, 'desk', 'customers in scope (count)');
    const who = `${user} (${n ? median(n) : '?'} customers)`;
    const cell = (step) =>
      Object.keys(SIZES).map((size) => (at(user, size, step) ? `${fmt(median(at(user, size, step)))}` : '—')).join(' / ');
    lines.push([`sign-in → home in Chromium, ${who}, desk / tablet`, `${cell('sign-in → home')} ms`, '< 2,000 ms (any role, at 1M customers)']);
    if (HOME_ONLY) {
      lines.push([`reload → home in Chromium, ${who}, desk / tablet`, `${cell('reload → home')} ms`, '< 500 ms for an RM\'s unchanged book']);
      continue;
    }
    lines.push([`search keystroke → paint, ${who}, desk / tablet; ÷ plain JS`, `${cell('search keystroke')} ms; ${Object.keys(SIZES).map((size) => (at(user, size, 'search keystroke') && at(user, size, 'search, plain JS') ? (median(at(user, size, 'search keystroke')) / median(at(user, size, 'search, plain JS'))).toFixed(2) + '×' : '—')).join(' / ')}${Object.keys(SIZES).some((size) => at(user, size, 'search, plain JS (same rows)')) ? ` (÷ the same rows in plain JS: ${Object.keys(SIZES).map((size) => (at(user, size, 'search keystroke') && at(user, size, 'search, plain JS (same rows)') ? (median(at(user, size, 'search keystroke')) / median(at(user, size, 'search, plain JS (same rows)'))).toFixed(2) + '×' : '—')).join(' / ')})` : ''}`, '≤ 1.2× hand-written JS']);
    const warmRatio = (size) =>
      at(user, size, 'search keystroke, warm') && at(user, size, 'search, plain JS (same rows), warm')
        ? (median(at(user, size, 'search keystroke, warm')) / median(at(user, size, 'search, plain JS (same rows), warm'))).toFixed(2) + '×'
        : '—';
    lines.push([`search keystroke once warm → paint, ${who}, desk / tablet; ÷ the same rows in plain JS, warm`, `${cell('search keystroke, warm')} ms; ${Object.keys(SIZES).map(warmRatio).join(' / ')}`, '≤ 1.2× hand-written JS']);
    lines.push([`filter / sort / open a customer / what-if, ${who}, desk`, ['filter click', 'sort', 'open a customer', 'what-if'].map((s) => (at(user, 'desk', s) ? fmt(median(at(user, 'desk', s))) : '—')).join(' / ') + ' ms', '(no target; to watch)']);
    lines.push([`scrolling the list 5 s, ${who}, desk: frames dropped of drawn`, `${at(user, 'desk', 'scroll 5 s: frames dropped (count)') ? median(at(user, 'desk', 'scroll 5 s: frames dropped (count)')) : '—'} of ${at(user, 'desk', 'scroll 5 s: frames drawn (count)') ? median(at(user, 'desk', 'scroll 5 s: frames drawn (count)')) : '—'}`, '(no target; to watch)']);
  }
  appendFileSync(figures, lines.map((l) => l.join('\t') + '\n').join(''));
}
if (skipped) {
  console.log(`\n**${skipped} run(s) not started**: the time budget of ${budgetMs / 1000} s was spent (BENCH_SECONDS); see the runs column.`);
}
if (failed) {
  console.log(`\n**${failed} run(s) failed** (see the log); the medians are over the runs that finished.`);
}
process.exit(results.size === 0 ? 1 : 0);
