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
const { summarize } = await load('../summary.js');
const { wordCount, topWords } = await load('../stats.js');

await check('words split by newlines', () => assert.equal(summarize('one\ntwo\nthree').words, 3));
await check('words split by tabs', () => assert.equal(wordCount('a\tb\t\tc'), 3));
await check('Windows line ends', () => assert.equal(wordCount('first line\r\nsecond line\r\n'), 4));
await check('runs of spaces', () => assert.equal(wordCount('  spaced    out   '), 2));
await check('punctuation on its own is not a word', () => assert.equal(wordCount('wait - what ?\n!'), 2));
await check('an empty text has no words', () => assert.equal(summarize('').words, 0));
await check("apostrophes stay inside words", () => assert.deepEqual(topWords("Don't stop.\ndon't", 1), [["don't", 2]]));
await check('top words counted across lines', () =>
  assert.deepEqual(summarize('apple pie\napple tart\nplum\napple\nplum').top, ['apple', 'plum', 'pie']),
);
await check('reading time of a long multi-line text', () =>
  assert.equal(summarize('lorem ipsum\n'.repeat(150)).readingMinutes, 2),
);
finish();
