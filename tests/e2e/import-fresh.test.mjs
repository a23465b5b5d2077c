// A bank that starts with no demo customers (`--demo-customers 0`) fills Clientbook from
// its own files through the browser: this test starts its own server on a fresh SQLite
// file and a free port (the binary from CLIENTBOOK_SERVER_BIN, the app from dist/), where
// the staff exist but no customer does; the branch manager downloads the templates,
// imports customers and then their holdings in the templates' format, and the RM sees
// them in the book and on the customer page. The same server, started with a small
// import limit, refuses a larger file with 413, and the page says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn, screenshot, freshDir, startOwnServer, ownServerPage } from './support.mjs';
import { residentId, runTag, csv, importFile, countOf } from './import-files.mjs';

const BIN = process.env.CLIENTBOOK_SERVER_BIN;
const SKIP = BIN ? false : 'CLIENTBOOK_SERVER_BIN is not set: it names the clientbook-server binary this test starts';
/** The import limit of this test's server (bytes). */
const LIMIT = 100_000;

let browser;
let server;
let baseURL;

before(async () => {
  if (SKIP) return;
  const db = join(freshDir(), 'fresh.sqlite');
  ({ server, baseURL } = await startOwnServer(
    BIN,
    ['--database-url', `sqlite://${db}`, '--demo-customers', '0', '--import-max-bytes', String(LIMIT)],
    { readyPath: '/', seconds: 120 },
  ));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});


/** The template the page offers for `kind`, as its header and example row. */
async function template(p, kind) {
  await p.getByTestId(`import-kind-${kind}`).check();
  const download = p.waitForEvent('download');
  await p.getByTestId('import-template-en').click();
  const text = readFileSync(await (await download).path(), 'utf8').replace(/^\ufeff/, '');
  const [header, example] = text.trim().split(/\r?\n/).map((l) => l.split(','));
  return { header, example };
}

/** The example row with `values` (by column name) in place of its cells. */
function rowOf({ header, example }, values) {
  return header.map((col, i) => values[col] ?? example[i]);
}

test('on a fresh bank with no demo customers, customers and holdings imported from the templates reach the book', { skip: SKIP }, async () => {
  const { tag, seq, phoneTail } = runTag();
  const p = await ownServerPage(browser, baseURL, 'tablet');
  await signIn(p, 'manager01');
  await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
  await p.getByRole('heading', { name: 'Import customers and holdings' }).waitFor();

  const customers = await template(p, 'customers');
  const people = [
    { customer_no: `F${tag}1`, name: '王建国', birth_date: '1961-04-12', phone: `139${phoneTail}` },
    { customer_no: `F${tag}2`, name: '刘芳', birth_date: '1987-11-03', phone: `138${phoneTail}` },
  ].map((c, i) => ({ ...c, id_number: residentId(c.birth_date, (seq + i) % 1000), rm_username: 'rm01' }));
  await importFile(p, {
    kind: 'customers',
    name: 'customers.csv',
    bytes: Buffer.from(csv(customers.header, people.map((c) => rowOf(customers, c)))),
  });
  assert.equal(await countOf(p, 'valid'), 2);
  assert.equal(await countOf(p, 'invalid'), 0);
  await p.getByTestId('import-commit').click();
  await p.getByTestId('import-done').waitFor();
  await p.getByTestId('import-another').click();

  const holdings = await template(p, 'holdings');
  const rows = people.map((c, i) =>
    rowOf(holdings, { account_no: `FA${tag}${i}`, customer_no: c.customer_no, balance: `${(i + 1) * 100000}.00` }),
  );
  await importFile(p, { kind: 'holdings', name: 'holdings.csv', bytes: Buffer.from(csv(holdings.header, rows)) });
  assert.equal(await countOf(p, 'valid'), 2);
  await p.getByTestId('import-commit').click();
  await p.getByTestId('import-done').waitFor();
  await screenshot(p, 'import-fresh-committed-tablet');
  assert.deepEqual(p.problems, []);
  await p.context().close();

  // The RM's book holds exactly these two, and a customer page shows the holding.
  const rm = await ownServerPage(browser, baseURL, 'tablet');
  await signIn(rm, 'rm01');
  await rm.getByRole('heading', { name: 'My book' }).waitFor();
  await rm.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await rm.waitForFunction(() => document.querySelector('[data-testid=customers-total]')?.dataset.count === '2');
  const names = await rm.locator('.book-row .customer-name').allInnerTexts();
  assert.deepEqual(names.map((n) => n[0]).sort(), ['刘', '王']);
  await rm.locator('.book-row .customer-name').first().click();
  const held = rm.getByTestId('holdings');
  await held.waitFor();
  assert.match(await held.innerText(), /1-year time deposit/);
  await screenshot(rm, 'import-fresh-customer-tablet');
  assert.deepEqual(rm.problems, []);
  await rm.context().close();
});

test('a file over the server\'s limit is refused with 413 and the page says so', { skip: SKIP }, async () => {
  const p = await ownServerPage(browser, baseURL, 'desk');
  await signIn(p, 'admin');
  await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
  await p.getByTestId('import-file').setInputFiles({
    name: 'too-big.csv',
    mimeType: 'text/csv',
    buffer: Buffer.alloc(LIMIT + 50_000, 'a'),
  });
  await p.getByTestId('import-upload').click();
  await p.getByTestId('import-error').waitFor();
  assert.match(await p.getByTestId('import-error').innerText(), /larger than the server accepts \(413\)/);
  // Back at the start, ready for a smaller file; nothing was imported.
  await p.getByTestId('import-choose').waitFor();
  await screenshot(p, 'import-fresh-too-large-desk');
  // The browser logs the refused request itself.
  assert.deepEqual(p.problems.filter((m) => !/status of 413/.test(m)), []);
  await p.context().close();
});
