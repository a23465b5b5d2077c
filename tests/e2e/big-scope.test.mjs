// The screens of a scope too big for the browser (docs/rules.md, Big scopes), on this
// test's own server: a small demo bank on a fresh SQLite file and a free port (the
// binary from CLIENTBOOK_SERVER_BIN, the app from dist/), with the policy's browser
// limit lowered (PUT /api/policy as admin) so that manager01's branch counts as big.
// Home shows the server's figures with today's work (care counts and the soonest items,
// each a link), the customer list pages through GET /api/customers (next, previous, a
// tier filter, a search, the total) and opens a customer; the whole book is never asked
// for. At desk and tablet sizes, with screenshots and axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { request } from 'playwright-core';
import {
  launchBrowser,
  appSignInForm,
  screenshot,
  expectAccessible,
  freshDir,
  startOwnServer,
  ownServerPage,
  PASSWORD,
} from './support.mjs';

const BIN = process.env.CLIENTBOOK_SERVER_BIN;
const SKIP = BIN ? false : 'CLIENTBOOK_SERVER_BIN is not set: it names the clientbook-server binary this test starts';
/** The policy's browser limit on this test's bank: below manager01's branch. */
const LIMIT = 50;

let browser;
let server;
let baseURL;

/** An API client of this test's server signed in as `username`. */
async function api(username) {
  const client = await request.newContext({ baseURL });
  const r = await client.post('/api/session', { data: { username, password: PASSWORD } });
  assert.equal(r.status(), 200, `sign-in of ${username}`);
  return client;
}

async function json(client, path) {
  const r = await client.get(path);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return r.json();
}

before(async () => {
  if (SKIP) return;
  const db = join(freshDir(), 'big-scope.sqlite');
  ({ server, baseURL } = await startOwnServer(BIN, ['--database-url', `sqlite://${db}`, '--demo-customers', '600']));
  const admin = await api('admin');
  const policy = await json(admin, '/api/policy');
  policy.scale = { ...(policy.scale ?? {}), browser_book_max_customers: LIMIT };
  const r = await admin.put('/api/policy', { data: policy });
  assert.equal(r.status(), 200, await r.text());
  await admin.dispose();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

async function signIn(p, username) {
  await p.goto('/');
  await appSignInForm(p);
  await p.getByLabel('Username').fill(username);
  await p.getByLabel('Password').fill(PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

/** The ids of the rows on the list's page now. */
async function rowIds(p) {
  return p
    .locator('[data-testid=big-list] tbody tr')
    .evaluateAll((rows) => rows.map((r) => Number(r.dataset.customerId)));
}

/** Waits until the list shows page `n` with its rows loaded. */
async function onPage(p, n) {
  await p.locator(`[data-testid=big-list-page][data-page="${n}"]`).waitFor();
  await p.locator('[data-testid=big-list] tbody tr').first().waitFor();
}

for (const viewport of ['desk', 'tablet']) {
  test(`a branch too big for the browser: home and the paged customer list at ${viewport} size`, { skip: SKIP }, async () => {
    const manager = await api('manager01');
    const size = await json(manager, '/api/scope');
    assert.ok(size.server_figures, `the branch (${size.customers}) is above ${LIMIT}`);
    const figures = await json(manager, '/api/scope/figures');
    const first = await json(manager, '/api/customers?sort=aum_desc&limit=50');
    assert.ok(first.total > 100, 'more than two pages');

    const p = await ownServerPage(browser, baseURL, viewport);
    await signIn(p, 'manager01');
    await p.getByTestId('server-figures').first().waitFor();
    await p.getByTestId('server-care').waitFor();
    const count = await p.getByTestId('customer-count').getAttribute('data-count');
    assert.equal(Number(count), figures.figures.summary.customers);
    // Today's work: each kind's count is the scope's, and its items link to customers.
    const counts = figures.figures.summary.care_counts;
    let listed = 0;
    const byKind = { overdue: counts.contacts_overdue, birthday: counts.birthdays, maturity: counts.maturities };
    for (const [kind, n] of Object.entries(byKind)) {
      const group = p.locator(`[data-testid=server-care] [data-work=${kind}]`);
      assert.equal(Number(await group.getAttribute('data-count')), n, kind);
      const links = await group.locator('a[href^="/customers/"]').count();
      assert.ok(links <= Math.min(n, 5), `${kind}: ${links} listed of ${n}, the soonest five at most`);
      listed += links;
    }
    assert.ok(listed > 0, 'some care is listed, each a link to the customer');
    await p.getByTestId('home-complaints').waitFor();
    // CSAT is the share of satisfied answers, 0–100, as the server counted it (it was once
    // shown as 100 times itself: "4271.6%").
    const csat = figures.figures.summary.satisfaction.total;
    if (csat.csat_responses > 0) {
      const shown = Number(await p.getByTestId('server-csat').innerText());
      assert.ok(shown >= 0 && shown <= 100, `CSAT ${shown}`);
      const expected = (csat.csat_satisfied * 100) / csat.csat_responses;
      assert.ok(Math.abs(shown - expected) <= 0.05 + 1e-9, `CSAT ${shown}, counted ${expected}`);
    }
    await screenshot(p, `big-scope-home-${viewport}`);
    await expectAccessible(p, `big scope home ${viewport}`);

    // The customer list: the server's first page, in AUM order, with the total.
    await p.goto('/customers');
    await p.getByTestId('server-list').waitFor();
    await onPage(p, 1);
    assert.equal(Number(await p.getByTestId('customers-total').getAttribute('data-count')), first.total);
    assert.deepEqual(await rowIds(p), first.items.map((c) => c.id));
    await screenshot(p, `big-scope-list-${viewport}`);
    await expectAccessible(p, `big scope list ${viewport}`);

    // Next and previous.
    await p.getByTestId('big-list-next').click();
    await onPage(p, 2);
    const second = await json(manager, `/api/customers?sort=aum_desc&limit=50&cursor=${encodeURIComponent(first.next_cursor)}`);
    assert.deepEqual(await rowIds(p), second.items.map((c) => c.id));
    assert.equal(await p.getByTestId('big-list-rows').getAttribute('data-first'), '51');
    await p.getByTestId('big-list-previous').click();
    await onPage(p, 1);
    assert.deepEqual(await rowIds(p), first.items.map((c) => c.id));
    assert.ok(await p.getByTestId('big-list-previous').isDisabled(), 'no page before the first');

    // A tier filter: every row of that tier, the total the server counts, page one again.
    await p.getByTestId('big-list-next').click();
    await onPage(p, 2);
    await p.locator('#filter-tier').selectOption('gold');
    await p.waitForURL(/tier=gold/);
    await onPage(p, 1);
    await p.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid=big-list] tbody tr td:nth-child(3)')];
      return cells.length > 0 && cells.every((c) => c.textContent === 'Gold');
    });
    const gold = Number(await p.getByTestId('customers-total').getAttribute('data-count'));
    assert.ok(gold > 0 && gold < first.total, `${gold} gold of ${first.total}`);
    await p.locator('#filter-tier').selectOption('');
    await p.waitForURL((u) => !u.search.includes('tier='));

    // A search by the last digits of a customer's mobile number finds that customer.
    const target = second.items[3];
    const record = await json(manager, `/api/customers/${target.id}`);
    assert.ok(record.customer.name, 'the record loads');
    const tail = target.phone.slice(-4);
    await p.getByTestId('big-list-search').fill(tail);
    await p.getByTestId('big-list-search').press('Enter');
    await p.waitForURL(new RegExp(`q=${tail}`));
    const found = await json(manager, `/api/customers?q=${tail}&sort=aum_desc&limit=50`);
    await p.locator(`[data-testid=customers-total][data-count="${found.total}"]`).waitFor();
    await onPage(p, 1);
    assert.ok((await rowIds(p)).includes(target.id), `${tail} finds customer ${target.id}`);
    await screenshot(p, `big-scope-search-${viewport}`);

    // Opening a customer from the list.
    await p.locator(`[data-testid=big-list] tr[data-customer-id="${target.id}"] a`).click();
    await p.waitForURL(new RegExp(`/customers/${target.id}$`));
    await p.getByTestId('customer-header').waitFor();
    await screenshot(p, `big-scope-customer-${viewport}`);

    assert.ok(p.requested.includes('/api/customers'), 'the list came from the server');
    assert.ok(!p.requested.includes('/api/book/columns'), `no whole book: ${p.requested.join(' ')}`);
    assert.ok(!p.requested.includes('/api/book'), 'no whole book');
    assert.deepEqual(p.problems, []);
    await p.context().close();
    await manager.dispose();
  });
}
