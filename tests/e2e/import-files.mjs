// Files for the import tests (import.test.mjs, import-fresh.test.mjs): resident ID numbers
// with their true check character, customer and holding rows in the templates' columns,
// CSV text in UTF-8 or GBK, and the import page driven as a user drives it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of an ID number's first 17 digits (GB 11643). */
export function checkChar(first17) {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return CHECK[sum % 11];
}

/** An 18-digit resident ID of someone born on `birth` (YYYY-MM-DD), serial `seq` (0–999). */
export function residentId(birth, seq) {
  const first17 = `110105${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

/** The same number in the old 15-digit form (no century, no check character). */
export function fifteenDigitForm(id18) {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

/** The same number with a wrong check character. */
export function wrongCheck(id18) {
  const right = id18[17];
  const wrong = right === '1' ? '2' : '1';
  return id18.slice(0, 17) + wrong;
}

/** A run's own figures: unique customer numbers, names, serials and phones per run. */
export function runTag() {
  const n = Date.now() % 1_000_000_000;
  return {
    tag: n.toString(36).toUpperCase(),
    // Serials and phone tails from the clock, so a re-run on the same server differs.
    seq: n % 1000,
    phoneTail: String(n % 100_000_000).padStart(8, '0'),
  };
}

/** A CSV line: cells quoted when they need it. */
function line(cells) {
  return cells
    .map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c))
    .join(',');
}

/** CSV text of a header and rows (arrays of cells), CRLF line ends. */
export function csv(header, rows) {
  return [header, ...rows].map(line).join('\r\n') + '\r\n';
}

/** `text` as GBK bytes (what Excel on a Chinese Windows writes). */
export function gbk(text) {
  return execFileSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("gbk"))'], {
    input: text,
  });
}

/** Chooses the kind and the file on the import page, uploads it and waits for the report. */
export async function importFile(page, { kind, name, bytes, drop = false }) {
  await page.getByTestId(`import-kind-${kind}`).check();
  if (drop) {
    const dataTransfer = await page.evaluateHandle(
      ({ data, fileName }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(data)], fileName, { type: 'text/csv' }));
        return dt;
      },
      { data: [...bytes], fileName: name },
    );
    await page.dispatchEvent('[data-testid=import-drop]', 'drop', { dataTransfer });
  } else {
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });
  }
  assert.equal(await page.getByTestId('import-chosen').innerText(), `Chosen file: ${name}`);
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-counts').waitFor({ timeout: 60_000 });
}

/** The figure of one count of the report (`valid`, `invalid`, `merges`, `near`, `unknown`). */
export async function countOf(page, key) {
  return Number(await page.getByTestId(`import-count-${key}`).getAttribute('data-count'));
}

/** The report's lines on the page: row, column, problem code and words. */
export async function problemsShown(page) {
  // The table's page is fetched after the counts.
  await page.locator('[data-testid=import-problem], [data-testid=import-no-problems]').first().waitFor();
  return page.getByTestId('import-problem').evaluateAll((rows) =>
    rows.map((r) => ({
      row: Number(r.dataset.row),
      column: r.dataset.column,
      problem: r.dataset.problem,
      text: r.innerText,
    })),
  );
}
