// Home's today's work counts open complaints (as GET /api/complaints?state=open lists
// them): recording one on a customer's page raises the count by one, closing it lowers
// it again. On a tablet (1024×768).
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

const GROUP = '[data-testid=home-complaints]';

/** The open-complaints count home shows, once it is loaded. */
async function openCount(page) {
  const group = page.locator(GROUP);
  await group.waitFor();
  await page.waitForFunction((sel) => document.querySelector(sel)?.hasAttribute('data-count'), GROUP);
  return Number(await group.getAttribute('data-count'));
}

async function waitForCount(page, n) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.getAttribute('data-count') === String(want),
    [GROUP, n],
  );
}

async function goHome(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('heading', { name: 'My book' }).waitFor();
}

test('recording a complaint raises the open-complaints count on home and closing it lowers it (tablet)', async () => {
  const api = await apiAs('rm01');
  const book = await (await api.get('/api/book')).json();
  const listed = await (await api.get('/api/complaints?state=open')).json();
  const customer = book.customers[2];

  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  const before = await openCount(page);
  assert.equal(before, listed.complaints.length, 'home counts what the complaints list holds');
  const group = page.locator(GROUP);
  const nearing = Number(await group.getAttribute('data-nearing'));
  const overdue = Number(await group.getAttribute('data-overdue'));
  assert.ok(nearing + overdue <= before, 'nearing and overdue are among the open ones');
  assert.equal(await group.getByRole('link', { name: 'Show the complaints' }).getAttribute('href'), '/complaints');
  await group.scrollIntoViewIfNeeded();
  await screenshot(page, 'home-complaints-before-tablet');

  await page.goto(`/customers/${customer.id}`);
  await page.getByTestId('customer-header').waitFor();
  await page.locator('summary', { hasText: 'Record a complaint' }).click();
  await page.locator('#complaint-description').fill('The statement arrived two weeks late and showed the wrong address.');
  await page.locator('#complaint-request').fill('Correct the address and send the statement again.');
  await page.getByTestId('complaint-submit').click();
  await page.getByTestId('cv-flash').filter({ hasText: 'Complaint recorded.' }).waitFor();
  const li = page.getByTestId('complaints').locator('li.cv-complaint').first();
  const id = (await li.getAttribute('data-testid')).replace('complaint-', '');

  await goHome(page);
  await waitForCount(page, before + 1);
  await page.locator(GROUP).scrollIntoViewIfNeeded();
  await screenshot(page, 'home-complaints-recorded-tablet');

  // Close it through the API, one step at a time, as the workflow demands.
  let complaint = await (await api.get(`/api/complaints/${id}`)).json();
  assert.equal(complaint.customer_id, customer.id);
  const steps = [
    { to: 'Investigating' },
    { to: 'Resolved', resolution: 'Address corrected; statement sent again by courier.' },
    { to: 'CustomerInformed' },
    { to: 'Closed', feedback: 'Satisfied.' },
  ];
  for (const step of steps) {
    const res = await api.post(`/api/complaints/${id}/transitions`, { data: { ...step, version: complaint.version } });
    assert.equal(res.status(), 200, `${step.to}: ${await res.text()}`);
    complaint = await res.json();
  }
  assert.equal(complaint.status, 'Closed');
  await api.dispose();

  // Home loads the complaints each time it is shown.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
  await page.getByTestId('complaints-count').waitFor();
  await goHome(page);
  await waitForCount(page, before);
  await page.locator(GROUP).scrollIntoViewIfNeeded();
  await screenshot(page, 'home-complaints-closed-tablet');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a holiday greeting is listed on home and on the customer page, and marking it done hides it (tablet)', async () => {
  // An occasion on the bank's date for every tier, so the test does not depend on a
  // festival falling near the day it runs; the policy is put back afterwards.
  const admin = await apiAs('admin');
  const original = await (await admin.get('/api/policy')).json();
  const rm = await apiAs('rm01');
  const book = await (await rm.get('/api/book')).json();
  await rm.dispose();
  const policy = structuredClone(original);
  policy.care.occasions.push({
    on: book.as_of,
    name_en: 'Branch anniversary',
    name_zh: '网点周年庆',
    min_tier: 'Standard',
  });
  try {
    assert.equal((await admin.put('/api/policy', { data: policy })).status(), 200);

    const page = await newPage(browser, 'tablet');
    await signIn(page, 'rm01');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    const holidays = page.locator('.today-group[data-work=holiday]');
    await holidays.waitFor();
    const before = Number(await holidays.getAttribute('data-count'));
    assert.ok(before >= book.customers.length, `every customer is to be greeted (${before})`);
    await holidays.getByText('Branch anniversary').first().waitFor();
    await holidays.scrollIntoViewIfNeeded();
    await screenshot(page, 'home-holidays-tablet');

    await holidays.locator('a[href^="/customers/"]').first().click();
    await page.getByTestId('customer-header').waitFor();
    const item = page.locator(`[data-testid=care-Holiday][data-occasion-on="${book.as_of}"]`);
    await item.filter({ hasText: 'Branch anniversary' }).waitFor();
    await item.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-holiday-tablet');
    await item.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('cv-flash').filter({ hasText: 'Care marked done.' }).waitFor();
    await item.waitFor({ state: 'detached' });

    await goHome(page);
    await page.waitForFunction(
      (n) => document.querySelector('.today-group[data-work=holiday]')?.getAttribute('data-count') === String(n),
      before - 1,
    );
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    assert.equal((await admin.put('/api/policy', { data: original })).status(), 200);
    await admin.dispose();
  }
});
