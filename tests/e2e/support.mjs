// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core
// (no browser download), against the release build served by the real server, whose
// address scripts/test.sh passes in CLIENTBOOK_E2E_URL.
import { chromium, request } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.CLIENTBOOK_E2E_URL ?? 'http://127.0.0.1:8080';
export const SCREENSHOTS = process.env.CLIENTBOOK_SCREENSHOTS ?? 'screenshots';
export const PASSWORD = 'clientbook-demo';

export const VIEWPORTS = {
  desk: { width: 1440, height: 900 },
  tablet: { width: 1024, height: 768 },
  'tablet-portrait': { width: 768, height: 1024 },
};

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A fresh page (own cookies) at one of the viewports above. */
export async function newPage(browser, viewport = 'desk', options = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: VIEWPORTS[viewport],
    locale: 'en-US',
    ...options,
  });
  const page = await context.newPage();
  recordProblems(page, viewport);
  return page;
}

/**
 * Keeps the page's errors in `page.problems` for the test to check, and prints an uncaught
 * error or a panic as it happens: a test that then times out waiting for the screen (the
 * wasm stopped) shows why, where it would otherwise show only the timeout.
 */
function recordProblems(page, label) {
  page.problems = [];
  // The page's last API answers (status, method, path), for `waitForOrShow`'s account of a
  // screen that never came.
  page.apiAnswers = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/')) return;
    page.apiAnswers.push(`${r.status()} ${r.request().method()} ${url.pathname}${url.search}`);
    if (page.apiAnswers.length > 40) page.apiAnswers.shift();
  });
  const record = (problem, loud) => {
    page.problems.push(problem);
    if (loud) console.error(`[${label} ${new URL(page.url() || 'about:blank').pathname}] ${problem}`);
  };
  page.on('pageerror', (e) => record(`page error: ${e.message}`, true));
  page.on('console', (m) => {
    if (m.type() === 'error') record(`console error: ${m.text()}`, m.text().includes('panicked'));
  });
}

/**
 * Waits until the app has taken over from index.html's first screen and drawn its own
 * sign-in form. Typing into the first screen is tested on its own (first-screen.test.mjs);
 * elsewhere a fill must not straddle the take-over, when a keystroke sent at that instant
 * has no field to land in.
 */
export async function appSignInForm(page) {
  await page.waitForFunction(
    () => !document.getElementById('boot') && document.querySelector('form.login-card #username'),
  );
}

export async function signIn(page, username) {
  await page.goto('/');
  await appSignInForm(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** An API client signed in as `username`, for checking what the UI shows against the API. */
export async function apiAs(username) {
  const api = await request.newContext({ baseURL: BASE_URL });
  const res = await api.post('/api/session', { data: { username, password: PASSWORD } });
  if (res.status() !== 200) throw new Error(`sign-in of ${username} failed: ${res.status()}`);
  return api;
}

/**
 * Lowers the policy's browser-book limit (docs/rules.md, Big scopes) to `maxCustomers`,
 * so a branch above it gets its figures from the server. Returns the policy as it was
 * and what puts it back.
 */
export async function lowerBrowserLimit(admin, maxCustomers) {
  const saved = await (await admin.get('/api/policy')).json();
  const lowered = structuredClone(saved);
  lowered.scale = { ...(lowered.scale ?? {}), browser_book_max_customers: maxCustomers };
  const r = await admin.put('/api/policy', { data: lowered });
  if (r.status() !== 200) throw new Error(`lowering the limit: ${r.status()} ${await r.text()}`);
  const restore = async () => {
    const back = await admin.put('/api/policy', { data: saved });
    if (back.status() !== 200) throw new Error(`restoring the policy: ${back.status()} ${await back.text()}`);
  };
  return { saved, restore };
}

/**
 * Waits for `locator` like `locator.waitFor()`; when it does not come, prints what the page
 * shows instead (its main part's text, its last API answers) and saves a screenshot
 * (`FAILED-<what>`), then fails as the wait did. For screens that have failed to appear
 * only now and then, so that the next time says why.
 */
export async function waitForOrShow(page, locator, what) {
  try {
    await locator.waitFor();
  } catch (e) {
    const text = await page
      .locator('main')
      .innerText({ timeout: 2000 })
      .catch(() => '(no main part)');
    console.error(
      `[${what}] not shown at ${new URL(page.url() || 'about:blank').pathname}; the page shows:\n` +
        `${text.slice(0, 3000)}\n[${what}] its last API answers:\n  ${(page.apiAnswers ?? []).join('\n  ')}`,
    );
    await screenshot(page, `FAILED-${what}`).catch(() => {});
    throw e;
  }
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

export function freshDir() {
  return mkdtempSync(join(tmpdir(), 'clientbook-e2e-'));
}

/**
 * Fails when axe finds any WCAG 2.1 A or AA violation on the page as it is now, listing
 * each rule, its impact and the elements it found, readably.
 *
 * Legacy mode: axe-core injected into every frame of the page and `axe.run` there, the
 * same rules with the same results (BENCHMARKS.md, "The test command … e2e"), in about
 * half the time of the default, which runs `axe.runPartial` and then opens a blank page
 * to inject axe-core again and finish the run there (for cross-origin frames, which the
 * app has none of).
 */
export async function expectAccessible(page, label) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode()
    .analyze();
  if (violations.length === 0) return;
  const lines = violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`)
      .join('\n');
    const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
    return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
  });
  throw new Error(`${label}: ${violations.length} accessibility violation(s)\n${lines.join('\n')}`);
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A server of the test's own (the binary `bin`, the app from dist/) on a free port, with
 * `args` added (its database, its demo size, its limits); resolves once `readyPath`
 * answers, and fails at once if the server exits. Stop it with `server.kill('SIGTERM')`.
 */
export async function startOwnServer(bin, args, { readyPath = '/api/health', seconds = 180 } = {}) {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ['--dist', 'dist', '--listen', `127.0.0.1:${port}`, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${baseURL}${readyPath}`)).ok) return { server, baseURL };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill('SIGTERM');
  throw new Error(`the server at ${baseURL} did not start in ${seconds} s`);
}

/** A page of a test's own server at `viewport`, recording problems (and API paths asked). */
export async function ownServerPage(browser, baseURL, viewport) {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORTS[viewport], locale: 'en-US' });
  const p = await context.newPage();
  recordProblems(p, viewport);
  p.requested = [];
  p.on('request', (r) => p.requested.push(new URL(r.url()).pathname));
  return p;
}
