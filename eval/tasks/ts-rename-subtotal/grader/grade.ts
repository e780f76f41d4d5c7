import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Cart from '../cart.ts';
import type * as Checkout from '../checkout.ts';

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
const cart = await load<typeof Cart>('../cart.ts');
const { checkout } = await load<typeof Checkout>('../checkout.ts');

const lines = [
  { sku: 'a', priceCents: 1999, qty: 2 },
  { sku: 'b', priceCents: 250, qty: 5 },
];
await check('subtotal is exported from cart.ts', () => assert.equal(typeof cart.subtotal, 'function'));
await check('subtotal sums price times quantity', () => assert.equal(cart.subtotal(lines), 5248));
await check('getTotal is gone from cart.ts (renamed, not aliased)', () =>
  assert.ok(!('getTotal' in cart), 'cart.ts still exports getTotal'),
);
await check('no file still refers to getTotal', () => {
  for (const file of ['cart.ts', 'checkout.ts']) {
    assert.ok(!/\bgetTotal\b/.test(readFileSync(file, 'utf8')), `${file} still mentions getTotal`);
  }
});
await check('checkout with free shipping', () =>
  assert.deepEqual(checkout(lines, 0.1), {
    items: 7,
    subtotalCents: 5248,
    taxCents: 525,
    shippingCents: 0,
    totalCents: 5773,
  }),
);
await check('checkout of a single line', () =>
  assert.deepEqual(checkout([{ sku: 'c', priceCents: 1000, qty: 1 }], 0), {
    items: 1,
    subtotalCents: 1000,
    taxCents: 0,
    shippingCents: 499,
    totalCents: 1499,
  }),
);
finish();
