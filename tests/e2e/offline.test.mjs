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
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
  await page.context().setOffline(true);
  await page.getByTestId('offline-banner').waitFor();
  assert.match(await page.getByTestId('offline-banner').innerText(), /^Offline — saved /);
  // A reload with no network: the app starts from the service worker's cache, opens
  // signed in from the sealed session and draws the customer from the local copy.
  await page.reload();
  await page.getByTestId('offline-customer').getByRole('heading', { level: 1, name: a.name }).waitFor();
  assert.match(await page.getByTestId('offline-banner').innerText(), /^Offline — saved /);
  assert.match(await page.getByTestId('offline-signed-in').innerText(), /signed in on this tablet as/);
  await page.getByTestId('offline-panel').getByTestId('offline-ready').waitFor();
  assert.equal(await page.getByTestId('offline-ready').count(), 1, 'the ready list, once');
  await screenshot(page, 'offline-reload-tablet');
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

  // The refused change: a clear message, the change in words, and a copy to read.
  const refused = page.getByTestId('refused-change');
  assert.match(await refused.innerText(), /no longer in your book/);
  assert.ok((await refused.innerText()).includes(`Contact · ${c.name}`), 'the kind and the customer');
  assert.ok((await refused.getByTestId('refused-what').innerText()).includes(queuedBefore), 'what was said');
  assert.match(await refused.innerText(), /Queued/);
  const copyText = await refused.locator('textarea').inputValue();
  assert.match(copyText, new RegExp(queuedBefore));
  assert.doesNotMatch(copyText, /[{}]/, 'words, not JSON');
  await refused.getByRole('button', { name: 'Copy the change' }).click();
  await refused.getByTestId('copy-result').getByText(/Copied\.|Select the text below/).waitFor();
  await expectAccessible(page, 'conflict and refused change');
  for (const name of ['sync-now', 'keep-mine', 'keep-theirs', 'copy-refused']) {
    const box = await page.getByTestId(name).first().boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `${name} is a touch target: ${JSON.stringify(box)}`);
    const size = await page.getByTestId(name).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 14, `${name} text is ${size}px`);
  }
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
  // Home's figures drawn: its book's requests are answered, none is in flight to be
  // refused (401) once the session ends.
  await page.getByTestId('total-aum').waitFor();
  assert.ok((await rawStore(page)).keys.length > 0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  try {
    await page.getByLabel('Username').waitFor();
  } catch (e) {
    // Seen twice under heavy machine load, not yet explained: say where the page was.
    console.log('# sign-out did not reach the sign-in page:', page.url(), JSON.stringify(page.problems).slice(0, 2000));
    await screenshot(page, 'offline-signout-failed');
    throw e;
  }
  assert.deepEqual((await rawStore(page)).keys, []);
  assert.deepEqual(unexpected(page), []);
  for (const client of [admin, manager, api, compliance]) await client.dispose();
  await page.context().close();
});

for (const viewport of ['tablet', 'tablet-portrait']) {
  test(`an offline reload on a customer not prepared says so, with the ready list (${viewport})`, async () => {
    // The branch's other RM (the test above uses the first), one customer prepared.
    const admin = await apiAs('admin');
    const users = (await (await admin.get('/api/users')).json()).users;
    const rms = users.filter((u) => /^rm\d+$/.test(u.username)).sort((x, y) => x.username.localeCompare(y.username));
    const rmUser = rms.find((u) => u.username === 'rm07') ?? rms.at(-1);
    const api = await apiAs(rmUser.username);
    const book = (await (await api.get('/api/book')).json()).customers;
    const prepared = book.at(-5);
    const other = book.at(-6);

    const page = await newPage(browser, viewport);
    await signIn(page, rmUser.username);
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.goto(`/customers/${prepared.id}`);
    await page.getByTestId('prepare-offline').click();
    await page.getByTestId('prepare-result').getByText('Ready offline').waitFor();
    // The page loaded while the first worker may have been activating; the app asks the
    // worker to take it then (src/pwa.rs; pwa.test.mjs makes that race certain).
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });

    await page.context().setOffline(true);
    await page.goto(`/customers/${other.id}`);
    const missing = page.getByTestId('offline-not-prepared');
    await missing.waitFor();
    assert.match(await missing.innerText(), /not prepared for offline/);
    await missing.getByText('1 customers ready offline').waitFor();
    assert.equal(await missing.getByRole('link', { name: prepared.name }).count(), 1);
    assert.ok(!(await page.locator('main').innerText()).includes(other.name), 'nothing of the other customer');
    await expectAccessible(page, `offline, customer not prepared (${viewport})`);
    await screenshot(page, `offline-not-prepared-${viewport}`);

    // Any other screen: "not available offline", with the same list.
    await page.goto('/');
    const unavailable = page.getByTestId('offline-unavailable');
    await unavailable.getByRole('heading', { name: 'Not available offline' }).waitFor();
    await unavailable.getByRole('link', { name: prepared.name }).click();
    await page.getByTestId('offline-customer').getByRole('heading', { level: 1, name: prepared.name }).waitFor();

    // The network returns: the server says who is signed in, and the app is whole again.
    await page.context().setOffline(false);
    await page.getByTestId('prepare-offline').waitFor();
    await page.goto('/');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    assert.deepEqual(unexpected(page), []);
    // The copies stay for the next trip (signing out erases them: the test above).
    assert.ok((await rawStore(page)).keys.some((k) => k === `c:${prepared.id}`));
    for (const client of [admin, api]) await client.dispose();
    await page.context().close();
  });
}
