import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

const patch = (text: string) => t.run(applyPatchTool, { patch: text });
const exists = (rel: string) =>
  fs.access(path.join(t.root, rel)).then(
    () => true,
    () => false,
  );

describe('apply_patch', () => {
  it('modifies, adds and deletes several files in one patch', async () => {
    await t.write({ 'a.js': 'one\ntwo\nthree\n', 'old.txt': 'bye\n' });
    const out = await patch(
      [
        '--- a/a.js',
        '+++ b/a.js',
        '@@ -1,3 +1,3 @@',
        ' one',
        '-two',
        '+TWO',
        ' three',
        '--- /dev/null',
        '+++ b/src/new.txt',
        '@@ -0,0 +1,2 @@',
        '+hello',
        '+world',
        '--- a/old.txt',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-bye',
      ].join('\n'),
    );
    expect(out.ok).toBe(true);
    expect(out.output).toContain('modified a.js (1 hunk); added src/new.txt (1 hunk); deleted old.txt');
    expect(await t.read('a.js')).toBe('one\nTWO\nthree\n');
    expect(await t.read('src/new.txt')).toBe('hello\nworld\n');
    expect(await exists('old.txt')).toBe(false);
    expect(out.changed?.sort()).toEqual(['a.js', 'old.txt', 'src/new.txt']);
  });

  it('renames with a git header, with and without a content change, keeping the mode', async () => {
    await t.write({ 'run.sh': '#!/bin/sh\necho hi\n', 'b.txt': 'x\ny\n' });
    await fs.chmod(path.join(t.root, 'run.sh'), 0o755);
    const out = await patch(
      [
        'diff --git a/run.sh b/bin/run.sh',
        'similarity index 100%',
        'rename from run.sh',
        'rename to bin/run.sh',
        'diff --git a/b.txt b/c.txt',
        'rename from b.txt',
        'rename to c.txt',
        '--- a/b.txt',
        '+++ b/c.txt',
        '@@ -1,2 +1,2 @@',
        ' x',
        '-y',
        '+z',
      ].join('\n'),
    );
    expect(out.ok, out.output).toBe(true);
    expect(await exists('run.sh')).toBe(false);
    expect(await t.read('bin/run.sh')).toBe('#!/bin/sh\necho hi\n');
    expect((await fs.stat(path.join(t.root, 'bin/run.sh'))).mode & 0o777).toBe(0o755);
    expect(await exists('b.txt')).toBe(false);
    expect(await t.read('c.txt')).toBe('x\nz\n');
  });

  it('is all-or-nothing: a failing hunk in the second file leaves every file as it was', async () => {
    await t.write({ 'a.txt': 'alpha\nbeta\n', 'b.txt': 'function f() {\n  return 1;\n}\n' });
    const out = await patch(
      [
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1,2 +1,2 @@',
        '-alpha',
        '+ALPHA',
        ' beta',
        '--- /dev/null',
        '+++ b/c.txt',
        '@@ -0,0 +1 @@',
        '+new',
        '--- a/b.txt',
        '+++ b/b.txt',
        '@@ -1,3 +1,3 @@',
        ' function f() {',
        '-  return 2;',
        '+  return 3;',
        ' }',
      ].join('\n'),
    );
    expect(out.ok).toBe(false);
    expect(out.output).toContain('no file was changed');
    expect(out.output).toContain('hunk 1 of b.txt (@@ -1,3 +1,3 @@) failed');
    expect(out.output).toMatch(/Nearest matching region of b\.txt, lines 1-3/);
    expect(out.output).toContain('2|   return 1;');
    expect(await t.read('a.txt')).toBe('alpha\nbeta\n');
    expect(await exists('c.txt')).toBe(false);
  });

  it('tolerates offsets, whitespace drift, a bare @@ and blank context lines without their space', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    lines[19] = '    indented(x);   ';
    await t.write({ 'f.txt': lines.join('\n') + '\n' });
    const out = await patch(
      [
        '--- a/f.txt',
        '+++ b/f.txt',
        '@@ -10,3 +10,3 @@', // really at 17
        ' line 17',
        '-line 18',
        '+line eighteen',
        ' line 19',
        '@@',
        '  indented(x);',
        '-line 21',
        '+line 21b',
      ].join('\n'),
    );
    expect(out.ok, out.output).toBe(true);
    expect(out.output).toMatch(/hunk 1 applied at line 17 \(header said 10\)/);
    expect(out.output).toMatch(/hunk 2 applied at line 20 ignoring whitespace differences/);
    const after = (await t.read('f.txt')).split('\n');
    expect(after[17]).toBe('line eighteen');
    expect(after[19]).toBe('    indented(x);   '); // context keeps the file's own text
    expect(after[20]).toBe('line 21b');
  });

  it('refuses an ambiguous hunk and names the candidate lines', async () => {
    await t.write({ 'd.txt': 'a\nx = 1\nb\nc\nx = 1\nb\n' });
    const out = await patch(['--- a/d.txt', '+++ b/d.txt', '@@', ' x = 1', '-b', '+B'].join('\n'));
    expect(out.ok).toBe(false);
    expect(out.output).toContain('match 2 places (lines 2, 5)');
    expect(await t.read('d.txt')).toBe('a\nx = 1\nb\nc\nx = 1\nb\n');
  });

  it('prefers the header position among exact matches', async () => {
    await t.write({ 'd.txt': 'x = 1\nb\nc\nx = 1\nb\n' });
    const out = await patch(
      ['--- a/d.txt', '+++ b/d.txt', '@@ -4,2 +4,2 @@', ' x = 1', '-b', '+B'].join('\n'),
    );
    expect(out.ok, out.output).toBe(true);
    expect(await t.read('d.txt')).toBe('x = 1\nb\nc\nx = 1\nB\n');
  });

  it('keeps CRLF line endings and honours "No newline at end of file"', async () => {
    await t.write({ 'w.txt': 'a\r\nb\r\nc\r\n' });
    const out = await patch(
      [
        '--- a/w.txt',
        '+++ b/w.txt',
        '@@ -2,2 +2,2 @@',
        ' b',
        '-c',
        '+C',
        '\\ No newline at end of file',
      ].join('\n'),
    );
    expect(out.ok, out.output).toBe(true);
    expect(await t.read('w.txt')).toBe('a\r\nb\r\nC');
  });

  it('refuses to add an existing file, to delete a missing one, and to write into .git', async () => {
    await t.write({ 'e.txt': 'e\n' });
    const add = await patch(['--- /dev/null', '+++ b/e.txt', '@@ -0,0 +1 @@', '+x'].join('\n'));
    expect(add.output).toContain('e.txt already exists');
    const del = await patch(['--- a/nope.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-x'].join('\n'));
    expect(del.output).toContain('nope.txt does not exist');
    const git = await patch(['--- /dev/null', '+++ b/.git/config', '@@ -0,0 +1 @@', '+x'].join('\n'));
    expect(git.ok).toBe(false);
    expect(git.output).toContain('.git');
    const bad = await patch('just some text');
    expect(bad.output).toContain('No file changes found');
    expect(await t.read('e.txt')).toBe('e\n');
  });
});
