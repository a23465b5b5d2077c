// Customer 360 and service work on a tablet: reveal (audited), what-if without a request,
// logging a contact that changes the home screen's count, a complaint from received to
// closed, and scoping of deep links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function openCustomer(page, id) {
  await page.goto(`/customers/${id}`);
  await page.getByTestId('customer-header').waitFor();
}

async function firstCustomerOf(user) {
  const api = await apiAs(user);
  const book = await (await api.get('/api/book')).json();
  await api.dispose();
  return book.customers;
}

test('revealing a phone number shows it for a while and is audited', async () => {
  const [customer] = await firstCustomerOf('rm06');
  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm06');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await openCustomer(page, customer.id);
  assert.match(customer.phone, /\*/, 'the book sends the phone masked');

  await page.getByTestId('reveal-phone').click();
  const value = page.getByTestId('value-phone');
  await page.getByTestId('countdown-phone').waitFor();
  const shown = (await value.innerText()).trim();
  assert.doesNotMatch(shown, /\*/, `the full number is shown (${shown})`);
  assert.equal(shown.slice(-4), customer.phone.slice(-4));
  await screenshot(page, 'customer-reveal-tablet');

  const compliance = await apiAs('compliance01');
  const audit = await (await compliance.get(`/api/audit?action=reveal&customer=${customer.id}`)).json();
  await compliance.dispose();
  assert.ok(audit.entries.length >= 1, 'the reveal is in the audit log');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a what-if recomputes the tier in the browser without any request', async () => {
  const customers = await firstCustomerOf('rm07');
  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm07');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  // The poorest customer of the book: adding new money lifts them to private banking.
  const aum = (c) =>
    c.holdings.filter((h) => !['Loan', 'CreditCard'].includes(h.family)).reduce((s, h) => s + h.balance, 0);
  const poorest = [...customers].sort((a, b) => aum(a) - aum(b))[0];
  await openCustomer(page, poorest.id);
  const whatif = page.getByTestId('whatif');
  await whatif.scrollIntoViewIfNeeded();
  assert.notEqual(await whatif.getByTestId('whatif-tier').locator('[data-tier]').getAttribute('data-tier'), 'PrivateBanking');

  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const products = await page.locator('#wi-product option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(products.length > 0, 'the shelf is offered');
  await page.locator('#wi-product').selectOption(products[0]);
  await page.locator('#wi-add-amount').fill('8000000');
  await whatif.getByTestId('whatif-apply-add').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=whatif-tier] [data-tier]')?.getAttribute('data-tier') === 'PrivateBanking',
  );
  assert.deepEqual(requests, [], 'no request was made for the what-if');
  await screenshot(page, 'customer-whatif-desk');

  await whatif.getByTestId('whatif-reset').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=whatif-tier] [data-tier]')?.getAttribute('data-tier') !== 'PrivateBanking',
  );
  await page.context().close();
});

test('logging a contact with an overdue customer lowers the home screen count (tablet)', async () => {
  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm08');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  const overdue = page.locator('.today-group[data-work=overdue]');
  await overdue.waitFor();
  const before = Number(await overdue.getAttribute('data-count'));
  assert.ok(before > 0, 'the demo book has overdue follow-ups');
  const href = await overdue.locator('a[href^="/customers/"]').first().getAttribute('href');

  await overdue.locator(`a[href="${href}"]`).first().click();
  await page.getByTestId('customer-header').waitFor();
  const form = page.getByTestId('contact-form');
  await form.getByText('Visit', { exact: true }).first().click();
  await form.getByLabel('Note').fill('Reviewed the portfolio at the branch.');
  await form.getByTestId('contact-submit').click();
  await page.getByTestId('cv-flash').filter({ hasText: 'Contact logged.' }).waitFor();
  await screenshot(page, 'customer-contact-logged-tablet');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await page.waitForFunction(
    (n) => document.querySelector('.today-group[data-work=overdue]')?.getAttribute('data-count') === String(n),
    before - 1,
  );
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a complaint is recorded and taken from received to closed; closing needs feedback (tablet)', async () => {
  const customers = await firstCustomerOf('rm05');
  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm05');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await openCustomer(page, customers[1].id);

  await page.locator('summary', { hasText: 'Record a complaint' }).click();
  await page.locator('#complaint-description').fill('Waited 50 minutes at the counter; no one explained why.');
  await page.locator('#complaint-request').fill('An apology and a shorter wait next time.');
  await page.getByTestId('complaint-submit').click();
  await page.getByTestId('cv-flash').filter({ hasText: 'Complaint recorded.' }).waitFor();

  const complaint = page.getByTestId('complaints').locator('li.cv-complaint').first();
  assert.equal(await complaint.getAttribute('data-status'), 'Received');
  const id = (await complaint.getAttribute('data-testid')).replace('complaint-', '');
  const step = async (to, fill) => {
    const li = page.getByTestId(`complaint-${id}`);
    if (fill) await fill(li);
    await li.locator(`[data-testid=transition-submit-${id}]`).click();
    await page.waitForFunction(
      ([cid, st]) => document.querySelector(`[data-testid=complaint-${cid}]`)?.getAttribute('data-status') === st,
      [id, to],
    );
  };
  await step('Investigating');
  await step('Resolved', (li) => li.getByLabel('Resolution').fill('Apologised; counter staffing changed at peak hours.'));
  await step('CustomerInformed');

  // Closing without the customer's feedback (or a reason there is none) is refused inline.
  const li = page.getByTestId(`complaint-${id}`);
  await li.locator(`[data-testid=transition-submit-${id}]`).click();
  await li.locator('[data-field=feedback]').filter({ hasText: 'Required' }).waitFor();
  assert.equal(await li.getAttribute('data-status'), 'CustomerInformed');
  await step('Closed', (l) => l.getByLabel("Customer's feedback").fill('Satisfied with the answer.'));
  await screenshot(page, 'customer-complaint-closed-tablet');

  const api = await apiAs('rm05');
  const stored = await (await api.get(`/api/complaints/${id}`)).json();
  await api.dispose();
  assert.equal(stored.status, 'Closed');
  assert.ok(stored.events.length >= 4, 'each step is recorded with who and when');
  await page.context().close();
});

test("another RM's customer is not found, in the API and on the page", async () => {
  const [other] = await firstCustomerOf('rm02');
  const api = await apiAs('rm01');
  assert.equal((await api.get(`/api/customers/${other.id}`)).status(), 404);
  await api.dispose();

  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto(`/customers/${other.id}`);
  await page.getByTestId('customer-not-found').waitFor();
  await page.context().close();
});

for (const viewport of ['desk', 'tablet', 'tablet-portrait']) {
  test(`the customer page fits the ${viewport} screen`, async () => {
    const customers = await firstCustomerOf('rm03');
    const page = await newPage(browser, viewport);
    await signIn(page, 'rm03');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await openCustomer(page, customers[0].id);
    await page.getByTestId('chart-family').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);
    await screenshot(page, `customer-${viewport}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
