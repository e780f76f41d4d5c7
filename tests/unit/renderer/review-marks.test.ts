import { describe, expect, it } from 'vitest';
import { hunkMarks, reviewKey, stepHunk } from '../../../src/renderer/src/review/hunk-marks';
import {
  editProposal,
  fileHunks,
  finalChange,
  initReview,
  setFileState,
  setHunkState,
  shownProposal,
} from '../../../src/renderer/src/review/review-model';
import { changedLines } from '../../../src/renderer/src/review/text-span';

// Three hunks: a replaced line, two inserted lines, a deleted line.
const before = 'a\nb\nc\nd\ne\nf\n';
const after = 'a\nB\nc\nx\ny\nd\ne\n';

function review() {
  const [file] = initReview([{ path: 'x.txt', before, after }]);
  return file!;
}

describe('the proposed side as shown', () => {
  it('shows the proposal, with rejected hunks back to the original lines', () => {
    const file = review();
    expect(shownProposal(file)).toBe(after);
    const [, inserted] = fileHunks(file);
    const rejected = setHunkState(file, inserted!.id, 'rejected');
    expect(shownProposal(rejected)).toBe('a\nB\nc\nd\ne\n');
    // What is shown is what Apply writes.
    expect(finalChange(rejected)).toEqual({ after: shownProposal(rejected) });
    expect(shownProposal(setFileState(file, 'rejected'))).toBe(before);
  });

  it('shows a deletion as empty and a file not created as empty', () => {
    const [deleted, created] = initReview([
      { path: 'd.txt', before: 'bye\n', after: null },
      { path: 'n.txt', before: null, after: 'hi\n' },
    ]);
    expect(shownProposal(deleted!)).toBe('');
    expect(shownProposal(setFileState(deleted!, 'rejected'))).toBe('bye\n');
    expect(shownProposal(setFileState(created!, 'rejected'))).toBe('');
  });

  it('takes an edit of the shown text as the proposal, keeping the rejections it did not touch', () => {
    const file = review();
    const [first, second] = fileHunks(file);
    const rejected = setHunkState(file, first!.id, 'rejected');
    // Typed in the accepted insertion: the rejected first hunk stays rejected, its proposal kept.
    const typed = shownProposal(rejected).replace('x\n', 'x!\n');
    const edited = editProposal(rejected, typed);
    expect(edited).toMatchObject({ edited: 'a\nB\nc\nx!\ny\nd\ne\n', rejectedHunks: [first!.id] });
    expect(shownProposal(edited)).toBe(typed);
    expect(finalChange(edited)).toEqual({ after: typed });
    // Accepting it again brings its line back.
    expect(shownProposal(setHunkState(edited, first!.id, 'accepted'))).toBe('a\nB\nc\nx!\ny\nd\ne\n');
    // Typed over the rejected hunk's own (original) line: that text is the person's now.
    const over = editProposal(rejected, shownProposal(rejected).replace('b\n', 'b2\n'));
    expect(over).toMatchObject({
      edited: 'a\nb2\nc\nx\ny\nd\ne\n',
      rejectedHunks: [],
      fileState: 'accepted',
    });
    // A rejected insertion survives lines typed above it, which move it down.
    const noInsert = setHunkState(file, second!.id, 'rejected');
    const above = editProposal(noInsert, 'new\n' + shownProposal(noInsert));
    expect(above.rejectedHunks).toEqual([second!.id]);
    expect(above.edited).toBe('new\n' + after);
    // Text equal to what is shown is no edit; typing into a rejected file keeps its hunks rejected.
    expect(editProposal(rejected, shownProposal(rejected))).toBe(rejected);
    const gone = setFileState(file, 'rejected');
    const typedIn = editProposal(gone, 'z\n' + before);
    expect(typedIn).toMatchObject({ fileState: 'accepted' });
    expect(shownProposal(typedIn)).toBe('z\n' + before);
    expect(finalChange(typedIn)).toEqual({ after: 'z\n' + before });
  });
});

describe('hunk marks', () => {
  it('places each hunk on the shown side, after the accepted hunks before it', () => {
    const file = review();
    const hunks = fileHunks(file);
    expect(hunkMarks(file, hunks).map((m) => [m.line, m.lines])).toEqual([
      [2, 1],
      [4, 2],
      [8, 0],
    ]);
    const rejected = setHunkState(file, hunks[1]!.id, 'rejected');
    expect(hunkMarks(rejected, hunks).map((m) => [m.state, m.line, m.lines])).toEqual([
      ['accepted', 2, 1],
      ['rejected', 4, 0],
      ['accepted', 6, 0],
    ]);
    const lines = shownProposal(rejected).split('\n');
    // The deleted line 'f' was the 6th; the shown text has 5 lines and the mark sits after them.
    expect(lines.length - 1).toBe(5);
  });

  it('steps through hunks, wrapping, from none to the first or the last', () => {
    expect(stepHunk(-1, 1, 3)).toBe(0);
    expect(stepHunk(-1, -1, 3)).toBe(2);
    expect(stepHunk(2, 1, 3)).toBe(0);
    expect(stepHunk(0, -1, 3)).toBe(2);
    expect(stepHunk(1, 1, 3)).toBe(2);
    expect(stepHunk(0, 1, 0)).toBe(-1);
  });

  it('knows its keys by physical key, with Alt alone', () => {
    const key = (
      code: string,
      mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>>,
    ) => reviewKey({ code, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
    expect(key('KeyJ', { altKey: true })).toBe('next');
    expect(key('KeyK', { altKey: true })).toBe('previous');
    expect(key('KeyA', { altKey: true })).toBe('accept');
    expect(key('KeyR', { altKey: true })).toBe('reject');
    expect(key('KeyJ', {})).toBeNull();
    expect(key('KeyA', { altKey: true, ctrlKey: true })).toBeNull();
    expect(key('KeyR', { altKey: true, shiftKey: true })).toBeNull();
    expect(key('KeyX', { altKey: true })).toBeNull();
  });
});

describe('changed lines', () => {
  const apply = (from: string, to: string) => {
    const span = changedLines(from, to);
    if (!span) return from;
    return from.slice(0, span.start) + to.slice(span.start, span.toEnd) + from.slice(span.fromEnd);
  };

  it('replaces whole lines only, and turns one text into the other', () => {
    expect(changedLines('a\nb\nc\n', 'a\nb\nc\n')).toBeNull();
    expect(changedLines('a\nbb\nc\n', 'a\nbx\nc\n')).toEqual({ start: 2, fromEnd: 5, toEnd: 5 });
    const cases: [string, string][] = [
      ['a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
      ['a\nb\n', 'a\nb\nc'],
      ['x', ''],
      ['', 'y\n'],
      ['same\nsame\n', 'same\n'],
      ['😀a\n', '😀b\n'],
      ['a\nb\nb\nc', 'a\nb\nc'],
    ];
    for (const [from, to] of cases) {
      expect(apply(from, to)).toBe(to);
      const span = changedLines(from, to)!;
      expect(span.start === 0 || from[span.start - 1] === '\n').toBe(true);
      expect(span.fromEnd === from.length || from[span.fromEnd - 1] === '\n').toBe(true);
    }
  });
});
