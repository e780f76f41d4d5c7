// Where each hunk sits on the proposed side as shown (shownProposal): an accepted hunk shows its new
// lines, a rejected one the original lines, so every later hunk moves by the accepted ones before it.
// The diff puts each hunk's actions above its first line.
import type { Hunk } from './hunks';
import { hunkState, type FileReview, type HunkState } from './review-model';

export interface HunkMark {
  id: string;
  index: number;
  state: HunkState;
  /** 1-based line of the shown text where the hunk starts (the line after it, for a pure deletion). */
  line: number;
  /** Lines of the shown text that are the hunk's: its new lines, or the original ones when rejected. */
  lines: number;
}

export function hunkMarks(file: FileReview, hunks: readonly Hunk[]): HunkMark[] {
  let shift = 0;
  return hunks.map((h) => {
    const state = hunkState(file, h.id);
    const mark = {
      id: h.id,
      index: h.index,
      state,
      line: h.oldStart + shift + 1,
      lines: state === 'accepted' ? h.newLines : h.oldLines,
    };
    if (state === 'accepted') shift += h.newLines - h.oldLines;
    return mark;
  });
}

/** The hunk `step` away from `current` (-1: none yet), wrapping around; -1 when there are none. */
export function stepHunk(current: number, step: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

export type ReviewKey = 'next' | 'previous' | 'accept' | 'reject';

/**
 * The review's keys: Alt+J / Alt+K next and previous hunk, Alt+A / Alt+R accept and reject the current
 * one. By physical key (`code`), so macOS's Option characters do not get in the way; Monaco binds none
 * of these outside its find widget (Alt+R there toggles regex, and the widget keeps it).
 */
export function reviewKey(e: {
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}): ReviewKey | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  switch (e.code) {
    case 'KeyJ':
      return 'next';
    case 'KeyK':
      return 'previous';
    case 'KeyA':
      return 'accept';
    case 'KeyR':
      return 'reject';
    default:
      return null;
  }
}
