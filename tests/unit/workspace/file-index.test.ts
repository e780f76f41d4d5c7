import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { comparePaths, compareNames } from '../../../src/main/workspace/path-order.js';
import { Workspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

let root: string;
let ws: Workspace;
beforeEach(async () => {
  root = await makeTempDir('lc-index-');
  await writeFiles(root, {
    '.gitignore': '*.log\n',
    'a.txt': '',
    'a/b.txt': '',
    'a/c/d.txt': '',
    'z.log': '',
    'node_modules/p/i.js': '',
  });
  await fs.symlink('a.txt', path.join(root, 'link.txt'));
  ws = new Workspace(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('path order', () => {
  it('sorts by component, in code point order', () => {
    const paths = ['a.txt', 'a/b', 'a/c/d', 'B', '\uE000', '😀', 'é'];
    expect([...paths].sort(comparePaths)).toEqual(['B', 'a/b', 'a/c/d', 'a.txt', 'é', '\uE000', '😀']);
    expect(compareNames('😀', '\uFFFF')).toBe(1);
    expect(compareNames('ab', 'a')).toBeGreaterThan(0);
  });
});

describe('FileIndex', () => {
  it('builds once in tree order, like walkFiles', async () => {
    const index = ws.fileIndex();
    expect(index.size).toBeNull();
    const walked: string[] = [];
    for await (const rel of ws.walkFiles()) walked.push(rel);
    expect(await index.files()).toEqual(['.gitignore', 'a/b.txt', 'a/c/d.txt', 'a.txt', 'link.txt']);
    expect(await index.files()).toEqual(walked);
    expect(index.size).toBe(5);
  });

  it('applies single changes in place and checks what it adds', async () => {
    const index = ws.fileIndex();
    await index.files();
    await writeFiles(root, { 'a/aa.txt': '', 'new.log': '', 'node_modules/x.js': '' });
    index.add('a/aa.txt');
    index.add('new.log'); // ignored
    index.add('node_modules/x.js'); // ignored
    index.add('missing.txt'); // not on disk
    index.remove('a.txt');
    index.removeDir('a/c');
    await index.settled();
    expect(await index.files()).toEqual(['.gitignore', 'a/aa.txt', 'a/b.txt', 'link.txt']);
  });

  it('re-lists one folder, and replays changes that arrive during a build', async () => {
    const index = ws.fileIndex();
    const building = index.files();
    index.remove('a.txt');
    await building;
    expect(await index.files()).not.toContain('a.txt');
    await writeFiles(root, { 'a/.gitignore': 'b.txt\n' });
    ws.reloadIgnores();
    index.rescanDir('a');
    await index.settled();
    expect(await index.files()).toEqual(['.gitignore', 'a/.gitignore', 'a/c/d.txt', 'link.txt']);
    index.invalidate();
    expect(index.size).toBeNull();
  });
});
