import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Orders from '../orders.ts';
import type * as Lines from '../lines.ts';
import type * as Pricing from '../pricing.ts';

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
const { orderTotal } = await load<typeof Orders>('../orders.ts');
const { lineTotal, describeLine } = await load<typeof Lines>('../lines.ts');
const { applyDiscount } = await load<typeof Pricing>('../pricing.ts');

const fixed = (cents: number) => ({ kind: 'fixed', cents }) as const;
await check('a fixed discount larger than the price gives 0', () => assert.equal(applyDiscount(300, fixed(301)), 0));
await check('a fixed discount equal to the price gives 0', () => assert.equal(applyDiscount(999, fixed(999)), 0));
await check('a fixed discount smaller than the price', () => assert.equal(applyDiscount(999, fixed(1)), 998));
await check('a percent discount', () => assert.equal(applyDiscount(1999, { kind: 'percent', percent: 25 }), 1499));
await check('no discount', () => assert.equal(applyDiscount(1234), 1234));
await check('lineTotal never goes below zero', () =>
  assert.equal(lineTotal({ name: 'x', unitCents: 50, qty: 7, discount: fixed(10_000) }), 0),
);
await check('describeLine shows a free item as $0.00', () =>
  assert.equal(describeLine({ name: 'gift', unitCents: 100, qty: 1, discount: fixed(250) }), '1 x gift @ $0.00'),
);
await check('an order mixing discounts', () =>
  assert.equal(
    orderTotal({
      id: 'H1',
      lines: [
        { name: 'a', unitCents: 800, qty: 3, discount: fixed(1000) },
        { name: 'b', unitCents: 2500, qty: 2, discount: fixed(500) },
        { name: 'c', unitCents: 1000, qty: 1, discount: { kind: 'percent', percent: 50 } },
      ],
      shippingCents: 399,
    }),
    0 + 4000 + 500 + 399,
  ),
);
finish();
