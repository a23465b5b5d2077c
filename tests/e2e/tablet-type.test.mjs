// Tablet-first type (issue 14): at 1024×768 and 768×1024 no text on the main screens is
// set under 14 px: every visible text node's computed font size, on sign-in, home, the
// customers list, a customer page, the pipeline, complaints and satisfaction (rm01), in
// English and Chinese. (The list's cells are checked for cutting in apptruth.test.mjs;
// the meeting's screens in meeting.test.mjs.) Reads only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, appSignInForm, apiAs, waitForOrShow } from './support.mjs';

let browser;
let customerId;

before(async () => {
  browser = await launchBrowser();
  const api = await apiAs('rm01');
  const book = await (await api.get('/api/book')).json();
  customerId = book.customers[5].id;
  await api.dispose();
});

after(async () => {
  await browser?.close();
});

/** Visible text set under 14 px, as "selector: size "text"" lines. */
async function smallText(page) {
  return page.evaluate(() => {
    const small = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('.visually-hidden, script, style, noscript, svg')) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      const size = parseFloat(style.fontSize);
      if (size < 14) {
        const name = el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : el.tagName;
        small.add(`${name}: ${size}px "${text.slice(0, 30)}"`);
      }
    }
    return [...small];
  });
}

async function visit(page, link, ready) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
  await ready(page);
}

for (const viewport of ['tablet', 'tablet-portrait']) {
  test(`no text under 14 px on the main screens (${viewport})`, async () => {
    const page = await newPage(browser, viewport);
    const found = [];
    const check = async (what) => {
      for (const line of await smallText(page)) found.push(`${what}: ${line}`);
    };
    await page.goto('/');
    await appSignInForm(page);
    await check('sign-in');
    await signIn(page, 'rm01');
    await page.getByTestId('total-aum').waitFor();
    await page.getByTestId('home-complaints').waitFor();
    await check('home');
    await visit(page, 'Customers', (p) => p.locator('[data-customer-id]').first().waitFor());
    await check('customers');
    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('customer-header').waitFor();
    await page.getByTestId('timeline').waitFor();
    await check('customer page');
    await visit(page, 'Pipeline', (p) => waitForOrShow(p, p.locator('section[data-stage]').first(), `pipeline-board-${viewport}`));
    await check('pipeline');
    await visit(page, 'Complaints', (p) => p.getByTestId('complaint-analysis').waitFor());
    await check('complaints');
    await visit(page, 'Satisfaction', (p) => p.getByTestId('improve-first').waitFor());
    await check('satisfaction');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('improve-first').waitFor();
    await check('satisfaction (zh)');
    await page.goto('/');
    await page.getByTestId('total-aum').waitFor();
    await check('home (zh)');
    assert.deepEqual(found, [], 'text under 14 px');
    await page.context().close();
  });
}
