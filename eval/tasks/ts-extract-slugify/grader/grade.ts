import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type * as Strings from '../strings.ts';
import type * as PostModule from '../post.ts';

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
const { slugify } = await load<typeof Strings>('../strings.ts');
const { createPost } = await load<typeof PostModule>('../post.ts');

const cases: [string, string][] = [
  ['Ärger im Büro', 'arger-im-buro'],
  ['---already-slugged---', 'already-slugged'],
  ['C++ & Rust: 2024 edition', 'c-rust-2024-edition'],
  ['Ça va?  Très bien.', 'ca-va-tres-bien'],
  ['', ''],
  ['MiXeD CaSe', 'mixed-case'],
];
for (const [input, expected] of cases) {
  await check(`slugify(${JSON.stringify(input)})`, () => assert.equal(slugify(input), expected));
}
await check('post.ts no longer defines its own slugify', () => {
  const source = readFileSync('post.ts', 'utf8');
  assert.ok(!/function\s+slugify\b|(const|let|var)\s+slugify\s*=/.test(source), 'post.ts still defines slugify');
  assert.ok(/from\s+['"]\.\/strings(\.ts|\.js)?['"]/.test(source), 'post.ts does not import from ./strings');
});
await check('createPost still slugs titles and tags', () =>
  assert.deepEqual(createPost('Ölpreis steigt', 'x', ['Énergie', 'Markt & Börse']), {
    title: 'Ölpreis steigt',
    slug: 'olpreis-steigt',
    body: 'x',
    tags: ['energie', 'markt-borse'],
  }),
);
finish();
