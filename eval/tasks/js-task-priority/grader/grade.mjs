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
const { createTask } = await load('../model.js');
const { saveAll, loadAll } = await load('../serializer.js');

await check('default priority', () => assert.equal(createTask({ title: 'a' }).priority, 'normal'));
for (const p of ['low', 'normal', 'high']) {
  await check(`priority '${p}' is kept`, () => assert.equal(createTask({ title: 'a', priority: p }).priority, p));
  await check(`priority '${p}' survives saveAll/loadAll`, () => {
    const task = createTask({ title: 'water plants', due: '2025-01-02', priority: p });
    assert.deepEqual(loadAll(saveAll([task])), [task]);
  });
}
for (const bad of ['HIGH', 'medium', '', 3]) {
  await check(`priority ${JSON.stringify(bad)} is rejected`, () =>
    assert.throws(() => createTask({ title: 'a', priority: bad })),
  );
}
await check('old save files without a priority still load', () => {
  const old = JSON.stringify([
    { t: 'old one', d: null, x: 0 },
    { t: 'done one', d: '2023-03-03', x: 1 },
  ]);
  assert.deepEqual(loadAll(old), [
    { title: 'old one', due: null, done: false, priority: 'normal' },
    { title: 'done one', due: '2023-03-03', done: true, priority: 'normal' },
  ]);
});
await check('several tasks keep their own priorities', () => {
  const tasks = ['high', 'low', 'normal', 'low'].map((priority, i) => createTask({ title: `t${i}`, priority }));
  assert.deepEqual(
    loadAll(saveAll(tasks)).map((t) => t.priority),
    ['high', 'low', 'normal', 'low'],
  );
});
finish();
