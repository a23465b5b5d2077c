// The complaints screen: the open list matches the API for the signed-in RM, and the
// monthly analysis is shown.
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

test('an RM sees their open complaints, as the API lists them, and the monthly analysis', async () => {
  const api = await apiAs('rm04');
  const open = await (await api.get('/api/complaints?state=open')).json();
  await api.dispose();

  const page = await newPage(browser, 'tablet');
  await signIn(page, 'rm04');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=complaints-count]')?.getAttribute('data-count') === String(n),
    open.complaints.length,
  );
  const ids = await page
    .locator('tr[data-complaint-id]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-complaint-id')));
  const expected = open.complaints.map((c) => String(c.complaint.id));
  assert.deepEqual(new Set(ids), new Set(expected));
  await page.getByTestId('complaint-analysis').waitFor();
  await screenshot(page, 'complaints-tablet');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
