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
const { parseCSV, parseLine } = await load('../csv.js');
const { importContacts } = await load('../contacts.js');

await check('plain fields', () => assert.deepEqual(parseLine('x,y,z'), ['x', 'y', 'z']));
await check('unquoted fields are trimmed', () => assert.deepEqual(parseLine(' x ,  y'), ['x', 'y']));
await check('empty fields', () => assert.deepEqual(parseLine('a,,c'), ['a', '', 'c']));
await check('a trailing empty field', () => assert.deepEqual(parseLine('a,b,'), ['a', 'b', '']));
await check('a quoted empty field', () => assert.deepEqual(parseLine('"",b'), ['', 'b']));
await check('a quoted field with several commas', () =>
  assert.deepEqual(parseLine('"1,2,3",four'), ['1,2,3', 'four']),
);
await check('a quoted field at the end of the line', () =>
  assert.deepEqual(parseLine('id,"Doe, Jane"'), ['id', 'Doe, Jane']),
);
await check('a field that is only an escaped quote', () => assert.deepEqual(parseLine('"""",z'), ['"', 'z']));
await check('escaped quotes next to a comma', () =>
  assert.deepEqual(parseLine('"a"",""b",c'), ['a","b', 'c']),
);
await check('several quoted fields', () =>
  assert.deepEqual(parseLine('"x, 1","y, 2","z"'), ['x, 1', 'y, 2', 'z']),
);
await check('parseCSV with CRLF line ends and quoted commas', () =>
  assert.deepEqual(parseCSV('city,country\r\n"Paris, TX",US\r\nLyon,FR\r\n'), [
    { city: 'Paris, TX', country: 'US' },
    { city: 'Lyon', country: 'FR' },
  ]),
);
await check('importContacts with quoted name and quotes inside', () =>
  assert.deepEqual(importContacts('email,name\nA@B.C,"O""Neil, Pat"'), [
    { name: 'O"Neil, Pat', email: 'a@b.c', tags: [] },
  ]),
);
finish();
