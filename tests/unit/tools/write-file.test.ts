import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { writeFileTool } from '../../../src/main/tools/write-file.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

describe('write_file', () => {
  it('creates a file and its parent folders, and records it for later edits', async () => {
    const out = await t.run(writeFileTool, {
      path: 'src/new/mod.ts',
      content: 'export const a = 1;\nexport const b = 2;\n',
    });
    expect(out).toEqual({
      ok: true,
      output: 'Created src/new/mod.ts (2 lines).',
      display: {
        kind: 'diff',
        path: 'src/new/mod.ts',
        before: '',
        after: 'export const a = 1;\nexport const b = 2;\n',
      },
      changed: ['src/new/mod.ts'],
    });
    expect(await t.read('src/new/mod.ts')).toBe('export const a = 1;\nexport const b = 2;\n');
    const edit = await t.run(editFileTool, { path: 'src/new/mod.ts', old_text: 'a = 1', new_text: 'a = 3' });
    expect(edit.ok).toBe(true);
  });

  it('refuses to overwrite a file it has not read', async () => {
    await t.write({ 'keep.txt': 'precious\n' });
    const out = await t.run(writeFileTool, { path: 'keep.txt', content: 'gone' });
    expect(out.ok).toBe(false);
    expect(out.output).toMatch(/already exists.*read_file first/);
    expect(await t.read('keep.txt')).toBe('precious\n');
  });

  it('refuses to overwrite a file changed on disk since it was read', async () => {
    await t.write({ 'keep.txt': 'v1\n' });
    await t.run(readFileTool, { path: 'keep.txt' });
    await fs.writeFile(path.join(t.root, 'keep.txt'), 'v2\n');
    const out = await t.run(writeFileTool, { path: 'keep.txt', content: 'v3\n' });
    expect(out.ok).toBe(false);
    expect(out.output).toMatch(/changed on disk/);
    expect(await t.read('keep.txt')).toBe('v2\n');
  });

  it('overwrites a read file, keeping its mode, and allows a second write without re-reading', async () => {
    await t.write({ 'run.sh': '#!/bin/sh\n' });
    await fs.chmod(path.join(t.root, 'run.sh'), 0o755);
    await t.run(readFileTool, { path: 'run.sh' });
    const out = await t.run(writeFileTool, { path: 'run.sh', content: '#!/bin/sh\necho 1' });
    expect(out.output).toBe('Overwrote run.sh (2 lines).');
    expect(out.display).toEqual({
      kind: 'diff',
      path: 'run.sh',
      before: '#!/bin/sh\n',
      after: '#!/bin/sh\necho 1',
    });
    expect((await fs.stat(path.join(t.root, 'run.sh'))).mode & 0o777).toBe(0o755);
    expect((await t.run(writeFileTool, { path: 'run.sh', content: '' })).output).toBe(
      'Overwrote run.sh (0 lines).',
    );
    expect(await fs.readdir(t.root)).toEqual(['run.sh']);
  });

  it('refuses directories, protected paths, escapes and a file in the way of a folder', async () => {
    await t.write({ 'dir/x': '', 'file.txt': 'x' });
    expect((await t.run(writeFileTool, { path: 'dir', content: '' })).output).toMatch(/is a directory/);
    const git = await t.run(writeFileTool, { path: '.git/hooks/pre-commit', content: 'rm -rf /' });
    expect(git.ok).toBe(false);
    expect(git.output).toMatch(/\.git/);
    const outside = await t.run(writeFileTool, { path: '../evil.txt', content: '' });
    expect(outside.output).toMatch(/outside the workspace/);
    const blocked = await t.run(writeFileTool, { path: 'file.txt/inner.txt', content: '' });
    expect(blocked.ok).toBe(false);
    const root = await t.run(writeFileTool, { path: '.', content: '' });
    expect(root.ok).toBe(false);
  });
});
