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
const { Inventory, OutOfStockError } = await load('../inventory.js');

function stocked(entries) {
  const inv = new Inventory();
  for (const [sku, qty] of Object.entries(entries)) inv.add(sku, qty);
  return inv;
}
const counts = (inv, skus) => Object.fromEntries(skus.map((s) => [s, inv.count(s)]));

await check('a fillable order takes every line', () => {
  const inv = stocked({ a: 4, b: 4, c: 1 });
  inv.reserve([
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 4 },
    { sku: 'c', qty: 1 },
  ]);
  assert.deepEqual(counts(inv, ['a', 'b', 'c']), { a: 3, b: 0, c: 0 });
});
await check('the last line failing leaves all stock alone', () => {
  const inv = stocked({ a: 4, b: 4, c: 1 });
  assert.throws(
    () =>
      inv.reserve([
        { sku: 'a', qty: 2 },
        { sku: 'b', qty: 1 },
        { sku: 'c', qty: 2 },
      ]),
    OutOfStockError,
  );
  assert.deepEqual(counts(inv, ['a', 'b', 'c']), { a: 4, b: 4, c: 1 });
});
await check('an unknown SKU fails the whole order', () => {
  const inv = stocked({ a: 4 });
  assert.throws(
    () =>
      inv.reserve([
        { sku: 'a', qty: 1 },
        { sku: 'zzz', qty: 1 },
      ]),
    OutOfStockError,
  );
  assert.equal(inv.count('a'), 4);
});
await check('a bad quantity on a later line fails the whole order', () => {
  const inv = stocked({ a: 4, b: 4 });
  assert.throws(() =>
    inv.reserve([
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: -1 },
    ]),
  );
  assert.deepEqual(counts(inv, ['a', 'b']), { a: 4, b: 4 });
});
await check('the same SKU on two lines is checked against the total wanted', () => {
  const inv = stocked({ a: 3, b: 5 });
  assert.throws(
    () =>
      inv.reserve([
        { sku: 'a', qty: 2 },
        { sku: 'b', qty: 1 },
        { sku: 'a', qty: 2 },
      ]),
    OutOfStockError,
  );
  assert.deepEqual(counts(inv, ['a', 'b']), { a: 3, b: 5 });
});
await check('the same SKU on two lines that fits', () => {
  const inv = stocked({ a: 4 });
  inv.reserve([
    { sku: 'a', qty: 2 },
    { sku: 'a', qty: 2 },
  ]);
  assert.equal(inv.count('a'), 0);
});
await check('stock never goes negative', () => {
  const inv = stocked({ a: 1 });
  try {
    inv.reserve([
      { sku: 'a', qty: 1 },
      { sku: 'a', qty: 1 },
    ]);
  } catch {
    // expected
  }
  assert.ok(inv.count('a') >= 0, `count went to ${inv.count('a')}`);
});
finish();
