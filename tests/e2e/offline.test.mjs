// Offline work on a tablet (docs/rules.md, Offline): customers prepared for offline use,
// the customer page drawn from the encrypted local copy when the network is down,
// changes queued and sent exactly once when it returns, a conflict shown rather than
// overwritten, a change for a customer reassigned meanwhile refused and kept, and the
// IndexedDB contents unreadable as plain text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot, expectAccessible } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

function inDays(n) {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

/** Console errors but those of the requests the browser makes while offline. */
function unexpected(page) {
  return page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|status of 40[49]/.test(p));
}

/** Every raw value of the offline store as text: bytes decoded as UTF-8, the rest as JSON. */
async function rawStore(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('clientbook-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('records')) return resolve({ keys: [], text: '' });
          const store = db.transaction('records', 'readonly').objectStore('records');
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = () => {
            const dec = new TextDecoder('utf-8', { fatal: false });
            const text = values.result
              .map((v) => {
                if (v instanceof CryptoKey) return `[CryptoKey extractable=${v.extractable}]`;
                return Object.entries(v)
                  .map(([k, x]) => `${k}=${x instanceof Uint8Array ? dec.decode(x) : JSON.stringify(x)}`)
                  .join(' ');
              })
              .join('\n');
            resolve({ keys: keys.result, text });
          };
        };
      }),
  );
}

async function waiting(page) {
  return (await page.getByTestId('waiting-to-sync').innerText()).trim();
}

test('a prepared customer works offline and its changes sync exactly once', async () => {
  // An RM of manager01's branch, and three of their last customers (others use the first).
  const admin = await apiAs('admin');
  const users = (await (await admin.get('/api/users')).json()).users;
  const manager = await apiAs('manager01');
  const branchBook = (await (await manager.get('/api/book')).json()).customers;
  const rmUser = users.find((u) => u.username === 'rm06' && branchBook.some((c) => c.rm_id === u.id))
    ?? users.find((u) => /^rm\d+$/.test(u.username) && branchBook.some((c) => c.rm_id === u.id));
  const colleague = users.find((u) => /^rm\d+$/.test(u.username) && u.id !== rmUser.id && u.branch_id === rmUser.branch_id);
  assert.ok(rmUser && colleague, 'an RM and a colleague of the branch');
  const api = await apiAs(rmUser.username);
  const book = (await (await api.get('/api/book')).json()).customers;
  const [a, b, c] = book.slice(-3);
  const compliance = await apiAs('compliance01');
  // Words of this run only (the server may have run the test before).
  const run = Date.now().toString(36);
  const visited = `Visited at home, offline ${run}`;
  const queuedBefore = `Queued before the reassignment ${run}`;

  const page = await newPage(browser, 'tablet');
  await signIn(page, rmUser.username);
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  for (const customer of [c, b, a]) {
    await page.goto(`/customers/${customer.id}`);
    await page.getByTestId('prepare-offline').click();
    await page.getByTestId('prepare-result').getByText('Ready offline').waitFor();
  }
  await page.getByTestId('offline-ready').getByText('3 customers ready offline').waitFor();
  const released = await (await compliance.get(`/api/audit?user=${rmUser.username}&action=read_offline_key`)).json();
  assert.ok(released.entries.length >= 1, 'the secret release is audited');

  const before = (await (await api.get(`/api/customers/${a.id}`)).json());
  before.auditedContacts = (await (await compliance.get(`/api/audit?customer=${a.id}&action=record_interaction`)).json()).entries.length;
  const contactsBefore = before.interactions.length;
  const surveysBefore = before.customer.surveys.length;

  // The network goes down: the page is drawn from the local copy.
  await page.context().setOffline(true);
  await page.getByTestId('offline-banner').waitFor();
  assert.match(await page.getByTestId('offline-banner').innerText(), /^Offline — saved /);
  // Not yet: a reload with no network starts the app from the service worker's cache
  // (tests/e2e/pwa.test.mjs), but the app then cannot ask the server who is signed in and
  // shows the sign-in frame, not this customer. Opening signed in while offline is the
  // part of issue 14 still to build.
  console.log('# skipped the offline reload: opening signed in with no network is not built yet');
  await page.getByTestId('offline-contact-form').getByLabel('What was said').fill(visited);
  await page.getByTestId('offline-contact-form').getByRole('button', { name: 'Save on this tablet' }).click();
  await page.getByTestId('offline-flash').getByText('Saved on this tablet').waitFor();
  await page.getByTestId('offline-survey-form').getByLabel('Would recommend us (0–10)').selectOption('8');
  await page.getByTestId('offline-survey-form').getByRole('button', { name: 'Save on this tablet' }).click();
  await page.getByTestId('waiting-to-sync').getByText('2 waiting to sync').waitFor();
  await expectAccessible(page, 'offline customer page');
  await screenshot(page, 'offline-customer-tablet');

  // The local copy is not readable as plain text (customers and queued changes alike).
  const raw = await rawStore(page);
  assert.ok(raw.keys.filter((k) => k.startsWith('c:')).length === 3, `three customers stored: ${raw.keys}`);
  assert.ok(raw.keys.filter((k) => k.startsWith('q:')).length === 2, 'two changes queued');
  for (const customer of [a, b, c]) {
    assert.ok(!raw.text.includes(customer.name), `${customer.name} is not in the store as text`);
    assert.ok(!raw.text.includes(customer.phone), `${customer.phone} is not in the store as text`);
  }
  assert.ok(!raw.text.includes(visited), 'the queued contact is encrypted too');
  assert.match(raw.text, /\[CryptoKey extractable=false\]/);

  // Customer b: a next contact date set offline, while a colleague sets another online.
  await page.getByTestId('offline-panel').getByText('3 customers ready offline').click();
  await page.getByTestId('offline-panel').getByRole('link', { name: b.name }).click();
  // The forms of the page left behind are there until b's page replaces them: wait for b.
  await page.getByTestId('offline-customer').getByRole('heading', { level: 1, name: b.name }).waitFor();
  await page.getByTestId('offline-next-contact-form').waitFor();
  const mine = inDays(20);
  const theirs = inDays(30);
  await page.getByTestId('offline-next-contact-form').getByLabel('Next contact date').fill(mine);
  await page.getByTestId('offline-next-contact-form').getByRole('button', { name: 'Save on this tablet' }).click();
  await page.getByTestId('waiting-to-sync').getByText('3 waiting to sync').waitFor();
  const bNow = (await (await api.get(`/api/customers/${b.id}`)).json()).customer;
  const changed = await api.put(`/api/customers/${b.id}/next-contact`, {
    data: { next_contact_on: theirs, version: bNow.version },
  });
  assert.equal(changed.status(), 200, await changed.text());

  // Customer c: a contact logged offline, and the customer reassigned meanwhile.
  await page.getByTestId('offline-panel').getByText('3 customers ready offline').click();
  await page.getByTestId('offline-panel').getByRole('link', { name: c.name }).click();
  await page.getByTestId('offline-customer').getByRole('heading', { level: 1, name: c.name }).waitFor();
  await page.getByTestId('offline-contact-form').getByLabel('What was said').fill(queuedBefore);
  await page.getByTestId('offline-contact-form').getByRole('button', { name: 'Save on this tablet' }).click();
  await page.getByTestId('waiting-to-sync').getByText('4 waiting to sync').waitFor();
  const cNow = (await (await manager.get(`/api/customers/${c.id}`)).json()).customer;
  const moved = await manager.put(`/api/customers/${c.id}/owner`, {
    data: { rm_id: colleague.id, version: cNow.version },
  });
  assert.equal(moved.status(), 200, await moved.text());

  // The network returns: the queue is sent.
  await page.context().setOffline(false);
  await page.getByTestId('conflict-screen').waitFor();
  await page.getByTestId('refused-change').waitFor();
  await page.getByTestId('waiting-to-sync').getByText('0 waiting to sync').waitFor();

  // Exactly once, and audited, even after another sync.
  await page.getByTestId('sync-now').click();
  await page.getByTestId('sync-now').getByText('Sync now').waitFor();
  const after = await (await api.get(`/api/customers/${a.id}`)).json();
  const offlineContacts = after.interactions.filter((i) => i.note === visited);
  assert.equal(offlineContacts.length, 1, 'one contact');
  assert.equal(after.interactions.length, contactsBefore + 1);
  assert.equal(after.customer.surveys.length, surveysBefore + 1, 'one survey');
  const audited = await (await compliance.get(`/api/audit?customer=${a.id}&action=record_interaction`)).json();
  const auditedBefore = before.auditedContacts;
  assert.equal(audited.entries.length, auditedBefore + 1, 'the contact is audited once');

  // The conflict: mine against the server's, nothing overwritten until chosen.
  assert.match(await page.getByTestId('conflict-mine').innerText(), new RegExp(mine));
  assert.match(await page.getByTestId('conflict-theirs').innerText(), new RegExp(theirs));
  const bServer = (await (await api.get(`/api/customers/${b.id}`)).json()).customer;
  assert.equal(bServer.next_contact_on, theirs, 'not silently overwritten');
  await screenshot(page, 'offline-conflict-tablet');

  // The refused change: a clear message and a copy to read.
  const refused = page.getByTestId('refused-change');
  assert.match(await refused.innerText(), /no longer in your book/);
  assert.match(await refused.locator('textarea').inputValue(), new RegExp(queuedBefore));
  await screenshot(page, 'offline-refused-tablet');
  const cContacts = (await (await manager.get(`/api/customers/${c.id}`)).json()).interactions;
  assert.ok(!cContacts.some((i) => i.note === queuedBefore), 'nothing written for c');

  // Keep mine: sent on top of the server's version.
  await page.getByTestId('keep-mine').click();
  await page.getByTestId('conflict-screen').waitFor({ state: 'detached' });
  await page.waitForFunction(
    async ([id, date]) => (await (await fetch(`/api/customers/${id}`)).json()).customer.next_contact_on === date,
    [b.id, mine],
    { polling: 500, timeout: 15_000 },
  );

  // Leave the demo bank as it was: c back to its RM.
  const cBack = (await (await manager.get(`/api/customers/${c.id}`)).json()).customer;
  const back = await manager.put(`/api/customers/${c.id}/owner`, {
    data: { rm_id: c.rm_id, version: cBack.version },
  });
  assert.equal(back.status(), 200);

  assert.deepEqual(unexpected(page), []);

  // Signing out erases everything kept offline.
  await page.goto('/');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  assert.ok((await rawStore(page)).keys.length > 0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').waitFor();
  assert.deepEqual((await rawStore(page)).keys, []);
  assert.deepEqual(unexpected(page), []);
  for (const client of [admin, manager, api, compliance]) await client.dispose();
  await page.context().close();
});
