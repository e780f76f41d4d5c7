import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDirTool } from '../../../src/main/tools/list-dir.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

describe('list_dir', () => {
  it('lists folders first with a slash, then files, omitting ignored entries', async () => {
    await t.write({
      '.gitignore': 'dist/\n*.log\n',
      'b.ts': '',
      'a.ts': '',
      'x.log': '',
      'src/index.ts': '',
      'lib/u.ts': '',
      'dist/out.js': '',
      'node_modules/p/i.js': '',
    });
    await fs.mkdir(path.join(t.root, '.git'));
    const out = await t.run(listDirTool, {});
    expect(out.ok).toBe(true);
    expect(out.output).toBe(
      ['lib/', 'src/', '.gitignore', 'a.ts', 'b.ts', '(4 ignored entries not shown)'].join('\n'),
    );
  });

  it('lists a subfolder and shows an explicitly asked-for ignored folder in full', async () => {
    await t.write({ 'src/a/x.ts': '', 'src/b.ts': '', 'node_modules/p/i.js': '' });
    expect((await t.run(listDirTool, { path: 'src' })).output).toBe('a/\nb.ts');
    expect((await t.run(listDirTool, { path: 'node_modules' })).output).toBe('p/');
  });

  it('caps the listing with a marker', async () => {
    const small = await makeTempWorkspace({ listEntries: 3 });
    try {
      await small.write({ a: '', b: '', c: '', d: '', e: '' });
      const out = await small.run(listDirTool, { path: '.' });
      expect(out.output).toBe('a\nb\nc\n... (2 more entries not shown)');
      expect(out.truncated).toBe(true);
    } finally {
      await small.cleanup();
    }
  });

  it('says when a folder is empty', async () => {
    await fs.mkdir(path.join(t.root, 'empty'));
    expect((await t.run(listDirTool, { path: 'empty' })).output).toBe('empty is empty.');
  });

  it('fails on a file, a missing path and a path outside the root', async () => {
    await t.write({ 'f.txt': 'x' });
    const file = await t.run(listDirTool, { path: 'f.txt' });
    expect(file).toMatchObject({ ok: false });
    expect(file.output).toMatch(/is a file.*read_file/);
    const missing = await t.run(listDirTool, { path: 'nope' });
    expect(missing).toMatchObject({ ok: false, output: 'nope does not exist.' });
    const outside = await t.run(listDirTool, { path: '..' });
    expect(outside.ok).toBe(false);
    expect(outside.output).toMatch(/outside the workspace/);
  });
});
