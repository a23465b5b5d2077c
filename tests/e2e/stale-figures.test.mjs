// Stale figures of a big scope (docs/rules.md, Big scopes, "Stale figures while new ones
// are computed"): with the policy's browser limit lowered below manager01's branch, the
// branch's figures come from the server. After a write to the branch (manager01 logs a
// contact with a customer whose contact is overdue), the home says "Figures as of HH:MM,
// being updated" (数据截至 HH:MM，正在更新 in Chinese) with the time the shown figures
// were computed, and then, without a reload, shows the new figures: one overdue contact
// fewer, as the API counts. At desk size in English and tablet size in Chinese, with
// screenshots and axe. The policy is put back afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot, expectAccessible, lowerBrowserLimit } from './support.mjs';

let browser;
let admin;
let saved;
let restorePolicy;

before(async () => {
  browser = await launchBrowser();
  admin = await apiAs('admin');
  ({ saved, restore: restorePolicy } = await lowerBrowserLimit(admin, 100));
});

after(async () => {
  await restorePolicy?.();
  await admin?.dispose();
  await browser?.close();
});

/**
 * The scope's figures once they are fresh. Asking for stale ones starts their
 * computation (a policy change or a write makes them stale), so this asks until the
 * answer is fresh, a few times a second, for up to a minute.
 */
async function freshFigures(api) {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await api.get('/api/scope/figures');
    assert.equal(r.status(), 200, await r.text());
    const answer = await r.json();
    if (!answer.stale) return answer;
    assert.ok(Date.now() < until, 'the figures were still stale after a minute');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The note's time as the app writes it in the page's time zone (UTC here). */
function asOf(ms) {
  const at = new Date(ms);
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
  const sameDay = at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? time : `${at.toISOString().slice(0, 10)} ${time}`;
}

const NOTE = {
  en: (when) => `Figures as of ${when}, being updated`,
  zh: (when) => `数据截至 ${when}，正在更新`,
};

for (const viewport of ['desk', 'tablet']) {
  const lang = viewport === 'desk' ? 'en' : 'zh';
  test(`after a write the branch's home says its figures are being updated, then shows the new ones (${viewport}, ${lang})`, async () => {
    const manager = await apiAs('manager01');
    const size = await (await manager.get('/api/scope')).json();
    assert.ok(size.server_figures, `the branch (${size.customers}) is above the limit`);
    const shown = await freshFigures(manager);
    const overdue = shown.figures.summary.care_counts.contacts_overdue;
    // A customer overdue whatever their tier (no date set by hand, no contact for longer
    // than any tier's interval), from the end of the branch's list (the other tests'
    // customers come from its start).
    const { today } = await (await manager.get('/api/clock')).json();
    const longest = Math.max(...Object.values(saved.contact));
    const before = new Date(Date.parse(today) - (longest + 1) * 86_400_000).toISOString().slice(0, 10);
    const book = (await (await manager.get('/api/book')).json()).customers;
    const customer = book.findLast((c) => c.next_contact_on == null && (c.last_contact_on ?? c.since) < before);
    assert.ok(customer, 'a customer of the branch is overdue for a contact');

    const page = await newPage(browser, viewport, { timezoneId: 'UTC' });
    await signIn(page, 'manager01');
    const overdueGroup = page.locator('[data-testid=server-care] [data-work=overdue]');
    await overdueGroup.waitFor();
    if (lang === 'zh') {
      await page.getByRole('button', { name: '中文' }).click();
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    }
    assert.equal(Number(await overdueGroup.getAttribute('data-count')), overdue);
    assert.equal(await page.getByTestId('figures-stale').count(), 0, 'fresh figures carry no note');

    // The write: a contact logged today with the overdue customer.
    const r = await manager.post(`/api/customers/${customer.id}/interactions`, {
      data: { kind: 'Call', channel: 'Phone', occurred_on: today, outcome: 'Interested', note: `Stale figures test (${viewport}).` },
    });
    assert.equal(r.status(), 201, await r.text());

    // Home asks again: the figures computed before the write, marked, at once.
    await page.reload();
    const note = page.getByTestId('figures-stale');
    await note.waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-CN' : 'en');
    assert.equal((await note.textContent()).trim(), NOTE[lang](asOf(shown.computed_at)));
    assert.equal(Number(await overdueGroup.getAttribute('data-count')), overdue, 'the figures shown are the old ones');
    await screenshot(page, `stale-figures-${viewport}-${lang}`);
    await expectAccessible(page, `stale figures ${viewport}`);

    // Then the new figures, without a reload: the app asks again until they are fresh.
    await note.waitFor({ state: 'detached', timeout: 60_000 });
    const fresh = await freshFigures(manager);
    assert.equal(fresh.figures.summary.care_counts.contacts_overdue, overdue - 1, 'the contact is no longer overdue');
    await page.locator(`[data-testid=server-care] [data-work=overdue][data-count="${overdue - 1}"]`).waitFor();
    await screenshot(page, `stale-figures-updated-${viewport}-${lang}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
    await manager.dispose();
  });
}
