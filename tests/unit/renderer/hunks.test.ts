import { describe, expect, it } from 'vitest';
import {
  applyHunkSelection,
  applyHunks,
  computeHunks,
  splitLinesKeepingEnds,
} from '../../../src/renderer/src/review/hunks';

/** Longest common subsequence by dynamic programming: the reference the diff is checked against. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

const ids = (before: string | null, after: string | null) => computeHunks(before, after).map((h) => h.id);

describe('splitLinesKeepingEnds', () => {
  it('keeps terminators, CRLF included, and a last line without one', () => {
    expect(splitLinesKeepingEnds('a\r\nb\nc')).toEqual(['a\r\n', 'b\n', 'c']);
    expect(splitLinesKeepingEnds('a\n')).toEqual(['a\n']);
    expect(splitLinesKeepingEnds('')).toEqual([]);
    expect(splitLinesKeepingEnds('\n\n')).toEqual(['\n', '\n']);
  });
});

describe('computeHunks', () => {
  it('finds nothing between equal texts', () => {
    expect(computeHunks('a\nb\n', 'a\nb\n')).toEqual([]);
    expect(computeHunks('', '')).toEqual([]);
    expect(computeHunks(null, '')).toEqual([]);
  });

  it('gives one hunk per separate change, with positions and lines', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\n';
    const after = 'one\nTWO\nthree\nfour\nfive\nsix\n';
    const hunks = computeHunks(before, after);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]).toMatchObject({
      index: 0,
      oldStart: 1,
      oldLines: 1,
      newStart: 1,
      newLines: 1,
      removed: ['two\n'],
      added: ['TWO\n'],
    });
    expect(hunks[1]).toMatchObject({
      index: 1,
      oldStart: 5,
      oldLines: 0,
      newStart: 5,
      newLines: 1,
      removed: [],
      added: ['six\n'],
    });
  });

  it('treats a file creation as one hunk of added lines', () => {
    const hunks = computeHunks(null, 'x\ny');
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newLines: 2, added: ['x\n', 'y'] });
  });

  it('treats a file deletion as one hunk of removed lines', () => {
    const hunks = computeHunks('x\ny\n', null);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ oldStart: 0, oldLines: 2, newLines: 0, removed: ['x\n', 'y\n'] });
  });

  it('sees a missing final newline as a change of the last line', () => {
    const hunks = computeHunks('a\nb\n', 'a\nb');
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ oldStart: 1, removed: ['b\n'], added: ['b'] });
  });

  it('sees a line-ending change (LF to CRLF) and keeps CRLF lines as they are', () => {
    const hunks = computeHunks('a\r\nb\r\n', 'a\r\nb\n');
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ removed: ['b\r\n'], added: ['b\n'] });
    expect(
      applyHunkSelection('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n', ids('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n')),
    ).toBe('a\r\nB\r\nc\r\n');
  });

  it('keeps a hunk id when only the proposed side of another hunk changes', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const first = computeHunks(before, 'a\nB\nc\nd\nE\n');
    const edited = computeHunks(before, 'a\nB\nB2\nB3\nc\nd\nE\n');
    expect(first.map((h) => h.id)).toEqual(['1+1', '4+1']);
    expect(edited.map((h) => h.id)).toEqual(['1+1', '4+1']);
    expect(edited[1]!.newStart).toBe(6);
  });

  it('falls back to one hunk over the differing middle beyond the edit-distance cap', () => {
    const before = 'keep\n1\n2\n3\n4\nend\n';
    const after = 'keep\na\nb\nc\nd\nend\n';
    const hunks = computeHunks(before, after, 2);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ oldStart: 1, oldLines: 4, newStart: 1, newLines: 4 });
    expect(applyHunks(before, hunks, new Set([hunks[0]!.id]))).toBe(after);
  });

  it('diffs a 10,000-line file with a few edits into exactly those hunks', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i}\n`);
    const before = lines.join('');
    const changed = [...lines];
    changed[10] = 'changed 10\n';
    changed.splice(5000, 2);
    changed.splice(9000, 0, 'inserted\n');
    const hunks = computeHunks(before, changed.join(''));
    expect(hunks.map((h) => [h.oldStart, h.oldLines, h.newLines])).toEqual([
      [10, 1, 1],
      [5000, 2, 0],
      [9002, 0, 1],
    ]);
  });
});

describe('applyHunkSelection', () => {
  const before = 'alpha\nbeta\ngamma\ndelta\n';
  const after = 'alpha\nBETA\ngamma\ndelta\nepsilon\n';

  it('gives after when every hunk is accepted and before when none is', () => {
    expect(applyHunkSelection(before, after, ids(before, after))).toBe(after);
    expect(applyHunkSelection(before, after, [])).toBe(before);
  });

  it('applies only the accepted hunks', () => {
    const [first, second] = computeHunks(before, after);
    expect(applyHunkSelection(before, after, [first!.id])).toBe('alpha\nBETA\ngamma\ndelta\n');
    expect(applyHunkSelection(before, after, [second!.id])).toBe('alpha\nbeta\ngamma\ndelta\nepsilon\n');
  });

  it('ignores ids that are not hunks of this diff', () => {
    expect(applyHunkSelection(before, after, ['99+1'])).toBe(before);
  });

  it('handles creation, deletion and empty files', () => {
    expect(applyHunkSelection(null, 'new\n', ids(null, 'new\n'))).toBe('new\n');
    expect(applyHunkSelection(null, 'new\n', [])).toBe('');
    expect(applyHunkSelection('old\n', null, ids('old\n', null))).toBe('');
    expect(applyHunkSelection('old\n', null, [])).toBe('old\n');
    expect(applyHunkSelection('', 'x', ids('', 'x'))).toBe('x');
  });

  it('keeps a missing final newline unless its hunk is accepted', () => {
    const a = 'x\ny';
    const b = 'X\ny\n';
    const [h1, h2] = computeHunks(a, b);
    expect(h2).toBeUndefined();
    expect(h1).toMatchObject({ removed: ['x\n', 'y'], added: ['X\n', 'y\n'] });
    const c = 'x\ny\nz';
    const d = 'X\ny\nz\n';
    const hs = computeHunks(c, d);
    expect(hs).toHaveLength(2);
    expect(applyHunkSelection(c, d, [hs[0]!.id])).toBe('X\ny\nz');
    expect(applyHunkSelection(c, d, [hs[1]!.id])).toBe('x\ny\nz\n');
  });

  it('reconstructs any subset consistently on random edits (seeded)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const vocab = ['a\n', 'b\n', 'c\n', 'd\r\n', 'e', '\n', 'f\n'];
    for (let round = 0; round < 300; round++) {
      const make = () => {
        const n = rand(12);
        let text = '';
        for (let i = 0; i < n; i++)
          text += vocab[rand(vocab.length)]!.replace(/^e$/, i === n - 1 ? 'e' : 'e\n');
        return text;
      };
      const before = make();
      const after = make();
      const hunks = computeHunks(before, after);
      const all = new Set(hunks.map((h) => h.id));
      expect(applyHunks(before, hunks, all)).toBe(after);
      expect(applyHunks(before, hunks, new Set())).toBe(before);
      // Hunks are ordered and disjoint on both sides.
      for (let i = 1; i < hunks.length; i++) {
        expect(hunks[i]!.oldStart).toBeGreaterThan(hunks[i - 1]!.oldStart + hunks[i - 1]!.oldLines - 1);
        expect(hunks[i]!.newStart).toBeGreaterThan(hunks[i - 1]!.newStart + hunks[i - 1]!.newLines - 1);
      }
      // Accepting one hunk changes exactly its own lines.
      for (const hunk of hunks) {
        const oldLines = splitLinesKeepingEnds(before);
        const expected = [
          ...oldLines.slice(0, hunk.oldStart),
          ...hunk.added,
          ...oldLines.slice(hunk.oldStart + hunk.oldLines),
        ].join('');
        expect(applyHunks(before, hunks, new Set([hunk.id]))).toBe(expected);
      }
      // The edit script is minimal: it changes n + m - 2·LCS lines.
      const changed = hunks.reduce((n, h) => n + h.oldLines + h.newLines, 0);
      const a = splitLinesKeepingEnds(before);
      const b = splitLinesKeepingEnds(after);
      expect(changed).toBe(a.length + b.length - 2 * lcsLength(a, b));
    }
  });

  it('finds a minimal edit (one line inserted in the middle is one insertion)', () => {
    const before = 'a\nb\nc\nd\n';
    const after = 'a\nb\nX\nc\nd\n';
    const hunks = computeHunks(before, after);
    expect(hunks).toEqual([
      {
        id: '2+0',
        index: 0,
        oldStart: 2,
        oldLines: 0,
        newStart: 2,
        newLines: 1,
        removed: [],
        added: ['X\n'],
      },
    ]);
  });
});
