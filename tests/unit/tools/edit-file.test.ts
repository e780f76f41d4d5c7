import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

const SOURCE = [
  'import { x } from "./x.js";',
  '',
  'export function add(a: number, b: number) {',
  '  return a + b;',
  '}',
  '',
  'export function sub(a: number, b: number) {',
  '  return a - b;',
  '}',
  '',
].join('\n');

async function readFirst(rel: string, content: string): Promise<void> {
  await t.write({ [rel]: content });
  expect((await t.run(readFileTool, { path: rel })).ok).toBe(true);
}

describe('edit_file', () => {
  it('replaces a unique match, reports lines and context, records the new content', async () => {
    await readFirst('src/math.ts', SOURCE);
    const out = await t.run(editFileTool, {
      path: 'src/math.ts',
      old_text: '  return a + b;',
      new_text: '  const sum = a + b;\n  return sum;',
    });
    expect(out.ok).toBe(true);
    expect(out.output.split('\n')[0]).toBe('Edited src/math.ts: replaced 1 occurrence (lines 4-5).');
    expect(out.output).toContain(' 4|   const sum = a + b;');
    expect(out.output).toContain(' 1| import');
    expect(out.changed).toEqual(['src/math.ts']);
    const after = await t.read('src/math.ts');
    expect(after).toContain('  const sum = a + b;\n  return sum;\n}');
    expect(out.display).toEqual({ kind: 'diff', path: 'src/math.ts', before: SOURCE, after });

    // A consecutive edit works without re-reading.
    const again = await t.run(editFileTool, {
      path: 'src/math.ts',
      old_text: 'return sum;',
      new_text: 'return sum!;',
    });
    expect(again.ok).toBe(true);
  });

  it('re-indents when matched ignoring indentation and says so', async () => {
    await readFirst('a.py', 'class A:\n    def f(self):\n        return 1\n');
    const out = await t.run(editFileTool, {
      path: 'a.py',
      old_text: 'def f(self):\n    return 1',
      new_text: 'def f(self):\n    x = 1\n    return x',
    });
    expect(out.ok).toBe(true);
    expect(out.output).toMatch(/re-indented/);
    expect(await t.read('a.py')).toBe('class A:\n    def f(self):\n        x = 1\n        return x\n');
  });

  it('keeps a CRLF file CRLF', async () => {
    await readFirst('win.txt', 'alpha\r\nbeta\r\ngamma\r\n');
    const out = await t.run(editFileTool, {
      path: 'win.txt',
      old_text: 'alpha\nbeta',
      new_text: 'one\ntwo\nthree',
    });
    expect(out.ok).toBe(true);
    expect(await t.read('win.txt')).toBe('one\r\ntwo\r\nthree\r\ngamma\r\n');
  });

  it('fails on ambiguity, listing the line numbers of every match', async () => {
    await readFirst('src/math.ts', SOURCE);
    const out = await t.run(editFileTool, {
      path: 'src/math.ts',
      old_text: '(a: number, b: number) {',
      new_text: '(a, b) {',
    });
    expect(out.ok).toBe(false);
    expect(out.output).toBe(
      'old_text matches 2 places in src/math.ts (line 3, line 7). ' +
        'Include more surrounding lines in old_text so it matches once, or set replace_all=true.',
    );
    expect(await t.read('src/math.ts')).toBe(SOURCE);
  });

  it('replaces every match with replace_all', async () => {
    await readFirst('src/math.ts', SOURCE);
    const out = await t.run(editFileTool, {
      path: 'src/math.ts',
      old_text: 'a: number, b: number',
      new_text: 'a: bigint, b: bigint',
      replace_all: true,
    });
    expect(out.output.split('\n')[0]).toBe('Edited src/math.ts: replaced 2 occurrences (line 3, line 7).');
    expect((await t.read('src/math.ts')).match(/bigint/g)).toHaveLength(4);
  });

  it('with no match, shows the nearest region with line numbers and the strategies tried', async () => {
    await readFirst('src/math.ts', SOURCE);
    const out = await t.run(editFileTool, {
      path: 'src/math.ts',
      old_text: 'export function sub(a: number, c: number) {\n  return a - c;\n}',
      new_text: 'x',
    });
    expect(out.ok).toBe(false);
    const lines = out.output.split('\n');
    expect(lines[0]).toBe(
      'No match for old_text in src/math.ts (tried: exact, ignoring trailing whitespace, ignoring indentation, ' +
        'unicode-normalised (quotes, dashes, spaces)).',
    );
    expect(lines[1]).toMatch(/^Nearest region, lines 7-9 \(\d+% similar\):$/);
    expect(out.output).toContain('\n7| export function sub(a: number, b: number) {');
    expect(out.output).toContain('\n8|   return a - b;');
  });

  it('hints when old_text carries read_file line-number prefixes', async () => {
    await readFirst('src/math.ts', SOURCE);
    const out = await t.run(editFileTool, {
      path: 'src/math.ts',
      old_text: ' 4|   return a + b;',
      new_text: 'x',
    });
    expect(out.output).toMatch(/line-number prefixes/);
  });

  it('refuses a file that was not read, and one changed on disk since', async () => {
    await t.write({ 'f.ts': 'const a = 1;\n' });
    const unread = await t.run(editFileTool, { path: 'f.ts', old_text: 'a', new_text: 'b' });
    expect(unread.ok).toBe(false);
    expect(unread.output).toMatch(/call read_file on it first/);

    await t.run(readFileTool, { path: 'f.ts' });
    await fs.writeFile(path.join(t.root, 'f.ts'), 'const a = 2;\n');
    const stale = await t.run(editFileTool, { path: 'f.ts', old_text: 'a', new_text: 'b' });
    expect(stale.ok).toBe(false);
    expect(stale.output).toMatch(/changed on disk.*read_file again/);
    expect(await t.read('f.ts')).toBe('const a = 2;\n');
  });

  it('refuses empty or identical old_text, missing files, directories and protected paths', async () => {
    await readFirst('f.ts', 'x\n');
    const empty = await t.run(editFileTool, { path: 'f.ts', old_text: '', new_text: 'y' });
    expect(empty.output).toMatch(/use write_file/);
    const same = await t.run(editFileTool, { path: 'f.ts', old_text: 'x', new_text: 'x' });
    expect(same.output).toMatch(/same/);
    const missing = await t.run(editFileTool, { path: 'nope.ts', old_text: 'a', new_text: 'b' });
    expect(missing).toEqual({
      ok: false,
      output: 'nope.ts does not exist. To create a new file use write_file.',
    });
    await t.write({ 'd/x': '' });
    expect((await t.run(editFileTool, { path: 'd', old_text: 'a', new_text: 'b' })).output).toMatch(
      /is a directory/,
    );
    await t.write({ '.git/config': '[core]\n' });
    const git = await t.run(editFileTool, { path: '.git/config', old_text: 'core', new_text: 'x' });
    expect(git.ok).toBe(false);
    expect(git.output).toMatch(/\.git/);
    const outside = await t.run(editFileTool, { path: '../f.ts', old_text: 'a', new_text: 'b' });
    expect(outside.output).toMatch(/outside the workspace/);
  });

  it('keeps the file mode', async () => {
    await readFirst('run.sh', '#!/bin/sh\necho hi\n');
    await fs.chmod(path.join(t.root, 'run.sh'), 0o755);
    expect((await t.run(editFileTool, { path: 'run.sh', old_text: 'hi', new_text: 'bye' })).ok).toBe(true);
    expect((await fs.stat(path.join(t.root, 'run.sh'))).mode & 0o777).toBe(0o755);
  });
});
