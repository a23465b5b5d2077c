// Importing a batch of surveys from the satisfaction page on a tablet: the file is read
// and checked in the browser, the import is all or nothing, and NPS and the responses
// count follow at once without a reload. Counts are checked against the API.
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

async function bookOf(user) {
  const api = await apiAs(user);
  const book = await (await api.get('/api/book')).json();
  await api.dispose();
  return book;
}

const surveyCount = (book) => book.customers.reduce((n, c) => n + c.surveys.length, 0);

async function openSatisfaction(page, user) {
  await signIn(page, user);
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/satisfaction');
  await page.getByRole('heading', { name: 'Customer satisfaction' }).waitFor();
  await page.getByTestId('nps-now').waitFor();
}

const npsShown = (page) => page.getByTestId('nps-now').locator('.kpi-value').innerText();
const responsesShown = async (page) =>
  Number((await page.getByTestId('sat-responses').innerText()).replace(/[^0-9]/g, ''));

test('an RM imports a CSV file of two surveys and NPS and the responses follow at once', async () => {
  const book = await bookOf('rm01');
  const [a, b] = book.customers;
  const before = surveyCount(book);
  const page = await newPage(browser, 'tablet');
  await openSatisfaction(page, 'rm01');
  const npsBefore = await npsShown(page);
  const responsesBefore = await responsesShown(page);
  // Two detractors move any NPS except -100; then two promoters do.
  const recommend = npsBefore.trim() === '-100.0' ? 10 : 0;

  // As a spreadsheet saves it: a byte-order mark, CRLF, the columns in another order,
  // a quoted cell, an attribute rated on one row and left blank on the other, a blank row.
  const csv =
    '\uFEFFanswered_on,Customer ID,recommend,overall,expertise_satisfaction,expertise_importance\r\n' +
    `${book.as_of},${a.id},${recommend},2,2,5\r\n` +
    '\r\n' +
    `"${book.as_of}",${b.id},${recommend},1,,\r\n`;
  const panel = page.getByTestId('survey-import');
  await panel.scrollIntoViewIfNeeded();
  await page.getByLabel('CSV file').setInputFiles({
    name: 'surveys.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await panel.getByTestId('import-ready').waitFor();
  assert.equal(await panel.getByTestId('import-ready').innerText(), '2 surveys ready to import.');
  assert.match(await panel.locator('p', { hasText: 'Read from' }).innerText(), /surveys\.csv/);
  const send = panel.getByTestId('import-send');
  assert.equal(await send.innerText(), 'Import 2 surveys');
  assert.ok(await send.isEnabled());
  await screenshot(page, 'surveys-import-preview-tablet');

  await send.click();
  await panel.getByTestId('import-done').waitFor();
  assert.match(await panel.getByTestId('import-done').innerText(), /^Imported 2 surveys\./);
  // The shared book was fetched again: the figures above changed without a reload.
  await page.waitForFunction(
    (was) => document.querySelector('[data-testid=nps-now] .kpi-value')?.textContent.trim() !== was,
    npsBefore.trim(),
  );
  await page.waitForFunction(
    (want) =>
      Number(document.querySelector('[data-testid=sat-responses]')?.textContent.replace(/[^0-9]/g, '')) === want,
    responsesBefore + 2,
  );
  assert.notEqual(await npsShown(page), npsBefore);
  assert.equal(await panel.getByTestId('import-text').inputValue(), '', 'the imported text is cleared');
  assert.ok(await send.isDisabled(), 'nothing left to send');

  const after = await bookOf('rm01');
  assert.equal(surveyCount(after), before + 2, 'two surveys were stored');
  const stored = after.customers.find((c) => c.id === a.id).surveys.find((s) => s.answered_on === book.as_of && s.overall === 2);
  assert.ok(stored, 'the first row is stored as written');
  assert.equal(stored.recommend, recommend);
  assert.deepEqual(stored.ratings.map((r) => [r.attribute, r.satisfaction, r.importance]), [['Expertise', 2, 5]]);
  await panel.getByTestId('import-done').scrollIntoViewIfNeeded();
  await screenshot(page, 'surveys-import-done-tablet');
  await page.getByTestId('nps-now').scrollIntoViewIfNeeded();
  await screenshot(page, 'surveys-import-scores-tablet');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a CSV with bad rows names each row and column, cannot be sent, and imports nothing', async () => {
  const book = await bookOf('rm01');
  const other = await bookOf('rm05');
  const [a, b] = book.customers;
  const before = surveyCount(book);
  const page = await newPage(browser, 'tablet');
  await openSatisfaction(page, 'rm01');
  const requests = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/surveys/import')) requests.push(r.url());
  });

  const csv = [
    'customer_id,answered_on,recommend,overall',
    `${a.id},${book.as_of},9,4`,
    `${b.id},${book.as_of},11,4`,
    `${other.customers[0].id},${book.as_of},9,4`,
  ].join('\n');
  const panel = page.getByTestId('survey-import');
  await panel.scrollIntoViewIfNeeded();
  await page.getByLabel('…or paste the CSV here').fill(csv);
  const bad = panel.locator('[data-testid=import-problem][data-row="3"][data-column="recommend"]');
  await bad.waitFor();
  assert.match(await bad.innerText(), /Must be 0 to 10\./);
  const outside = panel.locator('[data-testid=import-problem][data-row="4"][data-column="customer_id"]');
  assert.match(await outside.innerText(), /No such customer in your book\./);
  assert.equal(await panel.getByTestId('import-problem').count(), 2);
  assert.equal(
    await panel.getByTestId('import-problems-summary').innerText(),
    '2 problems in 3 rows: fix them and the import can be sent.',
  );
  assert.ok(await panel.getByTestId('import-send').isDisabled(), 'cannot send while there are problems');
  await screenshot(page, 'surveys-import-problems-tablet');

  // An unknown column is named before any row is checked.
  await page.getByLabel('…or paste the CSV here').fill(`customer_id,answered_on,recommend,overall,mood\n${a.id},${book.as_of},9,4,happy`);
  const unknown = panel.locator('[data-testid=import-problem][data-row="1"][data-column="mood"]');
  await unknown.waitFor();
  assert.match(await unknown.innerText(), /Unknown column/);
  assert.ok(await panel.getByTestId('import-send').isDisabled());

  assert.deepEqual(requests, [], 'nothing was sent');
  assert.equal(surveyCount(await bookOf('rm01')), before, 'no survey was stored');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the server's field problems are shown against the rows they name", async () => {
  // The browser's checks pass this file; the answer stands in for a refusal it cannot
  // foresee (a customer moved to another RM while the page was open).
  const book = await bookOf('rm01');
  const [a, b] = book.customers;
  const page = await newPage(browser, 'tablet');
  await openSatisfaction(page, 'rm01');
  await page.route('**/api/surveys/import', (route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({
        code: 'not_found',
        message: 'Not found.',
        fields: [{ field: 'surveys[1].customer_id', problem: 'no such customer' }],
      }),
    }),
  );
  const csv = `customer_id,answered_on,recommend,overall\n\n${a.id},${book.as_of},9,4\n${b.id},${book.as_of},8,4\n`;
  const panel = page.getByTestId('survey-import');
  await panel.scrollIntoViewIfNeeded();
  await page.getByLabel('…or paste the CSV here').fill(csv);
  await panel.getByTestId('import-send').click();
  await panel.getByTestId('import-refused').waitFor();
  const named = panel.locator('[data-testid=import-problem][data-row="4"][data-column="customer_id"]');
  assert.match(await named.innerText(), /no such customer/);
  assert.ok(await panel.getByTestId('import-send').isDisabled(), 'not sent again unchanged');
  await screenshot(page, 'surveys-import-refused-tablet');
  await page.context().close();
});

test('the template downloads, and compliance has no import', async () => {
  const page = await newPage(browser, 'tablet');
  await openSatisfaction(page, 'rm01');
  const panel = page.getByTestId('survey-import');
  await panel.getByText('File format and template').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByTestId('import-template').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'clientbook-surveys-template.csv');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const template = Buffer.concat(chunks).toString('utf8');
  assert.match(template, /^customer_id,answered_on,recommend,overall,waiting_time_satisfaction,waiting_time_importance,/);
  // The documented example reads without a problem (customers aside).
  await page.getByLabel('…or paste the CSV here').fill(await panel.getByTestId('import-example').innerText());
  await panel.getByTestId('import-problem').first().waitFor();
  const columns = await panel
    .getByTestId('import-problem')
    .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-column')))]);
  assert.deepEqual(columns, ['customer_id'], 'only the example customer ids are refused');
  await screenshot(page, 'surveys-import-format-tablet');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const compliance = await newPage(browser, 'tablet');
  await signIn(compliance, 'compliance01');
  await compliance.waitForURL((u) => !u.pathname.startsWith('/login'));
  await compliance.goto('/satisfaction');
  await compliance.getByRole('heading', { name: 'Customer satisfaction' }).waitFor();
  await compliance.getByTestId('nps-now').waitFor();
  assert.equal(await compliance.getByTestId('survey-import').count(), 0, 'compliance is read-only');
  await compliance.context().close();
});
