import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Args from '../args.ts';

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
const { parseArgs } = await load<typeof Args>('../args.ts');

const spec = { port: 'number', name: 'string', color: 'boolean', dry: 'boolean' } as const;
const opts = (argv: string[]) => parseArgs(argv, spec).options;

await check('--port=8080 gives a number', () => assert.deepEqual(opts(['--port=8080']), { port: 8080 }));
await check('--name=value', () => assert.deepEqual(opts(['--name=widget']), { name: 'widget' }));
await check('a value containing "="', () => assert.deepEqual(opts(['--name=k=v=w']), { name: 'k=v=w' }));
await check('--name=value does not eat the next argument', () =>
  assert.deepEqual(parseArgs(['--name=a', 'file.txt'], spec), { options: { name: 'a' }, positional: ['file.txt'] }),
);
await check('both forms together', () =>
  assert.deepEqual(opts(['--port', '1', '--name=b', '--color']), { port: 1, name: 'b', color: true }),
);
await check('--port=abc is rejected as not a number', () => assert.throws(() => opts(['--port=abc']), /number/));
await check('--unknown=1 is rejected as unknown', () => assert.throws(() => opts(['--size=1']), /unknown option/));
await check('--no-color sets color to false', () => assert.deepEqual(opts(['--no-color']), { color: false }));
await check('--no-dry after --dry wins', () => assert.deepEqual(opts(['--dry', '--no-dry']), { dry: false }));
await check('--no-color does not take the next argument', () =>
  assert.deepEqual(parseArgs(['--no-color', 'out'], spec), { options: { color: false }, positional: ['out'] }),
);
await check('--no-<flag> for a non-boolean option is rejected', () => assert.throws(() => opts(['--no-port'])));
await check('--no-<flag> for an unknown option is rejected', () => assert.throws(() => opts(['--no-such'])));
await check('arguments after -- are left alone', () =>
  assert.deepEqual(parseArgs(['--', '--port=1', '--no-color'], spec), {
    options: {},
    positional: ['--port=1', '--no-color'],
  }),
);
await check('the old forms still work', () =>
  assert.deepEqual(parseArgs(['a', '--port', '3', '--color', 'b'], spec), {
    options: { port: 3, color: true },
    positional: ['a', 'b'],
  }),
);
finish();
