import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../../../src/shared/ipc';
import {
  applyTreeChanges,
  dropFlags,
  flattenTree,
  parentDir,
  sortEntries,
  type TreeChildren,
} from '../../../src/renderer/src/tree/tree-model';

const file = (path: string): TreeEntry => ({
  name: path.slice(path.lastIndexOf('/') + 1),
  path,
  kind: 'file',
});
const dir = (path: string): TreeEntry => ({ ...file(path), kind: 'dir' });

describe('tree model', () => {
  it('sorts folders first, then names case-insensitively', () => {
    const sorted = sortEntries([file('b.txt'), dir('src'), file('A.md'), dir('Docs'), file('a.md')]);
    expect(sorted.map((e) => e.path)).toEqual(['Docs', 'src', 'A.md', 'a.md', 'b.txt']);
  });

  it('flattens open, loaded folders depth first', () => {
    const children: TreeChildren = {
      '': [dir('src'), dir('test'), file('README.md')],
      src: [dir('src/lib'), file('src/index.ts')],
      'src/lib': [file('src/lib/a.ts')],
      test: [file('test/t.ts')],
    };
    const rows = flattenTree(children, { src: true, 'src/lib': true }, { 'src/lib': true });
    expect(rows.map((r) => [r.entry.path, r.depth, r.expanded])).toEqual([
      ['src', 0, true],
      ['src/lib', 1, true],
      ['src/lib/a.ts', 2, false],
      ['src/index.ts', 1, false],
      ['test', 0, false],
      ['README.md', 0, false],
    ]);
    expect(rows[1]!.loading).toBe(true);
  });

  it('applies adds and removals to loaded folders only, keeping the order', () => {
    const children: TreeChildren = { '': [dir('src'), file('b.txt')], src: [file('src/a.ts')] };
    const next = applyTreeChanges(children, [
      { path: 'a.txt', kind: 'add' },
      { path: 'lib', kind: 'addDir' },
      { path: 'src/a.ts', kind: 'unlink' },
      { path: 'notloaded/x.ts', kind: 'add' },
      { path: 'b.txt', kind: 'change' },
    ]);
    expect(next['']!.map((e) => e.path)).toEqual(['lib', 'src', 'a.txt', 'b.txt']);
    expect(next.src).toEqual([]);
    expect(next.notloaded).toBeUndefined();
    // The input is not mutated.
    expect(children['']!.map((e) => e.path)).toEqual(['src', 'b.txt']);
  });

  it('returns the same object when nothing loaded is touched', () => {
    const children: TreeChildren = { '': [file('a')] };
    expect(applyTreeChanges(children, [{ path: 'a', kind: 'change' }])).toBe(children);
    expect(applyTreeChanges(children, [{ path: 'x/y', kind: 'add' }])).toBe(children);
  });

  it('ignores a duplicate add and a removal of an unknown path', () => {
    const children: TreeChildren = { '': [file('a')] };
    const next = applyTreeChanges(children, [
      { path: 'a', kind: 'add' },
      { path: 'zzz', kind: 'unlink' },
    ]);
    expect(next['']).toEqual([file('a')]);
  });

  it('drops a removed folder and its loaded descendants', () => {
    const children: TreeChildren = {
      '': [dir('src'), dir('srcx')],
      src: [dir('src/lib')],
      'src/lib': [file('src/lib/a.ts')],
      srcx: [file('srcx/b.ts')],
    };
    const next = applyTreeChanges(children, [{ path: 'src', kind: 'unlinkDir' }]);
    expect(Object.keys(next).sort()).toEqual(['', 'srcx']);
    expect(next['']!.map((e) => e.path)).toEqual(['srcx']);
    expect(dropFlags({ src: true, 'src/lib': true, srcx: true }, ['src'])).toEqual({ srcx: true });
  });

  it('an add after an unlink in one batch keeps the entry (rename into place)', () => {
    const children: TreeChildren = { '': [file('a')] };
    const next = applyTreeChanges(children, [
      { path: 'a', kind: 'unlink' },
      { path: 'a', kind: 'add' },
    ]);
    expect(next['']).toEqual([file('a')]);
  });

  it('handles a folder of 100,000 files with a batch of changes', () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => file(`big/f${String(i).padStart(6, '0')}.txt`));
    const children: TreeChildren = { '': [dir('big')], big: entries };
    const next = applyTreeChanges(children, [
      { path: 'big/f000010.txt', kind: 'unlink' },
      { path: 'big/f0000105.txt', kind: 'add' },
    ]);
    expect(next.big).toHaveLength(100_000);
    expect(next.big![10]!.path).toBe('big/f0000105.txt');
    expect(flattenTree(next, { big: true }, {})).toHaveLength(100_001);
  });

  it('knows parent folders', () => {
    expect(parentDir('a/b/c.ts')).toBe('a/b');
    expect(parentDir('c.ts')).toBe('');
  });
});
