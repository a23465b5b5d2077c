// Meeting mode on the tablet (1024×768 and 768×1024): start a meeting from the customer
// page; the DOM holds no internal score, no other customer and no link to the book on
// any meeting screen; a product above the client's level gets the risk warning; the
// client fills the survey and signs; Back and reload stay in the meeting; only the PIN
// leaves it; compliance's chain check finds the records intact. axe finds no WCAG 2.1
// A/AA violation on any meeting screen (each section, every survey question, the
// summary and signature, the PIN exit). The interest the client notes becomes an
// opportunity (source "meeting") in the RM's pipeline when the meeting ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot, expectAccessible } from './support.mjs';

const RM = 'rm08';
const PIN = '2468';
const RISK = ['R1', 'R2', 'R3', 'R4', 'R5'];
// Words of the internal scores and records that must never be in a meeting's DOM.
const INTERNAL = [
  /churn/i, /\bCLV\b/, /lifetime value/i, /value class/i, /lifecycle/i, /\bRFM\b/, /\btier/i,
  /private banking/i, /diamond/i, /platinum/i, /complaint/i, /\bnotes\b/i, /retention/i,
  /high-value/i, /dormant/i, /流失/, /价值/, /生命周期/, /投诉/, /等级规则/,
];

let browser;
let book;
let client;
let above;
let r1;

before(async () => {
  browser = await launchBrowser();
  const api = await apiAs(RM);
  const r = await api.put('/api/me/pin', { data: { pin: PIN } });
  assert.equal(r.status(), 204);
  book = (await (await api.get('/api/book')).json()).customers;
  const shelf = (await (await api.get('/api/products')).json()).products;
  await api.dispose();
  // A client assessed at C1–C3, so that a product above their level exists.
  client = book.find((c) => ['C1', 'C2', 'C3'].includes(c.risk_level) && c.risk_assessed_on >= '2026-01-01')
    ?? book.find((c) => ['C1', 'C2', 'C3'].includes(c.risk_level));
  above = shelf.find((p) => RISK.indexOf(p.risk) > 2);
  r1 = shelf.find((p) => p.risk === 'R1');
  assert.ok(client && above, 'a C1–C3 client and an R4+ product');
});

after(async () => {
  await browser?.close();
});

/** Everything the page holds, visible or not. */
async function dom(page) {
  return page.evaluate(() => document.body.innerHTML + '\n' + document.body.textContent);
}

async function assertClientFacing(page, what) {
  const html = await dom(page);
  for (const word of INTERNAL) {
    assert.doesNotMatch(html, word, `${what}: internal "${word}" in the DOM`);
  }
  for (const other of book) {
    if (other.id === client.id) continue;
    assert.ok(!html.includes(other.phone), `${what}: another customer's phone ${other.phone}`);
    if (other.name !== client.name && !client.name.includes(other.name)) {
      assert.ok(!html.includes(other.name), `${what}: another customer's name ${other.name}`);
    }
  }
  const links = await page.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('#')),
  );
  assert.deepEqual(links, [], `${what}: no link out of the meeting`);
  assert.equal(await page.locator('nav.main-nav').count(), 0, `${what}: no main navigation`);
  // Touch first: every button at least 44 px, no text under 14 px.
  const small = await page.evaluate(() => {
    const out = [];
    for (const b of document.querySelectorAll('.meeting-page button')) {
      const r = b.getBoundingClientRect();
      if (r.width > 0 && (r.height < 44 || r.width < 44)) out.push(`button ${b.textContent} ${r.width}x${r.height}`);
    }
    for (const e of document.querySelectorAll('.meeting-page *')) {
      if (e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) {
        const size = parseFloat(getComputedStyle(e).fontSize);
        if (size < 14 && e.getBoundingClientRect().width > 0) out.push(`text ${e.textContent.slice(0, 20)} ${size}px`);
      }
    }
    return out;
  });
  assert.deepEqual(small, [], `${what}: touch targets and type size`);
}

async function tab(page, slug) {
  await page.getByTestId(`mt-tab-${slug}`).click();
  await page.getByTestId(`mt-tab-${slug}`).and(page.locator('[aria-selected=true]')).waitFor();
}

for (const viewport of ['tablet', 'tablet-portrait']) {
  test(`a meeting on the ${viewport}: client-facing, survey, signature, PIN exit`, async () => {
    const page = await newPage(browser, viewport);
    await signIn(page, RM);
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.goto(`/customers/${client.id}`);
    await page.getByTestId('start-meeting').click();
    await page.waitForURL('**/meeting');
    await page.getByTestId('mt-portfolio').waitFor();
    await assertClientFacing(page, 'portfolio');
    await expectAccessible(page, `meeting portfolio (${viewport})`);
    await screenshot(page, `meeting-portfolio-${viewport}`);
    const meetingOpportunities = async () => {
      const api = await apiAs(RM);
      const list = await (await api.get(`/api/opportunities?customer_id=${client.id}`)).json();
      await api.dispose();
      return list.opportunities.filter((o) => o.source === 'meeting');
    };
    const openedBefore = (await meetingOpportunities()).length;

    await tab(page, 'products');
    await page.getByTestId('mt-products').waitFor();
    await expectAccessible(page, `meeting products (${viewport})`);
    // The client is interested in the first product they may be shown (one they ask
    // about, an R1 product, when there is no recommendation).
    if ((await page.getByTestId('mt-product').count()) === 0) {
      await page.locator('#mt-code').fill(r1.code);
      await page.getByRole('button', { name: 'Look up' }).click();
    }
    const firstProduct = page.getByTestId('mt-product').first();
    await firstProduct.waitFor();
    const interestedIn = await firstProduct.locator('h2').innerText();
    await firstProduct.getByRole('button', { name: 'I am interested' }).click();
    await firstProduct.locator('button[aria-pressed=true]').waitFor();
    await page.locator('#mt-code').fill(above.code);
    await page.getByRole('button', { name: 'Look up' }).click();
    const warning = page.getByTestId('mt-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), /cannot offer it to you/);
    await warning.getByRole('button', { name: 'I have read this warning' }).click();
    await warning.getByRole('button', { name: 'Warning acknowledged' }).waitFor();
    await assertClientFacing(page, 'products');
    await expectAccessible(page, `meeting products with the risk warning (${viewport})`);
    await screenshot(page, `meeting-products-${viewport}`);

    await tab(page, 'whatif');
    const whatif = page.getByTestId('mt-whatif');
    await whatif.waitFor();
    if (await page.getByTestId('mt-whatif-sentence').count()) {
      assert.match(await page.getByTestId('mt-whatif-sentence').innerText(), /your allocation becomes/);
    }
    await assertClientFacing(page, 'what-if');
    await expectAccessible(page, `meeting what-if (${viewport})`);
    await screenshot(page, `meeting-whatif-${viewport}`);

    await tab(page, 'survey');
    const answers = page.getByTestId('mt-answer');
    await answers.first().waitFor();
    await screenshot(page, `meeting-survey-${viewport}`);
    for (let q = 0; q < 10; q++) {
      const progress = await page.locator('.mt-progress').innerText();
      assert.equal(progress, `Question ${q + 1} of 10`);
      await expectAccessible(page, `meeting survey question ${q + 1} (${viewport})`);
      await answers.last().click();
    }
    await page.getByTestId('mt-survey-done').waitFor();
    await assertClientFacing(page, 'survey');
    await expectAccessible(page, `meeting survey done (${viewport})`);

    await tab(page, 'summary');
    const summary = page.getByTestId('mt-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Recommend: 10 of 10/);
    assert.ok((await summary.innerText()).includes(interestedIn), 'the interest is in the summary');
    await expectAccessible(page, `meeting summary (${viewport})`);
    await page.getByTestId('mt-confirm').check();
    await page.getByTestId('mt-signature').scrollIntoViewIfNeeded();
    const pad = await page.getByTestId('mt-signature').boundingBox();
    await page.mouse.move(pad.x + 40, pad.y + pad.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(pad.x + 40 + i * 25, pad.y + pad.height / 2 + (i % 2 ? -20 : 20));
    }
    await page.mouse.up();
    await screenshot(page, `meeting-summary-${viewport}`);
    await page.getByTestId('mt-sign').click();
    await page.getByTestId('mt-signed').or(summary.getByRole('alert')).first().waitFor();
    if (await summary.getByRole('alert').count()) {
      assert.fail(`signing refused: ${await summary.getByRole('alert').allInnerTexts()}`);
    }
    await assertClientFacing(page, 'summary');
    await expectAccessible(page, `meeting summary signed (${viewport})`);
    // The interest is an opportunity of the pipeline now, linked to this meeting.
    const opened = await meetingOpportunities();
    assert.equal(opened.length, openedBefore + 1, 'one opportunity for the one interest');
    const fromMeeting = opened.sort((a, b) => b.id - a.id)[0];
    assert.ok(['interested', 'identified'].includes(fromMeeting.stage), fromMeeting.stage);
    assert.ok(fromMeeting.source_detail.meeting_id > 0, 'linked to the meeting');

    // Back and reload stay in the meeting: the server holds the lock.
    await page.goBack();
    await page.waitForURL('**/meeting');
    await page.getByTestId('mt-portfolio').waitFor();
    await page.reload();
    await page.getByTestId('mt-portfolio').waitFor();
    assert.ok(page.url().endsWith('/meeting'));
    await page.goto('/customers');
    await page.waitForURL('**/meeting');
    await page.getByTestId('mt-portfolio').waitFor();
    await assertClientFacing(page, 'after reload');

    await tab(page, 'leave');
    await expectAccessible(page, `meeting PIN exit (${viewport})`);
    await page.locator('#mt-pin').fill('0000');
    await page.getByRole('button', { name: 'Leave the meeting' }).click();
    await page.getByTestId('field-error-pin').waitFor();
    assert.match(await page.getByTestId('field-error-pin').innerText(), /Wrong PIN: 4 more/);
    assert.ok(page.url().endsWith('/meeting'), 'a wrong PIN stays in the meeting');
    await expectAccessible(page, `meeting PIN exit, wrong PIN (${viewport})`);
    await screenshot(page, `meeting-leave-${viewport}`);
    await page.locator('#mt-pin').fill(PIN);
    await page.getByRole('button', { name: 'Leave the meeting' }).click();
    // Out of the meeting: the customer page is loaded afresh, with the navigation back.
    await page.getByTestId('start-meeting').waitFor();
    await page.locator('nav.main-nav').waitFor();
    assert.ok(page.url().endsWith(`/customers/${client.id}`));
    // The meeting's opportunity shows on the pipeline.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
    const card = page.locator(
      `section[data-stage="${fromMeeting.stage}"] article[data-opportunity-id="${fromMeeting.id}"]`,
    );
    await card.waitFor();
    assert.match(await card.innerText(), /Client meeting/);
    assert.deepEqual(page.problems.filter((p) => !/the server responded with a status of (403|423)/.test(p)), []);
    await page.context().close();
  });
}

test('compliance checks the meeting records and opens a signed summary', async () => {
  const page = await newPage(browser, 'tablet');
  await signIn(page, 'compliance01');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto('/audit');
  const records = page.getByTestId('meeting-records');
  await records.waitFor();
  await page.getByTestId('chain-check').click();
  await page.getByTestId('chain-intact').waitFor();
  await page.getByTestId('open-meeting').first().click();
  await page.getByTestId('stored-meeting').waitFor();
  await records.scrollIntoViewIfNeeded();
  await screenshot(page, 'meeting-audit-tablet');
  await page.context().close();
});
