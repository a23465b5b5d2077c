// Opportunities (商机): at desk and tablet, an RM opens an opportunity from a
// recommendation on the customer page, moves it through the pipeline to won (confirming
// the investor protection if the server asks for it), and the pipeline and the API show
// it won; a branch manager sees the branch's pipeline per RM. Works on rm08's customers
// and opportunities it opens itself, which no other test uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, signIn, apiAs, screenshot, waitForOrShow } from './support.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const RM = 'rm08';

/** Opens the first customer page (of `ids`) with an "Open opportunity" button. */
async function customerWithRecommendation(page, ids) {
  for (const id of ids) {
    await page.goto(`/customers/${id}`);
    await page.locator('#cv-recs').waitFor();
    if ((await page.getByTestId('open-opportunity').count()) > 0) return id;
  }
  throw new Error('no customer with a recommendation');
}

for (const viewport of ['desk', 'tablet']) {
  test(`an RM turns a recommendation into a won opportunity (${viewport})`, async () => {
    const api = await apiAs(RM);
    const book = await (await api.get('/api/book')).json();
    const ids = book.customers.map((c) => c.id).slice(viewport === 'desk' ? 0 : 10, viewport === 'desk' ? 10 : 40);

    const page = await newPage(browser, viewport);
    await signIn(page, RM);
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    await page.getByTestId('overdue-next-steps').waitFor();
    const customer = await customerWithRecommendation(page, ids);
    await page.getByTestId('open-opportunity').first().click();
    const opened = page.locator('.opened[data-opportunity-id]').first();
    await opened.waitFor();
    const id = await opened.getAttribute('data-opportunity-id');
    const created = await (await api.get(`/api/opportunities/${id}`)).json();
    assert.equal(created.stage, 'identified');
    assert.equal(created.customer_id, customer);
    assert.equal(created.source, 'recommendation');
    assert.ok(created.source_detail.reason, 'the figures that made it are kept');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
    const card = () => page.locator(`article[data-opportunity-id="${id}"]`);
    await page.locator('section[data-stage="identified"]').locator(`article[data-opportunity-id="${id}"]`).waitFor();
    for (const to of ['proposed', 'interested', 'won']) {
      await card().getByTestId(`move-${to}`).click();
      const moved = page.locator(`section[data-stage="${to}"] article[data-opportunity-id="${id}"]`);
      const confirm = card().getByTestId('protection-confirmation');
      await Promise.race([moved.waitFor(), confirm.waitFor()]);
      if (await confirm.isVisible()) {
        await confirm.getByRole('checkbox').check();
        await confirm.getByRole('button', { name: 'Confirm and move' }).click();
      }
      await moved.waitFor();
    }
    await card().scrollIntoViewIfNeeded();
    await screenshot(page, `pipeline-${viewport}`);
    const won = await (await api.get(`/api/opportunities/${id}`)).json();
    assert.equal(won.stage, 'won');
    assert.deepEqual(won.events.map((e) => e.to), ['identified', 'proposed', 'interested', 'won']);
    assert.deepEqual(page.problems, []);
    await api.dispose();
    await page.context().close();
  });
}

test('a branch manager sees the branch pipeline per RM (tablet)', async () => {
  const page = await newPage(browser, 'tablet');
  await signIn(page, 'manager01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/pipeline');
  await waitForOrShow(page, page.getByTestId('per-rm'), 'pipeline-per-rm');
  // The table is drawn before the branch's opportunities are in: wait for its rows.
  await waitForOrShow(page, page.getByTestId('per-rm').locator('tbody tr').nth(1), 'pipeline-per-rm-rows');
  const rows = await page.getByTestId('per-rm').locator('tbody tr').count();
  assert.ok(rows >= 2, `${rows} RMs`);
  await screenshot(page, 'pipeline-branch-tablet');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
