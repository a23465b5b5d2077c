// The dashboard screens at desk and tablet sizes: home, customers (filters in the URL),
// satisfaction and the branch view; numbers checked against the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot } from './support.mjs';

let browser;
let book;
let policy;

const aum = (c) =>
  c.holdings.filter((h) => !['Loan', 'CreditCard'].includes(h.family)).reduce((s, h) => s + h.balance, 0);
const tierOf = (c) => {
  const t = policy.tiers;
  const a = aum(c);
  return a >= t.private_banking ? 'PrivateBanking' : a >= t.diamond ? 'Diamond' : a >= t.platinum ? 'Platinum' : a >= t.gold ? 'Gold' : 'Standard';
};

before(async () => {
  browser = await launchBrowser();
  const api = await apiAs('rm02');
  book = await (await api.get('/api/book')).json();
  policy = await (await api.get('/api/policy')).json();
  await api.dispose();
});

after(async () => {
  await browser?.close();
});

async function noHorizontalScroll(page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);
}

for (const viewport of ['desk', 'tablet', 'tablet-portrait']) {
  test(`every screen renders without errors at ${viewport} size`, async () => {
    const page = await newPage(browser, viewport);
    await signIn(page, 'rm02');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.getByTestId('total-aum').waitFor();
    // Home's panels are drawn one per frame after the figures (src/pages/home.rs).
    await page.locator('[role=img][aria-label]').nth(1).waitFor();
    const charts = await page.locator('[role=img][aria-label]').count();
    assert.ok(charts >= 2, `home has charts with text alternatives (${charts})`);
    await noHorizontalScroll(page);
    await screenshot(page, `home-rm02-${viewport}`);

    await page.goto('/customers');
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.locator('[data-customer-id]').first().waitFor();
    await noHorizontalScroll(page);
    await screenshot(page, `customers-rm02-${viewport}`);

    await page.goto('/satisfaction');
    await page.getByRole('heading', { name: 'Customer satisfaction' }).waitFor();
    await page.getByTestId('improve-first').waitFor();
    await noHorizontalScroll(page);
    await screenshot(page, `satisfaction-${viewport}`);

    await page.goto('/no-such-page');
    await page.getByText(/not found/i).first().waitFor();
    assert.deepEqual(page.problems, [], 'no errors or CSP violations in the console');
    await page.context().close();
  });
}

test('a tier filter lives in the URL, matches the scoring, and Back removes it', async () => {
  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm02');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/customers');
  await page.getByRole('heading', { name: 'Customers' }).waitFor();
  const total = Number(await page.getByTestId('customers-total').getAttribute('data-count'));
  assert.equal(total, book.customers.length);

  await page.getByLabel('Tier').selectOption('gold');
  await page.waitForURL(/tier=gold/);
  const expectedGold = book.customers.filter((c) => tierOf(c) === 'Gold').length;
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=customers-shown]')?.getAttribute('data-count') === String(n),
    expectedGold,
  );
  const tiers = await page.locator('[data-customer-id] [data-tier]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-tier')),
  );
  assert.ok(tiers.length > 0);
  assert.ok(tiers.every((t) => t === 'Gold'), `only Gold rows: ${[...new Set(tiers)]}`);

  // A bookmark of the filtered view opens the same view.
  const url = page.url();
  await page.goto(url);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=customers-shown]')?.getAttribute('data-count') === String(n),
    expectedGold,
  );

  await page.goBack();
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=customers-shown]')?.getAttribute('data-count') === String(n),
    total,
  );
  await page.context().close();
});

test('sorting by churn risk puts the rows in descending order', async () => {
  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm02');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/customers?sort=churn&dir=desc');
  await page.locator('[data-customer-id] [data-churn]').first().waitFor();
  const churn = await page.locator('[data-customer-id] [data-churn]').evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-churn'))),
  );
  for (let i = 1; i < churn.length; i++) {
    assert.ok(churn[i - 1] >= churn[i], `churn risk descending at row ${i}: ${churn}`);
  }
  await page.context().close();
});

test('a branch manager sees the books of their branch side by side; an RM does not', async () => {
  const api = await apiAs('manager01');
  const branchBook = await (await api.get('/api/book')).json();
  await api.dispose();
  const rms = new Set(branchBook.customers.map((c) => String(c.rm_id)));

  const page = await newPage(browser, 'tablet');
  await signIn(page, 'manager01');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Branch' }).click();
  const rows = page.locator('[data-testid=branch-books] tr[data-rm-id]');
  await rows.first().waitFor();
  const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-rm-id')));
  assert.deepEqual(new Set(shown), rms, 'one row per RM of the branch, and no other');
  await screenshot(page, 'branch-tablet');
  await page.context().close();

  const rmPage = await newPage(browser, 'desk');
  await signIn(rmPage, 'rm03');
  await rmPage.getByRole('heading', { name: 'My book' }).waitFor();
  await rmPage.goto('/branch');
  await rmPage.getByTestId('not-for-role').waitFor();
  await rmPage.context().close();
});
