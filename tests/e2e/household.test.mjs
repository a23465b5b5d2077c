// Households (docs/rules.md, Households): the customer page shows the members the RM may
// see, a member of another RM's book only as "another member (not in your book)", the
// combined figures over what the RM may see; adding a member from the RM's own book.
// Works on rm06's demo households (spouses split across two books) and two of rm08's
// customers in no household, which no other e2e test changes.
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

/** A customer of `api`'s book whose household has a member in another book. */
async function splitHousehold(api) {
  const book = await (await api.get('/api/book')).json();
  for (const c of book.customers.filter((c) => c.household_id != null)) {
    const view = await (await api.get(`/api/customers/${c.id}/household`)).json();
    if (view.summary && view.summary.others_not_in_book > 0) return { customer: c, view };
  }
  throw new Error('no household split across two books');
}

/** "¥1,234.56" as MoneyAmount draws it, from fen. */
function yuan(fen) {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

for (const size of ['desk', 'tablet']) {
  test(`a household with a member outside the book shows them anonymously (${size})`, async () => {
    const api = await apiAs('rm06');
    const { customer, view } = await splitHousehold(api);
    const page = await newPage(browser, size);
    await signIn(page, 'rm06');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.goto(`/customers/${customer.id}`);
    const section = page.getByTestId('household');
    await section.getByTestId('household-aum').waitFor();

    // Exactly the members the server lets rm06 see, and a count for the others.
    assert.equal(await section.getByTestId('household-member').count(), view.members.length);
    const others = section.getByTestId('household-other');
    assert.equal(await others.count(), view.summary.others_not_in_book);
    assert.equal(await others.first().innerText(), 'Another member (not in your book)');
    await section.getByTestId('household-partial').waitFor();
    // The combined AUM is the visible members' only, as the API says.
    const visibleSum = view.members.reduce((s, m) => s + m.aum, 0);
    assert.equal(view.summary.combined_aum, visibleSum);
    assert.equal(await section.getByTestId('household-aum').innerText(), yuan(visibleSum));
    // The household's tier beside the customer's own.
    await section.getByTestId('household-tier').locator('[data-tier]').waitFor();
    await section.getByTestId('own-tier').locator('[data-tier]').waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, `household-split-${size}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('an RM adds a customer of their book to a household', async () => {
  const api = await apiAs('rm08');
  const book = await (await api.get('/api/book')).json();
  const loners = book.customers.filter((c) => c.household_id == null);
  assert.ok(loners.length >= 2);
  const [head, spouse] = loners.slice(-2);

  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm08');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto(`/customers/${head.id}`);
  const section = page.getByTestId('household');
  await section.getByText('Not in a household yet.').waitFor();
  await section.getByTestId('household-add').locator('summary').click();
  await section.getByTestId('household-find').fill(String(spouse.id));
  const match = section.locator(`[data-testid="household-match"][data-customer="${spouse.id}"]`);
  await match.getByTestId('household-add-button').click();
  await section.getByTestId('household-flash').getByText('Member added to the household.').waitFor();
  await section.locator(`[data-testid="household-member"][data-customer="${spouse.id}"]`).waitFor();
  assert.equal(await section.getByTestId('household-member').count(), 2);

  const saved = await (await api.get(`/api/customers/${head.id}/household`)).json();
  assert.deepEqual(saved.members.map((m) => m.id), [head.id, spouse.id]);
  assert.equal(saved.members[1].role, 'Spouse');
  assert.equal(await section.getByTestId('household-aum').innerText(), yuan(saved.summary.combined_aum));
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'household-added-tablet');

  // The customer list filtered to this household shows exactly its two members.
  await section.getByTestId('household-in-list').click();
  await page.getByRole('heading', { name: 'Customers' }).waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-customer-id]').length === 2,
  );
  const ids = await page
    .locator('[data-customer-id]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-customer-id'))));
  assert.deepEqual(ids.sort((a, b) => a - b), [head.id, spouse.id].sort((a, b) => a - b));
  assert.ok(await page.getByTestId('filter-household').isChecked());
  await screenshot(page, 'household-list-tablet');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
