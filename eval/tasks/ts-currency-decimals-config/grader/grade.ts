import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Money from '../money.ts';
import type * as Invoice from '../invoice.ts';
import type * as CurrencyModule from '../currency.ts';

function runVisibleTests(command: string, args: string[], files: string[]): void {
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

const failures: string[] = [];
async function check(name: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const err = e as { operator?: string; expected?: unknown; actual?: unknown; message?: string };
    const detail =
      err && (err.operator === 'strictEqual' || err.operator === 'deepStrictEqual')
        ? `expected ${JSON.stringify(err.expected)}, got ${JSON.stringify(err.actual)}`
        : String(err?.message ?? e).split('\n')[0];
    failures.push(`- ${name}: ${detail}`);
  }
}

function finish(): void {
  if (failures.length > 0) {
    console.log(`${failures.length} hidden check(s) failed:\n${failures.join('\n')}`);
    process.exit(1);
  }
  console.log('All checks passed.');
}

async function load<T>(path: string): Promise<T> {
  try {
    return (await import(path)) as T;
  } catch (e) {
    console.log(`Cannot import ${path.replace('../', '')}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    process.exit(1);
  }
}

runVisibleTests('tsx', ['test.ts'], ['test.ts']);
const { formatMoney } = await load<typeof Money>('../money.ts');
const { renderInvoice } = await load<typeof Invoice>('../invoice.ts');
const { currency } = await load<typeof CurrencyModule>('../currency.ts');

await check('one yen', () => assert.equal(formatMoney(1, 'JPY'), '¥1'));
await check('a large yen amount', () => assert.equal(formatMoney(1234567, 'jpy'), '¥1,234,567'));
await check('a negative yen amount', () => assert.equal(formatMoney(-800, 'JPY'), '-¥800'));
await check('yen have no decimals', () => assert.equal(currency('JPY').decimals, 0));
await check('dollars are unchanged', () => assert.equal(formatMoney(5, 'USD'), '$0.05'));
await check('euros are unchanged', () => assert.equal(formatMoney(9876543, 'EUR'), '€98,765.43'));
await check('pounds are unchanged', () => assert.equal(formatMoney(-250, 'GBP'), '-£2.50'));
await check('Kuwaiti dinars keep three decimals', () => assert.equal(formatMoney(1234, 'KWD'), 'KD 1.234'));
await check('a yen invoice with several lines', () =>
  assert.equal(
    renderInvoice({
      currency: 'JPY',
      lines: [
        { description: 'Ramen', amount: 980 },
        { description: 'Gyoza', amount: 450 },
      ],
    }),
    'Ramen: ¥980\nGyoza: ¥450\nTotal: ¥1,430',
  ),
);
finish();
