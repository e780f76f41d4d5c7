// Fault cases where the files misbehave: changed or deleted between read and edit, a stale patch,
// binary and invalid UTF-8 content, very large files, a symlink loop, odd names, unreadable files and a
// named pipe.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { call, describeRun, done, session, type FaultCase } from './fault-session.js';
import type { World } from './fixture.js';
import { unreadableFault } from './faults-unreadable.js';
import { watchFifo } from '../unit/helpers/fifo.js';

const read = (p: string) => call('read_file', { path: p });
const CHANGED =
  'function add(a, b) {\n  return b - a; // changed by the person\n}\nmodule.exports = { add };\n';
const HUGE_LINE = 'lorem ipsum dolor sit amet, consectetur adipiscing elit 0123456789\n';
const HUGE_LINES = Math.ceil((50 * 1024 * 1024) / HUGE_LINE.length / 10_000) * 10_000;
/** The last line of huge.log holds "needle". */
const HUGE_TOTAL = HUGE_LINES + 1;

async function writeHugeFile(world: World): Promise<void> {
  const file = await fs.open(path.join(world.root, 'huge.log'), 'w');
  const chunk = HUGE_LINE.repeat(10_000);
  for (let i = 0; i < HUGE_LINES; i += 10_000) await file.write(chunk);
  await file.write('needle at the end\n');
  await file.close();
}

export const fileFaults: FaultCase[] = [
  {
    name: 'a file changed on disk between read and edit: refused, asked to re-read, then recovered',
    group: 'files',
    mayChange: (p) => p === 'proj/math.js',
    async run(world) {
      const file = path.join(world.root, 'math.js');
      const r = await session(
        world,
        [
          read('math.js'),
          call('edit_file', { path: 'math.js', old_text: 'return a - b;', new_text: 'return a + b;' }),
          read('math.js'),
          call('edit_file', { path: 'math.js', old_text: 'return b - a;', new_text: 'return a + b;' }),
          done,
        ],
        { beforeTurn: async (n) => (n === 2 ? fs.writeFile(file, CHANGED) : undefined) },
      );
      const stale = r.results[1];
      const told = !!stale && !stale.ok && /read_file again|re-read|changed on disk/i.test(stale.output);
      const final = await fs.readFile(file, 'utf8');
      const recovered = final === CHANGED.replace('return b - a;', 'return a + b;');
      return {
        alive: r.reason === 'done' && told && recovered,
        detail: `${describeRun(r)}; recovered: ${recovered}`,
      };
    },
  },
  {
    name: 'a file deleted between read and edit: refused, the session goes on',
    group: 'files',
    mayChange: (p) => p === 'proj/test.js',
    async run(world) {
      const r = await session(
        world,
        [
          read('test.js'),
          call('edit_file', { path: 'test.js', old_text: 'add', new_text: 'sum' }),
          read('math.js'),
          done,
        ],
        { beforeTurn: async (n) => (n === 2 ? fs.rm(path.join(world.root, 'test.js')) : undefined) },
      );
      const gone = await fs.stat(path.join(world.root, 'test.js')).then(
        () => false,
        () => true,
      );
      return {
        alive: r.reason === 'done' && !r.results[1]?.ok && gone && !!r.results[2]?.ok,
        detail: describeRun(r),
      };
    },
  },
  {
    name: 'a patch that no longer applies (its first file would): nothing changed, all or nothing',
    group: 'files',
    async run(world) {
      const patch = [
        '--- a/math.js',
        '+++ b/math.js',
        '@@ -2,3 +2,3 @@',
        ' export function add(a, b) {',
        '-  return a - b;',
        '+  return a + b;',
        ' }',
        '--- a/test.js',
        '+++ b/test.js',
        '@@ -1 +1 @@',
        "-const assert = require('assert');",
        "+const assert = require('node:assert');",
        '',
      ].join('\n');
      const r = await session(world, [call('apply_patch', { patch }), done]);
      const first = r.results[0];
      return {
        alive: r.reason === 'done' && !!first && !first.ok && /not applied/.test(first.output),
        detail: describeRun(r),
      };
    },
  },
  {
    name: 'a binary file: read and edit refused, the file untouched',
    group: 'files',
    async setup(world) {
      await fs.writeFile(path.join(world.root, 'bin.dat'), Buffer.from([0, 1, 2, 0, 255, 0, 10, 97, 10]));
    },
    async run(world) {
      const r = await session(world, [
        read('bin.dat'),
        call('edit_file', { path: 'bin.dat', old_text: 'a', new_text: 'b' }),
        call('write_file', { path: 'bin.dat', content: 'text' }),
        read('math.js'),
        done,
      ]);
      const refused = r.results.slice(0, 3).every((x) => !x.ok);
      return { alive: r.reason === 'done' && refused, detail: describeRun(r) };
    },
  },
  {
    name: 'invalid UTF-8: read, and an edit elsewhere in the file keeps the other bytes',
    group: 'files',
    mayChange: (p) => p === 'proj/bad.txt',
    async setup(world) {
      await fs.writeFile(path.join(world.root, 'bad.txt'), Buffer.from('a\xff\xfeb\nz\n', 'latin1'));
    },
    async run(world) {
      const r = await session(world, [
        read('bad.txt'),
        call('edit_file', { path: 'bad.txt', old_text: 'z', new_text: 'y' }),
        done,
      ]);
      const bytes = await fs.readFile(path.join(world.root, 'bad.txt'));
      // Refused (untouched) or applied to line 2 only; never the 0xFF 0xFE bytes rewritten.
      const untouched = bytes.equals(Buffer.from('a\xff\xfeb\nz\n', 'latin1'));
      const exact = bytes.equals(Buffer.from('a\xff\xfeb\ny\n', 'latin1'));
      return {
        alive: r.reason === 'done' && (untouched || exact),
        detail: `${describeRun(r)}; bytes now ${[...bytes].join(' ')}`,
      };
    },
  },
  {
    name: 'a 50 MB text file: refused whole with a hint, read in pages, nothing loaded into the context',
    group: 'files',
    setup: writeHugeFile,
    async run(world) {
      const r = await session(world, [
        read('huge.log'),
        call('read_file', { path: 'huge.log', start_line: HUGE_TOTAL - 2, end_line: HUGE_TOTAL }),
        read('math.js'),
        done,
      ]);
      const sizes = r.results.map((x) => x.output.length);
      const hint = /start_line/.test(r.results[0]?.output ?? '');
      const paged = /needle/.test(r.results[1]?.output ?? '');
      return {
        alive: r.reason === 'done' && sizes.every((n) => n < 60_000) && hint && paged,
        detail: `${describeRun(r)}; output sizes ${sizes.join(',')}`,
      };
    },
  },
  {
    name: 'a 50 MB text file: a search finds what is in it, or says it was not searched',
    group: 'files',
    setup: writeHugeFile,
    async run(world) {
      const r = await session(world, [call('search', { pattern: 'needle' }), done]);
      const out = r.results[0]?.output ?? '';
      const honest = /huge\.log/.test(out);
      return { alive: r.reason === 'done' && out.length < 60_000 && honest, detail: describeRun(r) };
    },
  },
  {
    name: 'a 5 MB file on one line (minified): read and search outputs stay bounded',
    group: 'files',
    async setup(world) {
      await fs.writeFile(path.join(world.root, 'min.js'), `var a=${'1+'.repeat(2_500_000)}1;needle();\n`);
    },
    async run(world) {
      const r = await session(world, [read('min.js'), call('search', { pattern: 'needle' }), done]);
      const sizes = r.results.map((x) => x.output.length);
      return {
        alive: r.reason === 'done' && r.results.length === 2 && sizes.every((n) => n < 60_000),
        detail: `${describeRun(r)}; output sizes ${sizes.join(',')}`,
      };
    },
  },
  {
    name: 'a symlink loop: refused where used, skipped by listings and searches',
    group: 'files',
    async setup(world) {
      await fs.symlink('loop-b', path.join(world.root, 'loop-a'));
      await fs.symlink('loop-a', path.join(world.root, 'loop-b'));
      await fs.symlink('.', path.join(world.root, 'self'));
    },
    async run(world) {
      const r = await session(world, [
        call('list_dir', { path: '.' }),
        read('loop-a'),
        call('write_file', { path: 'loop-a/x.txt', content: 'x' }),
        call('find_files', { glob: '**/*.js' }),
        call('search', { pattern: 'add' }),
        read('self/self/self/math.js'),
        done,
      ]);
      const ok = (i: number) => !!r.results[i]?.ok;
      return {
        alive: r.reason === 'done' && ok(0) && !ok(1) && !ok(2) && ok(3) && ok(4),
        detail: describeRun(r),
      };
    },
  },
  {
    name: 'names with newlines and unicode: listed, read and written correctly',
    group: 'files',
    mayChange: (p) => p === 'proj/nüevo ✓.txt',
    async setup(world) {
      await fs.writeFile(path.join(world.root, 'we\nird.txt'), 'newline name\n');
      await fs.writeFile(path.join(world.root, 'ünï cödé ✓.js'), 'const ok = 1;\n');
      await fs.writeFile(path.join(world.root, '-rf'), 'a name like a flag\n');
    },
    async run(world) {
      const r = await session(world, [
        call('list_dir', { path: '.' }),
        read('ünï cödé ✓.js'),
        read('we\nird.txt'),
        read('-rf'),
        call('write_file', { path: 'nüevo ✓.txt', content: 'hola\n' }),
        call('find_files', { glob: '*.txt' }),
        call('search', { pattern: 'name' }),
        done,
      ]);
      const wrote = (await fs.readFile(path.join(world.root, 'nüevo ✓.txt'), 'utf8')) === 'hola\n';
      const reads = [1, 2, 3].every((i) => r.results[i]?.ok);
      return { alive: r.reason === 'done' && reads && wrote, detail: describeRun(r) };
    },
  },
  unreadableFault,
  {
    name: 'a named pipe (FIFO) in the folder: refused, never opened, nothing hangs',
    group: 'files',
    async setup(world) {
      execFileSync('mkfifo', [path.join(world.root, 'pipe'), path.join(world.root, 'pipe.js')]);
    },
    async run(world) {
      const watchers = ['pipe', 'pipe.js'].map((n) => watchFifo(path.join(world.root, n)));
      try {
        const r = await session(world, [
          read('pipe'),
          call('apply_patch', { patch: '--- a/pipe.js\n+++ b/pipe.js\n@@ -1 +1 @@\n-a\n+b\n' }),
          call('search', { pattern: 'add' }),
          read('math.js'),
          done,
        ]);
        const opened = watchers.map((w) => w.stop());
        return {
          alive: r.reason === 'done' && !opened.includes(true) && !r.results[0]?.ok,
          detail: `${describeRun(r)}; a reader opened the pipe (and would have hung): ${opened.join(',')}`,
        };
      } finally {
        for (const w of watchers) w.stop();
      }
    },
  },
];
