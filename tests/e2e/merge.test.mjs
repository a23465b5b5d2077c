// Two people editing the same record: the second save is refused (409) and the form shows
// what was saved meanwhile, with "keep mine" and "put both together" beside the reload.
// Nothing is lost silently: the API is checked after each choice.
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

/** Console errors other than the 409 the browser itself logs for the refused save. */
function unexpected(page) {
  return page.problems.filter((p) => !/status of 409/.test(p));
}

async function customerOf(api, user) {
  const book = await (await api.get('/api/book')).json();
  assert.ok(book.customers.length > 0, `${user} has customers`);
  return book.customers[0];
}

function inDays(n) {
  const d = new Date(Date.now() + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test('a note edited by someone else meanwhile can be combined with mine', async () => {
  const api = await apiAs('rm07');
  const customer = await customerOf(api, 'rm07');
  const created = await api.post(`/api/customers/${customer.id}/notes`, {
    data: { text: 'Prefers calls after 18:00.' },
  });
  assert.equal(created.status(), 201, await created.text());
  const note = await created.json();

  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm07');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto(`/customers/${customer.id}`);
  const item = page.getByTestId(`note-${note.id}`);
  await item.getByTestId('note-edit').click();
  const box = item.locator(`#note-${note.id}-text`);
  await box.fill('Prefers calls after 18:00. Daughter studies in Melbourne.');

  // A colleague saves first.
  const theirs = await api.put(`/api/customers/${customer.id}/notes/${note.id}`, {
    data: { text: 'Prefers WeChat messages.', version: note.version },
  });
  assert.equal(theirs.status(), 200, await theirs.text());

  await item.getByTestId('note-save').click();
  await item.getByTestId('conflict').waitFor();
  assert.match(await item.getByTestId('merge-theirs').innerText(), /Prefers WeChat messages\./);
  await screenshot(page, 'merge-note-tablet');

  await item.getByTestId('merge-combine').click();
  await item.getByTestId('merge-combined').waitFor();
  const combined = await box.inputValue();
  assert.match(combined, /^Prefers WeChat messages\.\n\nPrefers calls after 18:00\. Daughter studies/);
  await item.getByTestId('note-save').click();

  await page.getByTestId(`note-${note.id}`).getByTestId('note-text').waitFor();
  const notes = await (await api.get(`/api/customers/${customer.id}/notes`)).json();
  const saved = (notes.notes ?? notes).find((n) => n.id === note.id);
  assert.equal(saved.text, combined);
  assert.equal(saved.version, note.version + 2, 'both saves kept, in order');
  assert.deepEqual(
    saved.revisions.map((r) => r.text),
    ['Prefers WeChat messages.', 'Prefers calls after 18:00.'],
    'the history keeps the colleague\'s text and the original',
  );
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
  await api.dispose();
});

test('a next contact date set meanwhile is shown and mine can be kept over it', async () => {
  const api = await apiAs('rm07');
  const customer = await customerOf(api, 'rm07');
  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm07');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto(`/customers/${customer.id}`);
  const form = page.getByTestId('next-contact-form');
  await page.locator('summary', { hasText: 'Set the next contact date' }).click();
  await form.locator('#next-contact-date').fill(inDays(20));

  const detail = await (await api.get(`/api/customers/${customer.id}`)).json();
  const version = (detail.customer ?? detail).version;
  const theirs = await api.put(`/api/customers/${customer.id}/next-contact`, {
    data: { next_contact_on: inDays(10), version },
  });
  assert.equal(theirs.status(), 200, await theirs.text());

  await page.getByTestId('next-contact-submit').click();
  await form.getByTestId('conflict').waitFor();
  const shown = await form.getByTestId('merge-theirs').innerText();
  assert.ok(shown.includes(inDays(10)) && shown.includes(inDays(20)), shown);
  await screenshot(page, 'merge-next-contact-tablet');
  await form.getByTestId('merge-keep-mine').click();
  await form.getByTestId('conflict').waitFor({ state: 'detached' });

  let now;
  for (let i = 0; i < 50; i++) {
    now = await (await api.get(`/api/customers/${customer.id}`)).json();
    if ((now.customer ?? now).next_contact_on === inDays(20)) break;
    await page.waitForTimeout(100);
  }
  assert.equal((now.customer ?? now).next_contact_on, inDays(20), 'mine was kept, knowingly');
  assert.equal((now.customer ?? now).version, version + 2);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
  await api.dispose();
});
