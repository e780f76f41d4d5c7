import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Limiter from '../limiter.ts';

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
const { TokenBucket, RateLimiter } = await load<typeof Limiter>('../limiter.ts');

let time = 1_000_000;
const clock = { now: () => time };

await check('a new bucket starts full', () => assert.equal(new TokenBucket(3, 1, clock).available(), 3));
await check('a full bucket never holds more than its capacity', () => {
  const b = new TokenBucket(4, 2, clock);
  time += 10_000;
  assert.equal(b.available(), 4);
  for (let i = 0; i < 4; i++) assert.equal(b.tryTake(), true, `take ${i + 1} of 4 refused`);
  assert.equal(b.tryTake(), false, 'a fifth take was allowed');
});
await check('refill is per second, not per millisecond', () => {
  const b = new TokenBucket(10, 2, clock);
  assert.equal(b.tryTake(10), true);
  time += 250;
  assert.equal(b.available(), 0);
  time += 250;
  assert.equal(b.available(), 1);
  time += 1000;
  assert.equal(b.available(), 3);
});
await check('half seconds add up', () => {
  const b = new TokenBucket(2, 1, clock);
  b.tryTake(2);
  time += 500;
  assert.equal(b.tryTake(), false);
  time += 500;
  assert.equal(b.tryTake(), true);
  assert.equal(b.tryTake(), false);
});
await check('checking repeatedly at the same moment does not add tokens', () => {
  const b = new TokenBucket(5, 1, clock);
  b.tryTake(5);
  time += 2000;
  for (let i = 0; i < 10; i++) b.available();
  assert.equal(b.available(), 2);
  assert.equal(b.tryTake(2), true);
  assert.equal(b.tryTake(), false);
});
await check('the same elapsed time is not counted twice', () => {
  const b = new TokenBucket(6, 1, clock);
  b.tryTake(6);
  time += 3000;
  assert.equal(b.tryTake(3), true);
  time += 1000;
  assert.equal(b.available(), 1);
});
await check('a refused take does not use tokens', () => {
  const b = new TokenBucket(3, 1, clock);
  assert.equal(b.tryTake(4), false);
  assert.equal(b.available(), 3);
});
await check('RateLimiter after an idle period allows only the capacity', () => {
  const limiter = new RateLimiter(3, 1, clock);
  for (let i = 0; i < 3; i++) limiter.allow('k');
  time += 3_600_000;
  const results = Array.from({ length: 5 }, () => limiter.allow('k'));
  assert.deepEqual(results, [true, true, true, false, false]);
});
finish();
