import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Versions from '../versions.ts';

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
const { compareVersions, latest, sortVersions } = await load<typeof Versions>('../versions.ts');

const sign = (n: number) => Math.sign(n);
await check('major 10 after major 9', () => assert.equal(sign(compareVersions('10.0.0', '9.99.99')), 1));
await check('minor 2 before minor 11', () => assert.equal(sign(compareVersions('3.2.0', '3.11.0')), -1));
await check('patch 100 after patch 20', () => assert.equal(sign(compareVersions('0.0.100', '0.0.20')), 1));
await check('leading "v" is ignored when comparing', () => assert.equal(compareVersions('v2.10.0', '2.10.0'), 0));
await check('a pre-release of 1.10.0 is newer than 1.9.0', () =>
  assert.equal(sign(compareVersions('1.10.0-rc.1', '1.9.0')), 1),
);
await check('sorting a release history', () =>
  assert.deepEqual(sortVersions(['2.0.0', '1.10.3', '1.2.10', '1.2.9', '10.1.0', '2.0.0-beta', '1.10.0']), [
    '1.2.9',
    '1.2.10',
    '1.10.0',
    '1.10.3',
    '2.0.0-beta',
    '2.0.0',
    '10.1.0',
  ]),
);
await check('latest of double-digit versions', () => assert.equal(latest(['v0.9.9', 'v0.10.0', 'v0.1.10']), 'v0.10.0'));
await check('sortVersions does not change its input', () => {
  const input = ['1.10.0', '1.9.0'];
  sortVersions(input);
  assert.deepEqual(input, ['1.10.0', '1.9.0']);
});
finish();
