import { describe, expect, it } from 'vitest';
import {
  buildDecision,
  editProposal,
  fileHunks,
  finalChange,
  hunkState,
  initReview,
  rejectAllDecision,
  setFileState,
  setHunkState,
} from '../../../src/renderer/src/review/review-model';

const before = 'a\nb\nc\nd\ne\n';
const after = 'a\nB\nc\nd\nE\n';

describe('review model', () => {
  it('accepts every file and hunk at first and applies the proposal as is', () => {
    const [file] = initReview([{ path: 'x.txt', before, after }]);
    expect(fileHunks(file!).every((h) => hunkState(file!, h.id) === 'accepted')).toBe(true);
    expect(buildDecision([file!])).toEqual({ approved: true, files: [{ path: 'x.txt', after }] });
  });

  it('applies only accepted hunks and lists rejected files', () => {
    const [x, y] = initReview([
      { path: 'x.txt', before, after },
      { path: 'y.txt', before: 'old\n', after: 'new\n' },
    ]);
    const [, second] = fileHunks(x!);
    const decision = buildDecision(
      [setHunkState(x!, second!.id, 'rejected'), setFileState(y!, 'rejected')],
      ' why ',
    );
    expect(decision).toEqual({
      approved: true,
      files: [{ path: 'x.txt', after: 'a\nB\nc\nd\ne\n' }],
      rejected: ['y.txt'],
      note: 'why',
    });
  });

  it('sends the edited text, with hunks recomputed against it', () => {
    const [x] = initReview([{ path: 'x.txt', before, after }]);
    const edited = editProposal(x!, 'a\nB!\nc\nd\nE\n');
    expect(finalChange(edited)).toEqual({ after: 'a\nB!\nc\nd\nE\n' });
    // Rejecting the second hunk still keeps the edit in the first.
    const second = fileHunks(edited)[1]!;
    expect(finalChange(setHunkState(edited, second.id, 'rejected'))).toEqual({ after: 'a\nB!\nc\nd\ne\n' });
    // Editing back to the proposal clears the edit.
    expect(editProposal(edited, after).edited).toBeUndefined();
  });

  it('treats a file with every hunk rejected as rejected', () => {
    const [x] = initReview([{ path: 'x.txt', before, after }]);
    const none = fileHunks(x!).reduce((f, h) => setHunkState(f, h.id, 'rejected'), x!);
    expect(finalChange(none)).toBeNull();
    expect(buildDecision([none])).toEqual({
      approved: false,
      rejected: ['x.txt'],
      note: 'The person rejected every proposed change.',
    });
  });

  it('creates and deletes files, all or nothing for a deletion', () => {
    const [created, deleted] = initReview([
      { path: 'new.txt', before: null, after: 'hi\n' },
      { path: 'old.txt', before: 'bye\n', after: null },
    ]);
    expect(finalChange(created!)).toEqual({ after: 'hi\n' });
    expect(finalChange(deleted!)).toEqual({ after: null });
    const kept = setHunkState(deleted!, fileHunks(deleted!)[0]!.id, 'rejected');
    expect(finalChange(kept)).toBeNull();
    const notCreated = setHunkState(created!, fileHunks(created!)[0]!.id, 'rejected');
    expect(finalChange(notCreated)).toBeNull();
    // An empty new file has no hunks and is still created.
    const [empty] = initReview([{ path: 'empty.txt', before: null, after: '' }]);
    expect(finalChange(empty!)).toEqual({ after: '' });
  });

  it('accepting a hunk of a rejected file brings back only that hunk', () => {
    const [x] = initReview([{ path: 'x.txt', before, after }]);
    const rejected = setFileState(x!, 'rejected');
    const [first, second] = fileHunks(x!);
    expect(hunkState(rejected, first!.id)).toBe('rejected');
    const back = setHunkState(rejected, first!.id, 'accepted');
    expect(back.fileState).toBe('accepted');
    expect(hunkState(back, second!.id)).toBe('rejected');
    expect(finalChange(back)).toEqual({ after: 'a\nB\nc\nd\ne\n' });
  });

  it('rejects everything with an optional note', () => {
    const files = initReview([
      { path: 'x.txt', before, after },
      { path: 'z.txt', before: null, after: 'z' },
    ]);
    expect(rejectAllDecision(files, '  ')).toEqual({ approved: false, rejected: ['x.txt', 'z.txt'] });
    expect(rejectAllDecision(files, 'no')).toEqual({
      approved: false,
      rejected: ['x.txt', 'z.txt'],
      note: 'no',
    });
  });
});
