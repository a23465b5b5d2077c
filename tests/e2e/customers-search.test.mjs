// The customers list's rows as a user meets them while searching, scrolling and
// switching language: the rows are kept by customer and rewritten in place
// (src/components/book_table/row_pool.rs), so each row must always show its own
// customer, in its place, in the language of the moment. rm01's book, read only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot } from './support.mjs';

let browser;
let book;
before(async () => {
  browser = await launchBrowser();
  const api = await apiAs('rm01');
  book = (await (await api.get('/api/book')).json()).customers;
  await api.dispose();
});
after(async () => browser?.close());

/** The rows in the document, in document order, as the user sees them. */
const rowsOf = (page) =>
  page.locator('.book-body > [data-customer-id]').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-customer-id'),
      index: Number(e.getAttribute('aria-rowindex')),
      top: e.getBoundingClientRect().top,
      height: e.getBoundingClientRect().height,
      name: e.querySelector('.customer-name').textContent,
      href: e.querySelector('.customer-name').getAttribute('href'),
      tier: e.querySelector('[data-tier]').textContent,
      label: e.querySelector('.col-contact .card-label').textContent,
    })),
  );

/** Rows in document order are the rows in order on screen, one under the other. */
function assertInPlace(rows, what) {
  assert.ok(rows.length > 0, `${what}: rows are drawn`);
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, `${what}: each customer once`);
  for (let k = 1; k < rows.length; k++) {
    assert.equal(rows[k].index, rows[k - 1].index + 1, `${what}: row ${k} follows row ${k - 1}`);
    assert.ok(Math.abs(rows[k].top - rows[k - 1].top - rows[k].height) < 1.5, `${what}: row ${k} is drawn under row ${k - 1}`);
  }
  for (const r of rows) {
    const c = book.find((c) => String(c.id) === r.id);
    assert.ok(c, `${what}: row ${r.id} is a customer of the book`);
    assert.equal(r.name, c.name, `${what}: row ${r.id} shows its own name`);
    assert.equal(r.href, `/customers/${r.id}`, `${what}: row ${r.id} links to its own page`);
  }
}

const shownCount = (page) => page.getByTestId('customers-shown').getAttribute('data-count');

for (const viewport of ['desk', 'tablet']) {
  test(`searching, scrolling and switching language keep each row its own customer (${viewport})`, async () => {
    const page = await newPage(browser, viewport);
    await signIn(page, 'rm01');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.locator('[data-customer-id]').first().waitFor();
    const first = await rowsOf(page);
    assertInPlace(first, 'the whole book');
    assert.equal(first[0].index, 2, 'the first row is the first of the list');

    // A narrowing search: the first two characters of the second row's name.
    const query = first[1].name.slice(0, 2);
    const matching = book.filter((c) => c.name.toLowerCase().includes(query.toLowerCase()));
    const search = page.locator('#customer-search');
    await search.fill(query);
    await page.waitForFunction((n) => document.querySelector('[data-testid=customers-shown]')?.getAttribute('data-count') === n, String(matching.length));
    const found = await rowsOf(page);
    assertInPlace(found, `search ${query}`);
    assert.equal(found[0].index, 2);
    for (const r of found) assert.ok(r.name.includes(query), `row ${r.id} (${r.name}) matches ${query}`);
    assert.equal(found.length, Math.min(found.length, matching.length));
    await screenshot(page, `customers-search-${viewport}`);

    // Typed on, then nothing matches: the empty state; cleared: the same rows as before.
    await search.fill(`${query}zzz-nobody`);
    await page.locator('.empty-state').waitFor();
    assert.equal(await page.locator('[data-customer-id]').count(), 0, 'no rows when nothing matches');
    await search.fill('');
    await page.waitForFunction((n) => document.querySelectorAll('.book-body > [data-customer-id]').length === n, first.length);
    assert.deepEqual((await rowsOf(page)).map((r) => r.id), first.map((r) => r.id), 'cleared: the same rows in the same order');
    assert.equal(await shownCount(page), String(book.length));

    // Scrolled down and back: the rows in view follow, each in its place.
    const table = page.locator('.book-table');
    await table.evaluate((el) => { el.scrollTop = 30 * document.querySelector('.book-body > .book-row').getBoundingClientRect().height; });
    await page.waitForFunction(() => Number(document.querySelector('.book-body > [data-customer-id]')?.getAttribute('aria-rowindex')) > 10);
    const scrolled = await rowsOf(page);
    assertInPlace(scrolled, 'scrolled');
    await table.evaluate((el) => { el.scrollTop = 0; });
    await page.waitForFunction(() => document.querySelector('.book-body > [data-customer-id]')?.getAttribute('aria-rowindex') === '2');
    assert.deepEqual((await rowsOf(page)).map((r) => r.id), first.map((r) => r.id), 'scrolled back: the same rows');

    // Another language: the rows in view are drawn again in it, the same customers.
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForFunction((label) => document.querySelector('.book-body .col-contact .card-label')?.textContent !== label, first[0].label);
    const zh = await rowsOf(page);
    assertInPlace(zh, 'in Chinese');
    assert.deepEqual(zh.map((r) => r.id), first.map((r) => r.id));
    assert.notEqual(zh[0].tier, first[0].tier, 'the tier is named in Chinese');
    for (const r of zh) assert.notEqual(r.label, first[0].label, `row ${r.id}'s labels are in Chinese`);
    await screenshot(page, `customers-search-zh-${viewport}`);

    // A click on a row (not on its name) opens its customer; so does Enter on a name.
    await page.locator(`.book-body > [data-customer-id="${zh[2].id}"] .col-value`).click();
    await page.waitForURL(`**/customers/${zh[2].id}`);
    await page.goBack();
    await page.locator('[data-customer-id]').first().waitFor();
    await page.locator(`.book-body > [data-customer-id="${zh[1].id}"] .customer-name`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/customers/${zh[1].id}`);

    assert.deepEqual(page.problems, [], 'no errors in the console');
    await page.context().close();
  });
}
