import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

function runVisibleTests(command, args, files) {
  for (const f of files) {
    if (!existsSync(f) || readFileSync(f, 'utf8').trim() === '') {
      console.log(`${f} is missing or empty.`);
      process.exit(1);
    }
  }
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    console.log(`The project's tests fail (${[command, ...args].join(' ')}):\n${out}`);
    process.exit(1);
  }
}

const failures = [];
async function check(name, fn) {
  try {
    await fn();
  } catch (e) {
    const detail =
      e && (e.operator === 'strictEqual' || e.operator === 'deepStrictEqual')
        ? `expected ${JSON.stringify(e.expected)}, got ${JSON.stringify(e.actual)}`
        : String(e?.message ?? e).split('\n')[0];
    failures.push(`- ${name}: ${detail}`);
  }
}

function finish() {
  if (failures.length > 0) {
    console.log(`${failures.length} hidden check(s) failed:\n${failures.join('\n')}`);
    process.exit(1);
  }
  console.log('All checks passed.');
}

async function load(path) {
  try {
    return await import(path);
  } catch (e) {
    console.log(`Cannot import ${path.replace('../', '')}: ${String(e?.message ?? e).split('\n')[0]}`);
    process.exit(1);
  }
}

runVisibleTests(process.execPath, ['test.js'], ['test.js']);
const { formatDate, parseDate, addDays } = await load('../dates.js');
const { exportInvoices } = await load('../export.js');

const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
await check('formatDate of 31 December', () => assert.equal(formatDate(utc(1999, 12, 31)), '1999-12-31'));
await check('formatDate of 1 January', () => assert.equal(formatDate(utc(2025, 1, 1)), '2025-01-01'));
await check('formatDate of a leap day', () => assert.equal(formatDate(utc(2028, 2, 29)), '2028-02-29'));
await check('formatDate of a date in October', () => assert.equal(formatDate(utc(2010, 10, 7)), '2010-10-07'));
await check('formatDate ignores the time of day (UTC)', () =>
  assert.equal(formatDate(new Date(Date.UTC(2021, 6, 4, 23, 59))), '2021-07-04'),
);
await check('parseDate and formatDate round-trip every day of 2024', () => {
  for (let d = utc(2024, 1, 1); d.getUTCFullYear() === 2024; d = addDays(d, 1)) {
    const text = formatDate(d);
    assert.equal(formatDate(parseDate(text)), text);
    assert.equal(parseDate(text).getTime(), d.getTime());
  }
});
await check('exportInvoices writes the right dates', () =>
  assert.equal(
    exportInvoices([
      { number: 'B-7', issued: utc(2022, 8, 31), due: utc(2022, 9, 30) },
      { number: 'B-8', issued: utc(2022, 12, 1), due: utc(2023, 1, 1) },
    ]),
    'B-7,2022-08-31,2022-09-30\nB-8,2022-12-01,2023-01-01',
  ),
);
finish();
