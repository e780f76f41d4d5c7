// Line hunks between a file's current text and a proposed text, and the text that results from accepting
// some of them. Lines keep their terminators, so CRLF, a missing final newline and a newline-only change
// survive exactly: accepting every hunk gives `after`, accepting none gives `before`.
import { diffArrays } from 'diff';

export interface Hunk {
  /** Stable while only the proposed side is edited: the range it replaces in `before`. */
  id: string;
  index: number;
  /** 0-based index of the first replaced line in `before`. */
  oldStart: number;
  oldLines: number;
  /** 0-based index of the first inserted line in `after`. */
  newStart: number;
  newLines: number;
  /** The replaced and the inserted lines, each with its terminator (the last line may have none). */
  removed: string[];
  added: string[];
}

/**
 * Beyond this many differing lines (the edit distance) the middle of the file becomes one hunk: the
 * diff's cost grows with it, and a diff that large is not reviewed hunk by hunk anyway.
 */
export const MAX_EDIT_DISTANCE = 2000;

/**
 * Splits after each `\n`, keeping it (and a preceding `\r`); '' has no lines. Our own split rather than
 * jsdiff's diffLines tokenizer: the hunks index these exact lines, and applyHunks rebuilds from them.
 */
export function splitLinesKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  return lines;
}

/** The hunks that turn `before` into `after`; null stands for an absent file (created or deleted). */
export function computeHunks(
  before: string | null,
  after: string | null,
  maxEditDistance = MAX_EDIT_DISTANCE,
): Hunk[] {
  const oldLines = splitLinesKeepingEnds(before ?? '');
  const newLines = splitLinesKeepingEnds(after ?? '');
  // Common ends are trimmed first: a few edits in a large file diff only the middle.
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const oldMid = oldLines.slice(prefix, oldLines.length - suffix);
  const newMid = newLines.slice(prefix, newLines.length - suffix);
  if (oldMid.length === 0 && newMid.length === 0) return [];

  const hunks: Hunk[] = [];
  const push = (o0: number, o1: number, n0: number, n1: number) => {
    const oldStart = prefix + o0;
    hunks.push({
      id: `${oldStart}+${o1 - o0}`,
      index: hunks.length,
      oldStart,
      oldLines: o1 - o0,
      newStart: prefix + n0,
      newLines: n1 - n0,
      removed: oldMid.slice(o0, o1),
      added: newMid.slice(n0, n1),
    });
  };
  const changes = diffArrays(oldMid, newMid, { maxEditLength: maxEditDistance });
  if (!changes) {
    push(0, oldMid.length, 0, newMid.length);
    return hunks;
  }
  // A run of removed and added changes between two common ones is one hunk.
  let x = 0;
  let y = 0;
  let i = 0;
  while (i < changes.length) {
    const change = changes[i]!;
    if (!change.added && !change.removed) {
      x += change.count;
      y += change.count;
      i++;
      continue;
    }
    const x0 = x;
    const y0 = y;
    for (; i < changes.length && (changes[i]!.added || changes[i]!.removed); i++) {
      if (changes[i]!.removed) x += changes[i]!.count;
      else y += changes[i]!.count;
    }
    push(x0, x, y0, y);
  }
  return hunks;
}

/**
 * `before` with the accepted hunks of `hunks` (computed from before → some after) applied; rejected
 * hunks keep the original lines.
 */
export function applyHunks(
  before: string | null,
  hunks: readonly Hunk[],
  accepted: ReadonlySet<string>,
): string {
  const oldLines = splitLinesKeepingEnds(before ?? '');
  const out: string[] = [];
  let pos = 0;
  for (const hunk of hunks) {
    for (; pos < hunk.oldStart; pos++) out.push(oldLines[pos]!);
    if (accepted.has(hunk.id)) out.push(...hunk.added);
    else out.push(...hunk.removed);
    pos = hunk.oldStart + hunk.oldLines;
  }
  for (; pos < oldLines.length; pos++) out.push(oldLines[pos]!);
  return out.join('');
}

/** The text that results from accepting only `acceptedHunkIds` of computeHunks(before, after). */
export function applyHunkSelection(
  before: string | null,
  after: string | null,
  acceptedHunkIds: Iterable<string>,
): string {
  return applyHunks(before, computeHunks(before, after), new Set(acceptedHunkIds));
}
