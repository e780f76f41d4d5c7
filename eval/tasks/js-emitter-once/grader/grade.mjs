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

runVisibleTests(process.execPath, ['--test'], ['emitter.test.js']);
const { Emitter } = await load('../emitter.js');

await check('once exists', () => assert.equal(typeof new Emitter().once, 'function', 'Emitter has no once method'));
await check('a once listener gets the arguments and runs once', () => {
  const e = new Emitter();
  const seen = [];
  e.once('msg', (...args) => seen.push(args));
  e.emit('msg', 1, 'two', { three: 3 });
  e.emit('msg', 4);
  e.emit('msg', 5);
  assert.deepEqual(seen, [[1, 'two', { three: 3 }]]);
});
await check('listenerCount drops after a once listener fired', () => {
  const e = new Emitter();
  e.on('x', () => {});
  e.once('x', () => {});
  assert.equal(e.listenerCount('x'), 2);
  e.emit('x');
  assert.equal(e.listenerCount('x'), 1);
});
await check('emit returns false once the only once listener has fired', () => {
  const e = new Emitter();
  e.once('x', () => {});
  assert.equal(e.emit('x'), true);
  assert.equal(e.emit('x'), false);
});
await check('other events do not use up a once listener', () => {
  const e = new Emitter();
  let calls = 0;
  e.once('a', () => calls++);
  e.emit('b');
  e.emit('a');
  e.emit('a');
  assert.equal(calls, 1);
});
await check('off with the original function cancels a pending once listener', () => {
  const e = new Emitter();
  let calls = 0;
  const fn = () => calls++;
  e.once('x', fn);
  e.off('x', fn);
  e.emit('x');
  assert.equal(calls, 0);
  assert.equal(e.listenerCount('x'), 0);
});
await check('off of one once listener leaves the others', () => {
  const e = new Emitter();
  const seen = [];
  const a = () => seen.push('a');
  const b = () => seen.push('b');
  e.once('x', a);
  e.once('x', b);
  e.off('x', a);
  e.emit('x');
  e.emit('x');
  assert.deepEqual(seen, ['b']);
});
await check('two once listeners both run on the same emit, in order', () => {
  const e = new Emitter();
  const seen = [];
  e.once('x', () => seen.push(1));
  e.on('x', () => seen.push(2));
  e.once('x', () => seen.push(3));
  e.emit('x');
  e.emit('x');
  assert.deepEqual(seen, [1, 2, 3, 2]);
});
await check('a once listener that emits the same event runs only once', () => {
  const e = new Emitter();
  let calls = 0;
  e.once('x', () => {
    calls++;
    if (calls < 5) e.emit('x');
  });
  e.emit('x');
  assert.equal(calls, 1);
});
await check('once rejects a non-function', () => assert.throws(() => new Emitter().once('x', 42), TypeError));
finish();
