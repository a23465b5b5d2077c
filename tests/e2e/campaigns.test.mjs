// Campaigns (营销活动) at desk and tablet sizes: manager01 defines a campaign on a segment
// (the count previewed in the browser), starts it; rm01 works it from home (logs the
// responses); the results page shows the counts. Each run makes its own campaign, so no
// data other tests rely on changes (members and responses live in the campaign's tables).
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

for (const viewport of ['desk', 'tablet']) {
  test(`a branch manager runs a campaign, an RM works it, the results count it (${viewport})`, async () => {
    const name = `E2E seminar ${viewport} ${Date.now()}`;

    // manager01 defines the campaign and starts it.
    const manager = await newPage(browser, viewport);
    await signIn(manager, 'manager01');
    await manager.getByRole('heading', { name: 'My book' }).waitFor();
    await manager.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await manager.getByTestId('new-campaign-form').waitFor();
    await manager.getByTestId('campaign-name').fill(name);
    await manager.getByTestId('campaign-kind').selectOption('0');
    await manager.getByTestId('campaign-goal').fill('Thirty attendees');
    await manager.getByTestId('campaign-offer').fill('A seat and a portfolio review');
    await manager.getByTestId('campaign-starts').fill('2026-12-01');
    await manager.getByTestId('campaign-ends').fill('2026-12-31');
    await manager.getByTestId('campaign-event').fill('2026-12-12');
    await manager.getByTestId('segment-tier').selectOption('1');
    await manager.waitForFunction(
      () => /\d/.test(document.querySelector('[data-testid=segment-preview-count]')?.textContent ?? ''),
    );
    const preview = Number(
      (await manager.getByTestId('segment-preview-count').textContent()).replace(/\D/g, ''),
    );
    assert.ok(preview > 0, 'Gold and above in the branch');
    await manager.getByTestId('create-campaign').click();
    const created = manager.getByTestId('campaign-created');
    await created.waitFor();
    const id = await created.getAttribute('data-campaign-id');
    await created.getByRole('link').click();
    await manager.getByTestId('start-campaign').click();
    await manager.getByTestId('finish-campaign').waitFor();
    const members = Number(await manager.getByTestId('campaign-facts').getAttribute('data-members'));
    const excluded = Number(await manager.getByTestId('campaign-facts').getAttribute('data-excluded'));
    // The server froze the same segment the browser previewed (opt-outs counted apart).
    assert.equal(members + excluded, preview);
    await screenshot(manager, `campaign-${viewport}`);

    // rm01 finds it on home and logs a response path for one customer.
    const rm = await newPage(browser, viewport);
    await signIn(rm, 'rm01');
    const work = rm.getByTestId('campaign-work');
    await work.locator(`li[data-campaign-id="${id}"]`).waitFor();
    await work.locator(`li[data-campaign-id="${id}"] a`).click();
    await rm.getByTestId('campaign-members').waitFor();
    const row = rm.locator('tr[data-response="None"]:has([data-testid="respond-Invited"])').first();
    const customer = await row.getAttribute('data-customer-id');
    const mine = rm.locator(`tr[data-customer-id="${customer}"]`);
    await mine.getByTestId('respond-Invited').click();
    await rm.waitForSelector(`tr[data-customer-id="${customer}"][data-response="Invited"]`);
    await mine.getByTestId('respond-Accepted').click();
    await rm.waitForSelector(`tr[data-customer-id="${customer}"][data-response="Accepted"]`);
    await mine.getByTestId('respond-Attended').click();
    await rm.waitForSelector(`tr[data-customer-id="${customer}"][data-response="Attended"]`);
    assert.equal(await mine.getByTestId('respond-Declined').count(), 0, 'attended is final');
    await screenshot(rm, `campaign-rm-${viewport}`);

    // The results page shows the counts, as the API does.
    await manager.getByTestId('campaign-results-link').click();
    const total = manager.getByTestId('results-total');
    await total.waitFor();
    const figure = async (key) => Number(await total.locator(`[data-figure=${key}]`).getAttribute('data-value'));
    assert.equal(await figure('attended'), 1);
    assert.equal(await figure('accepted'), 1);
    assert.equal(await figure('reached'), 1);
    assert.equal(await figure('members'), members);
    const api = await apiAs('manager01');
    const results = await (await api.get(`/api/campaigns/${id}/results`)).json();
    await api.dispose();
    assert.equal(results.total.attended, 1);
    assert.equal(results.total.not_reached.customers, members - 1);
    await manager.getByTestId('results-comparison').first().waitFor();
    await screenshot(manager, `campaign-results-${viewport}`);

    assert.deepEqual(manager.problems, []);
    assert.deepEqual(rm.problems, []);
    await manager.context().close();
    await rm.context().close();
  });
}
