// Importing a bank's own files in the browser (issue 12, docs/rules.md, Import): the
// branch manager uploads a UTF-8 customers file (dropped on the page), a GBK customers file
// with mistakes, an unknown column, a proposed merge and a near-duplicate, and a holdings
// file with an amount written "1,000.00元"; reads each report (row, column, value masked,
// problem in words), downloads it as CSV, decides the merges, commits; then rm04, whose
// customers the rows are, finds them in the book. Every run writes customers of its own
// (customer numbers, ID serials and phones from the clock) to rm04's book, which other
// tests read only for complaints and sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage, signIn, screenshot, expectAccessible } from './support.mjs';
import {
  residentId,
  fifteenDigitForm,
  wrongCheck,
  runTag,
  csv,
  gbk,
  importFile,
  countOf,
  problemsShown,
} from './import-files.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function openImport(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Import customers and holdings' }).waitFor();
}

async function commitAndSee(page, size, shot) {
  const commit = page.getByTestId('import-commit');
  await commit.click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  if (shot) await screenshot(page, `import-committed-${size}`);
  return Number(await page.getByTestId('import-done-summary').getAttribute('data-rows'));
}

for (const size of ['desk', 'tablet']) {
  test(`a branch manager imports files with mistakes, decides the merges and commits (${size})`, async () => {
    const { tag, seq, phoneTail } = runTag();
    const phone = (prefix) => `${prefix}${phoneTail}`;
    const idA1 = residentId('1970-03-15', seq);
    const idA2 = residentId('1982-07-20', seq);
    const page = await newPage(browser, size);
    await signIn(page, 'manager01');
    await openImport(page);

    // 1. UTF-8, English headers, dropped on the page: two good rows and a phone with letters.
    const header = ['customer_no', 'name', 'id_number', 'phone', 'birth_date', 'rm_username'];
    const fileA = csv(header, [
      [`IA${tag}1`, '欧阳明', idA1, phone('139'), '1970-03-15', 'rm04'],
      [`IA${tag}2`, '欧阳华', idA2, phone('138'), '1982-07-20', 'rm04'],
      [`IA${tag}3`, '司马青', residentId('1990-01-01', seq), '1370000abcd', '1990-01-01', 'rm04'],
    ]);
    await importFile(page, { kind: 'customers', name: `customers-${tag}-utf8.csv`, bytes: Buffer.from(fileA), drop: true });
    assert.equal(await countOf(page, 'valid'), 2);
    assert.equal(await countOf(page, 'invalid'), 1);
    let shown = await problemsShown(page);
    assert.ok(
      shown.some((p) => p.row === 4 && p.column === 'phone' && p.problem === 'phone_has_letters'),
      JSON.stringify(shown),
    );
    assert.equal(await commitAndSee(page, size, false), 2);
    await page.getByTestId('import-another').click();

    // 2. GBK, Chinese headers, an unknown column and the mistakes a core system's export has.
    const zhHeader = ['客户号', '姓名', '证件号码', '手机号', '出生日期', '客户经理', '微信号'];
    const badCheck = wrongCheck(residentId('1988-08-08', seq));
    const fileB = csv(zhHeader, [
      [`IB${tag}1`, '诸葛亮', residentId('1985-05-05', seq), phone('136'), '1985-05-05', 'rm04', 'wx-1'],
      [`IB${tag}2`, '张伟', residentId('1979-01-01', seq), phone('150'), '2024-02-30', 'rm04', ''],
      [`IB${tag}3`, '李娜', badCheck, phone('151'), '1988-08-08', 'rm04', ''],
      [`IB${tag}4`, '=HYPERLINK("http://evil.example","点我")', residentId('1991-09-09', seq), phone('152'), '1991-09-09', 'rm04', ''],
      // The same ID number as the first customer of file 1: a proposed merge.
      [`IB${tag}5`, '欧阳明', idA1, phone('135'), '1970-03-15', 'rm04', ''],
      // The second customer's number in its old 15-digit form: a near-duplicate.
      [`IB${tag}6`, '欧阳华', fifteenDigitForm(idA2), phone('138'), '1982-07-20', 'rm04', ''],
    ]);
    await importFile(page, { kind: 'customers', name: `customers-${tag}-gbk.csv`, bytes: gbk(fileB) });
    assert.equal(await countOf(page, 'invalid'), 3);
    assert.equal(await countOf(page, 'merges'), 1);
    assert.equal(await countOf(page, 'near'), 1);
    assert.equal(await countOf(page, 'unknown'), 1);
    shown = await problemsShown(page);
    const find = (row, column) => shown.find((p) => p.row === row && p.column === column);
    assert.match(find(1, '')?.text ?? '', /微信号 is not one of this file's/, JSON.stringify(shown));
    assert.equal(find(3, 'birth_date')?.problem, 'date_not_in_calendar');
    assert.match(find(3, 'birth_date').text, /This day does not exist in the calendar/);
    const check = find(4, 'id_number');
    assert.equal(check?.problem, 'id_check_digit');
    assert.match(check.text, /the first 17 digits give [0-9X]/);
    assert.ok(!check.text.includes(badCheck), 'the ID number is shown masked');
    assert.equal(find(5, 'name')?.problem, 'formula_like');
    await screenshot(page, `import-report-${size}`);

    // The report as CSV: the same lines, the formula neutralised.
    const download = page.waitForEvent('download');
    await page.getByTestId('import-report-csv').click();
    const report = readFileSync(await (await download).path(), 'utf8');
    assert.ok(report.startsWith('\ufeffrow,column,value,problem,error'), report.slice(0, 80));
    assert.match(report, /\n3,birth_date,[^\n]*This day does not exist in the calendar/);
    assert.match(report, /\n4,id_number,[^\n]*check character is wrong/);
    assert.doesNotMatch(report, /\n5,name,=/);

    // The commit waits for the merges, and says so.
    const commit = page.getByTestId('import-commit');
    assert.ok(await commit.isDisabled());
    assert.equal(
      await page.getByTestId('import-commit-why').innerText(),
      'Decide every proposed merge (accept or reject) before committing.',
    );
    const merge = page.locator('[data-testid=import-merge][data-row="6"]');
    await merge.scrollIntoViewIfNeeded();
    // Side by side: the phone differs and the file's value wins.
    const phoneRow = merge.locator('[data-testid=merge-field][data-column=phone]');
    assert.equal(await phoneRow.getAttribute('data-differs'), 'true');
    assert.match(await phoneRow.innerText(), /differs/);
    assert.match(await phoneRow.innerText(), /file$/);
    await screenshot(page, `import-merge-${size}`);
    await expectAccessible(page, `import report (${size})`);
    await merge.getByTestId('merge-accept').click();
    await page.locator('[data-testid=import-merge][data-row="6"][data-decision=accepted]').waitFor();
    const near = page.locator('[data-testid=import-merge][data-row="7"]');
    await near.getByTestId('merge-near').waitFor();
    await near.getByTestId('merge-reject').click();
    await page.locator('[data-testid=import-merge][data-row="7"][data-decision=rejected]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=import-commit]')?.disabled);
    assert.match(await page.getByTestId('import-commit').innerText(), /^Commit \d+ valid rows?$/);
    assert.ok((await commitAndSee(page, size, true)) >= 2);
    await page.getByTestId('import-another').click();

    // 3. Holdings in UTF-8: one good, one amount written as a person would.
    const fileC = csv(['account_no', 'customer_no', 'product_code', 'balance', 'opened_on', 'matures_on'], [
      [`HA${tag}1`, `IA${tag}2`, 'TD-01Y', '50000.00', '2025-01-10', '2027-06-30'],
      [`HA${tag}2`, `IA${tag}2`, 'TD-01Y', '1,000.00元', '2025-01-10', '2027-06-30'],
    ]);
    await importFile(page, { kind: 'holdings', name: `holdings-${tag}.csv`, bytes: Buffer.from(fileC) });
    shown = await problemsShown(page);
    const amount = shown.find((p) => p.row === 3 && p.column === 'balance');
    assert.match(amount?.problem ?? '', /^amount_(currency|thousands_separator)$/, JSON.stringify(shown));
    assert.equal(await countOf(page, 'valid'), 1);
    assert.equal(await commitAndSee(page, size, false), 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // rm04 finds the new customers by the phone's last digits (all of this run's share them).
    const rm = await newPage(browser, size);
    await signIn(rm, 'rm04');
    await rm.getByRole('heading', { name: 'My book' }).waitFor();
    await rm.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await rm.getByRole('searchbox').fill(phoneTail.slice(-4));
    await rm.waitForFunction(() => document.querySelectorAll('.book-row').length >= 3);
    const names = await rm.locator('.book-row .customer-name').allInnerTexts();
    assert.ok(names.filter((n) => n.startsWith('欧阳')).length >= 2, names.join(', '));
    assert.ok(names.some((n) => n.startsWith('诸葛')), names.join(', '));
    await screenshot(rm, `import-book-${size}`);
    assert.deepEqual(rm.problems, []);
    await rm.context().close();
  });
}

test('the header keeps Import on a portrait tablet, a wrong file type is refused, and an RM has no import', async () => {
  const page = await newPage(browser, 'tablet-portrait');
  await signIn(page, 'manager01');
  await openImport(page);
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the header fits 768 px',
  );
  await screenshot(page, 'import-tablet-portrait');
  await page.getByTestId('import-file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([137, 80, 78, 71]) });
  assert.match(await page.getByTestId('import-error').innerText(), /not a CSV or XLSX file/);
  assert.ok(await page.getByTestId('import-upload').isDisabled());
  // Both templates, English and Chinese headers.
  for (const [id, first] of [['import-template-en', 'customer_no'], ['import-template-zh', '客户号']]) {
    const download = page.waitForEvent('download');
    await page.getByTestId(id).click();
    const text = readFileSync(await (await download).path(), 'utf8');
    assert.ok(text.startsWith(`\ufeff${first},`), text.slice(0, 40));
  }
  await expectAccessible(page, 'import page');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const rm = await newPage(browser, 'desk');
  await signIn(rm, 'rm04');
  await rm.getByRole('heading', { name: 'My book' }).waitFor();
  assert.equal(await rm.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).count(), 0);
  await rm.goto('/import');
  await rm.getByText('Only admins and branch managers import files.').waitFor();
  await rm.context().close();
});
