// Exports from the app: the customer list's Export menu downloads the rows of the view
// (the same rows, in the same order, as the server's paged list with those filters),
// the complaints and satisfaction pages download theirs, and a refused export reads as
// a sentence naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage, signIn, apiAs, screenshot } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** RFC 4180 records of a CSV text (quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

async function downloaded(page, testid) {
  const download = page.waitForEvent('download');
  await page.getByTestId(testid).click();
  const d = await download;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

test('the customer list exports the rows of its view, masked, in order', async () => {
  const api = await apiAs('rm01');
  const policy = await (await api.get('/api/policy')).json();
  const ids = [];
  let cursor = '';
  for (;;) {
    const q = `min_aum=${policy.tiers.gold}&below_aum=${policy.tiers.platinum}&sort=aum_desc&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await api.get(`/api/customers?${q}`);
    assert.equal(res.status(), 200);
    const body = await res.json();
    ids.push(...body.items.map((c) => [String(c.id), c.name]));
    if (!body.next_cursor) break;
    cursor = body.next_cursor;
  }
  await api.dispose();
  assert.ok(ids.length > 0, 'rm01 has gold customers');

  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/customers?tier=gold&sort=aum&dir=desc');
  await page.getByTestId('export-customers-csv').waitFor();
  const { name, bytes } = await downloaded(page, 'export-customers-csv');
  assert.match(name, /^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(bytes.toString('utf8').slice(1));
  assert.equal(rows[0][0], 'Customer id');
  const body = rows.slice(1);
  assert.deepEqual(
    body.map((r) => [r[0], r[1]]),
    ids,
    'the export has the rows of the list, masked as listed, in AUM order',
  );
  assert.ok(body.every((r) => r[7] === 'Gold'), 'every row is of the filtered tier');
  await page.getByTestId('export-customers-status').getByText('Downloaded:').waitFor();
  await screenshot(page, 'customers-export-desk');

  // A refusal reads as a sentence naming the field, not a file.
  await page.route('**/api/exports/customers**', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({
        code: 'validation',
        message: 'validation failed',
        fields: [{ field: 'format', problem: 'an XLSX sheet holds at most 1,048,575 rows' }],
      }),
    }),
  );
  await page.getByTestId('export-customers-xlsx').click();
  const error = page.getByTestId('export-customers-error');
  await error.waitFor();
  assert.match(await error.innerText(), /format: an XLSX sheet holds at most/);
  assert.deepEqual(page.problems.filter((p) => !/422/.test(p)), []);
  await page.context().close();
});

test('the complaints and satisfaction pages export their lists and figures', async () => {
  const page = await newPage(browser, 'desk');
  await signIn(page, 'manager01');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.goto('/complaints');
  await page.getByTestId('export-complaints-csv').waitFor();
  const list = await downloaded(page, 'export-complaints-csv');
  assert.match(list.name, /^complaints-.*\.csv$/);
  const header = parseCsv(list.bytes.toString('utf8').slice(1))[0];
  assert.equal(header[0], 'Complaint id');
  const analysis = await downloaded(page, 'export-analysis-xlsx');
  assert.match(analysis.name, /^complaint-analysis-\d{4}-\d{2}-.*\.xlsx$/);
  assert.equal(analysis.bytes.subarray(0, 2).toString('latin1'), 'PK');

  await page.goto('/satisfaction');
  await page.getByTestId('export-satisfaction-csv').waitFor();
  const sat = await downloaded(page, 'export-satisfaction-csv');
  const rows = parseCsv(sat.bytes.toString('utf8').slice(1));
  assert.deepEqual(rows[0].slice(0, 2), ['Month', 'NPS answers']);
  assert.equal(rows.at(-1)[0], 'total');

  const api = await apiAs('compliance01');
  const log = await (await api.get('/api/audit?action=export_list&user=manager01')).json();
  await api.dispose();
  const what = new Set(log.entries.map((e) => e.detail.split(' ')[0]));
  for (const w of ['what=complaint_analysis', 'what=complaints', 'what=satisfaction']) {
    assert.ok(what.has(w), `${w} is in the audit log`);
  }
  await page.context().close();
});
