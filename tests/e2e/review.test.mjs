// The printable client review (docs/rules.md, Client review): printed to PDF on A4 in
// headless Chromium, it fits on one to three pages, names the customer masked, and
// carries none of the internal scores. The same extractor finds those scores when the
// ordinary customer page is printed, so the check can fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage, signIn, apiAs, screenshot, SCREENSHOTS } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Labels of the internal scores (the customer page's words). */
const INTERNAL = ['Churn risk', 'Customer lifetime value', 'Value class', 'Lifecycle', 'RFM'];
/** Values of the value class and lifecycle (the customer page's badges), whole words. */
const INTERNAL_VALUES = [
  'Dormant', 'Low value', 'Valuable', 'High value added',
  'Growing', 'Mature', 'Declining',
];

async function printToPdf(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.pdf`);
  await page.pdf({ path, format: 'A4', printBackground: true });
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  return { pages, text };
}

for (const size of ['desk', 'tablet']) {
  test(`the client review prints on A4 without internal scores (${size})`, async () => {
    const api = await apiAs('rm03');
    const book = await (await api.get('/api/book')).json();
    const customer = book.customers.find((c) => c.holdings.length >= 2) ?? book.customers[0];
    const before = await (await apiAs('compliance01')).get(
      `/api/audit?action=print_review&customer=${customer.id}`,
    );
    const auditedBefore = (await before.json()).entries.length;

    const page = await newPage(browser, size);
    await signIn(page, 'rm03');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.goto(`/customers/${customer.id}`);
    await page.getByTestId('print-review-link').click();
    await page.getByTestId('review-suitability').waitFor();
    assert.equal(await page.getByTestId('review-name').innerText(), customer.name);
    await screenshot(page, `review-${size}`);

    const review = await printToPdf(page, `review-${size}`);
    assert.ok(review.pages >= 1 && review.pages <= 3, `${review.pages} pages`);
    assert.ok(review.text.includes(customer.name), 'the masked name is printed');
    assert.ok(review.text.includes('Suitability statement'));
    assert.ok(review.text.includes('Holdings'));
    for (const label of INTERNAL) {
      assert.ok(!review.text.includes(label), `"${label}" is not on the review`);
    }
    for (const value of INTERNAL_VALUES) {
      assert.doesNotMatch(review.text, new RegExp(`\\b${value}\\b`), `"${value}" is not on the review`);
    }
    // No full identifiers either: the masked name is all there is of the name.
    assert.match(customer.name, /\*/);

    // The control: the customer page itself, printed the same way, shows the scores.
    await page.goto(`/customers/${customer.id}`);
    await page.getByTestId('household').waitFor();
    await page.getByText('Churn risk').first().waitFor();
    const full = await printToPdf(page, `customer-page-${size}`);
    assert.ok(full.text.includes('Churn risk'), 'the extractor sees the scores');
    assert.ok(full.text.includes('Customer lifetime value'));
    assert.ok(
      INTERNAL_VALUES.some((v) => new RegExp(`\\b${v}\\b`).test(full.text)),
      'the extractor sees the value class or lifecycle',
    );

    // Opening the review was audited as an export.
    const after = await (await apiAs('compliance01')).get(
      `/api/audit?action=print_review&customer=${customer.id}`,
    );
    assert.ok((await after.json()).entries.length > auditedBefore);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
