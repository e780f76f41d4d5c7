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
import { writeFileSync } from 'node:fs';

runVisibleTests(process.execPath, ['test.js'], ['test.js']);

const data = '.grader/sales-hidden.json';
writeFileSync(
  data,
  JSON.stringify([
    { region: 'emea', amount: 1000.25 },
    { region: 'apac', amount: 0.75 },
    { region: 'emea', amount: 99.75 },
    { region: 'amer', amount: 42 },
  ]),
);
const expected = { total: 1142.75, byRegion: { emea: 1100, apac: 0.75, amer: 42 } };

function cli(...args) {
  const r = spawnSync(process.execPath, ['cli.js', ...args], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 0, `node cli.js ${args.join(' ')} exited with ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}
function parseJson(out, args) {
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`node cli.js ${args} did not print valid JSON (and nothing else); it printed: ${out.slice(0, 200)}`);
  }
}

await check('--json after the file name', () => {
  const out = cli(data, '--json');
  assert.deepEqual(parseJson(out, `${data} --json`), expected);
});
await check('--json before the file name', () => {
  const out = cli('--json', data);
  assert.deepEqual(parseJson(out, `--json ${data}`), expected);
});
await check('--json with the sample sales.json', () =>
  assert.deepEqual(parseJson(cli('sales.json', '--json'), 'sales.json --json'), {
    total: 220,
    byRegion: { north: 140, south: 80 },
  }),
);
await check('without --json it still prints the table', () => {
  const out = cli(data);
  assert.match(out, /^emea\s+1100\.00$/m);
  assert.match(out, /^TOTAL\s+1142\.75$/m);
  assert.ok(!out.trim().startsWith('{'), 'the table output looks like JSON');
});
await check('no file name is still a usage error', () => {
  const r = spawnSync(process.execPath, ['cli.js', '--json'], { encoding: 'utf8', timeout: 10_000 });
  assert.notEqual(r.status, 0, 'node cli.js --json without a file should fail');
});
finish();
