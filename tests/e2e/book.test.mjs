// The first screen: sign in, see one's own book and nobody else's, at desk and tablet sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, appSignInForm, apiAs, screenshot, BASE_URL } from './support.mjs';

let browser;
let rm01Ids;
let rm02Ids;

before(async () => {
  browser = await launchBrowser();
  for (const [user, set] of [['rm01', (s) => (rm01Ids = s)], ['rm02', (s) => (rm02Ids = s)]]) {
    const api = await apiAs(user);
    const res = await api.get('/api/book');
    assert.equal(res.status(), 200);
    set(new Set((await res.json()).customers.map((c) => String(c.id))));
    await api.dispose();
  }
  assert.ok(rm01Ids.size > 0, 'rm01 has customers in the demo bank');
  assert.ok(rm02Ids.size > 0, 'rm02 has customers in the demo bank');
});

after(async () => {
  await browser?.close();
});

for (const viewport of ['desk', 'tablet']) {
  test(`an RM signs in and sees exactly their own book (${viewport})`, async () => {
    const page = await newPage(browser, viewport);
    await signIn(page, 'rm01');
    await page.getByRole('heading', { name: 'My book' }).waitFor();

    const count = page.getByTestId('customer-count');
    await count.waitFor();
    const shown = Number((await count.innerText()).replace(/[^0-9]/g, ''));
    assert.equal(shown, rm01Ids.size, 'the count matches the API');
    await screenshot(page, `home-${viewport}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    const rows = page.locator('[data-customer-id]');
    await rows.first().waitFor();
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-customer-id')));
    assert.ok(ids.length > 5, `several rows are rendered (got ${ids.length})`);
    assert.ok(ids.length < 200, `the list is virtualised: ${ids.length} rows in the DOM`);
    for (const id of ids) {
      assert.ok(rm01Ids.has(id), `row ${id} belongs to rm01`);
      assert.ok(!rm02Ids.has(id), `row ${id} is not one of rm02's customers`);
    }

    const tiers = await page.locator('[data-tier]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-tier')),
    );
    assert.ok(tiers.length > 0, 'tier badges are shown');
    for (const t of tiers) {
      assert.ok(['Standard', 'Gold', 'Platinum', 'Diamond', 'PrivateBanking'].includes(t), t);
    }

    // No horizontal scrolling at tablet sizes.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);

    await screenshot(page, `customers-${viewport}`);
    assert.deepEqual(page.problems, [], 'no errors in the console');
    await page.context().close();
  });
}

test('the richest customer of the book is listed first with a tier badge computed from the policy', async () => {
  const api = await apiAs('rm01');
  const book = await (await api.get('/api/book')).json();
  const policy = await (await api.get('/api/policy')).json();
  await api.dispose();
  const aum = (c) =>
    c.holdings
      .filter((h) => !['Loan', 'CreditCard'].includes(h.family))
      .reduce((s, h) => s + h.balance, 0);
  const top = [...book.customers].sort((a, b) => aum(b) - aum(a))[0];
  const t = policy.tiers;
  const a = aum(top);
  const expected =
    a >= t.private_banking ? 'PrivateBanking' : a >= t.diamond ? 'Diamond' : a >= t.platinum ? 'Platinum' : a >= t.gold ? 'Gold' : 'Standard';

  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/customers');
  const firstRow = page.locator('[data-customer-id]').first();
  await firstRow.waitFor();
  assert.equal(await firstRow.getAttribute('data-customer-id'), String(top.id));
  assert.equal(await firstRow.locator('[data-tier]').getAttribute('data-tier'), expected);
  await page.context().close();
});

test('a wrong password gets a clear message and no session', async () => {
  const page = await newPage(browser, 'tablet');
  await page.goto('/');
  await appSignInForm(page);
  await page.getByLabel('Username').fill('rm03');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /wrong username or password/i);
  const me = await page.request.get('/api/me');
  assert.equal(me.status(), 401);
  await screenshot(page, 'login-error-tablet');
  await page.context().close();
});

test('the book is not reachable without a session', async () => {
  const res = await fetch(`${BASE_URL}/api/book`);
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(typeof body.code, 'string');
  assert.equal(typeof body.message, 'string');
});

test('signing out ends the session and returns to the sign-in page', async () => {
  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm04');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').waitFor();
  assert.equal((await page.request.get('/api/book')).status(), 401);
  await page.context().close();
});

test('the language switch changes the labels and is remembered', async () => {
  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm05');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('heading', { name: '我的客户' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await screenshot(page, 'book-desk-zh');
  await page.reload();
  await page.getByRole('heading', { name: '我的客户' }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.context().close();
});
