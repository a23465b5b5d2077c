// One truth per customer (issue 17), the tablet customer list (issue 14) and the branch
// view naming its RMs with a searchable reassignment.
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

const bandOf = (cls) => (/churn-high/.test(cls) ? 'High' : /churn-medium/.test(cls) ? 'Medium' : 'Low');

test('customers of rm01 opened from the list show the tier and churn of the list, and the page fetches only the record', async () => {
  const page = await newPage(browser, 'desk');
  await signIn(page, 'rm01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  const rows = page.locator('[data-customer-id]');
  await rows.first().waitFor();
  const listed = await rows.evaluateAll((els) =>
    els.slice(0, 5).map((r) => ({
      id: r.getAttribute('data-customer-id'),
      tier: r.querySelector('[data-tier]').getAttribute('data-tier'),
      churn: r.querySelector('[data-churn]').getAttribute('data-churn'),
      cls: r.querySelector('[data-churn]').className,
    })),
  );
  assert.equal(listed.length, 5);
  for (const row of listed) {
    const requests = [];
    const seen = (r) => {
      // What the page reads; it also records which recommendations it showed (a POST,
      // for measuring the rules), which is not a second copy of anything.
      if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/api/')) {
        requests.push(new URL(r.url()).pathname);
      }
    };
    page.on('request', seen);
    await page.locator(`[data-customer-id="${row.id}"] a.customer-name`).click();
    const header = page.getByTestId('customer-header');
    await header.waitFor();
    const tier = await header.locator('[data-tier]').getAttribute('data-tier');
    const score = (await page.getByTestId('churn-score').innerText()).trim();
    const band = await page.getByTestId('churn').locator('[data-band]').getAttribute('data-band');
    assert.equal(tier, row.tier, `tier of customer ${row.id}`);
    assert.equal(score, row.churn, `churn score of customer ${row.id}`);
    assert.equal(band, bandOf(row.cls), `churn band of customer ${row.id}`);
    page.off('request', seen);
    // The book in context holds the shelf, the policy and the care markers. The household
    // (whose members outside the book are only a count) and the contact fields'
    // confirmation dates are not in the book: their sections fetch them.
    assert.deepEqual(
      [...requests].sort(),
      [`/api/customers/${row.id}`, `/api/customers/${row.id}/household`, `/api/customers/${row.id}/stale-fields`],
      `requests of the customer page: ${requests}`,
    );
    await page.goBack();
    await page.locator(`[data-customer-id="${row.id}"]`).waitFor();
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** Every cell (and header) of the visible list whose content is wider than its box. */
async function cutCells(page) {
  return page.evaluate(() => {
    const cut = [];
    const cells = document.querySelectorAll('.book-table [role=cell], .book-table [role=columnheader]');
    for (const cell of cells) {
      for (const el of [cell, ...cell.querySelectorAll('*')]) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || el.classList.contains('visually-hidden')) continue;
        if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
          cut.push(`${cell.className}: "${el.textContent.trim()}" ${el.scrollWidth}>${el.clientWidth}`);
        }
      }
    }
    return cut;
  });
}

/** Text of the list set under 14px. */
async function smallText(page) {
  return page.evaluate(() => {
    const small = [];
    for (const el of document.querySelectorAll('.book-table *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest('.visually-hidden') || getComputedStyle(el).display === 'none') continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 14) small.push(`${el.className || el.tagName}: ${size}px "${el.textContent.trim()}"`);
    }
    return small;
  });
}

for (const viewport of ['desk', 'tablet', 'tablet-portrait']) {
  test(`no cell of the customer list is cut at ${viewport} size (on tablets in Chinese too)`, async () => {
    const page = await newPage(browser, viewport);
    await signIn(page, 'rm01');
    await page.getByRole('heading', { name: 'My book' }).waitFor();
    // Private banking first: the widest tier badges and amounts.
    await page.goto('/customers?sort=tier&dir=desc');
    await page.locator('[data-customer-id]').first().waitFor();
    await page.waitForTimeout(200);
    const shown = await page.locator('[data-customer-id]').count();
    assert.ok(shown >= 5, `rows shown: ${shown}`);
    assert.deepEqual(await cutCells(page), [], 'no cut cell');
    assert.deepEqual(await smallText(page), [], 'no text under 14px');
    if (viewport !== 'desk') {
      // Nothing hover-only: next contact and churn read in the row itself.
      const labels = await page.locator('[data-customer-id] .card-label').first().isVisible();
      assert.ok(labels, 'the two-line rows label their figures');
    }
    await screenshot(page, `customers-list-${viewport}`);
    if (viewport !== 'desk') {
      await page.getByRole('button', { name: /中文/ }).click();
      await page.getByRole('heading', { name: '客户' }).waitFor();
      await page.waitForTimeout(200);
      assert.deepEqual(await cutCells(page), [], 'no cut cell in Chinese');
      await screenshot(page, `customers-list-${viewport}-zh`);
    }
    // Scrolling deep into the list still places the rows where they belong.
    await page.locator('.book-table').evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await page.waitForTimeout(200);
    const visible = await page.locator('.book-table').evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll('.book-body > .book-row')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.bottom > box.top && b.top < box.bottom;
      }).length;
    });
    assert.ok(visible > 0, 'rows are rendered mid-list');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('the branch view names each RM and reassigns a customer found by search', async () => {
  const manager = await apiAs('manager01');
  const staff = (await (await manager.get('/api/staff')).json()).staff;
  const branchBook = await (await manager.get('/api/book')).json();
  const names = new Map(staff.map((s) => [String(s.id), s.display_name]));
  const customer = branchBook.customers[3];
  const to = staff.find((s) => s.id !== customer.rm_id);

  const page = await newPage(browser, 'tablet-portrait');
  await signIn(page, 'manager01');
  await page.getByRole('heading', { name: 'My book' }).waitFor();
  await page.goto('/branch');
  const rows = page.locator('[data-testid=branch-books] tr[data-rm-id]');
  await rows.first().waitFor();
  const shown = await rows.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-rm-id'), e.querySelector('th').textContent.trim()]),
  );
  for (const [id, name] of shown) {
    assert.equal(name, names.get(id), `RM ${id} is named`);
    assert.doesNotMatch(name, /RM #/);
  }

  // Search by customer number, pick with the keyboard.
  const search = page.getByRole('combobox', { name: 'Find the customer' });
  await search.fill(String(customer.id));
  const options = page.getByTestId('reassign-matches').getByRole('option');
  await options.first().waitFor();
  assert.equal(await options.first().getAttribute('data-customer-id'), String(customer.id));
  await search.press('Enter');
  await page.getByTestId('reassign-current').waitFor();
  assert.match(await page.getByTestId('reassign-current').innerText(), new RegExp(names.get(String(customer.rm_id))));

  // Search by the RM's name offers that RM's customers, picked with a tap.
  await search.fill(names.get(String(to.id)).slice(0, 3));
  await options.first().waitFor();
  const rmOfOptions = await options.evaluateAll((els) => els.map((e) => e.querySelector('.match-rm').textContent));
  assert.ok(rmOfOptions.length > 0);
  assert.ok(rmOfOptions.every((n) => n === names.get(String(to.id))), `customers of that RM: ${rmOfOptions}`);
  await search.fill(String(customer.id));
  await options.first().click();
  await screenshot(page, 'branch-reassign-tablet-portrait');

  await page.getByLabel('New relationship manager').selectOption(String(to.id));
  await page.getByRole('button', { name: 'Reassign' }).click();
  await page.getByText('Customer reassigned.').waitFor();
  const after = await (await manager.get(`/api/customers/${customer.id}`)).json();
  assert.equal(after.customer.rm_id, to.id);

  // Leave the demo bank as it was for the other tests.
  const back = await manager.put(`/api/customers/${customer.id}/owner`, {
    data: { rm_id: customer.rm_id, version: after.customer.version },
  });
  assert.equal(back.status(), 200);
  await manager.dispose();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
