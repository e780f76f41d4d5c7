// Line hunks between a file's current text and a proposed text, and the text that results from accepting
// some of them. Lines keep their terminators, so CRLF, a missing final newline and a newline-only change
// survive exactly: accepting every hunk gives `after`, accepting none gives `before`.

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
 * Beyond this many differences (D in Myers' algorithm) the middle of the file becomes one hunk:
 * memory grows with D², and a diff that large is not reviewed hunk by hunk anyway.
 */
export const MAX_EDIT_DISTANCE = 2000;

/** Splits after each `\n`, keeping it (and a preceding `\r`); '' has no lines. */
export function splitLines(text: string): string[] {
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

const EQ = 0;
const DEL = 1;
const INS = 2;

/** Myers' O(ND) shortest edit script over interned lines; null when D exceeds `maxD`. */
function myers(a: Int32Array, b: Int32Array, maxD: number): Uint8Array | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: v over k in [-d-1, d+1] before round d (what round d read).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, maxD) && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;

  const ops: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const snap = trace[d]!;
    const at = (k: number) => snap[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(EQ);
      x--;
      y--;
    }
    ops.push(x === prevX ? INS : DEL);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push(EQ);
    x--;
    y--;
  }
  return Uint8Array.from(ops.reverse());
}

function intern(lines: string[], ids: Map<string, number>): Int32Array {
  const out = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    out[i] = id;
  }
  return out;
}

/** The hunks that turn `before` into `after`; null stands for an absent file (created or deleted). */
export function computeHunks(
  before: string | null,
  after: string | null,
  maxEditDistance = MAX_EDIT_DISTANCE,
): Hunk[] {
  const oldLines = splitLines(before ?? '');
  const newLines = splitLines(after ?? '');
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

  const ids = new Map<string, number>();
  const ops = myers(intern(oldMid, ids), intern(newMid, ids), maxEditDistance);
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
  if (!ops) {
    push(0, oldMid.length, 0, newMid.length);
    return hunks;
  }
  let x = 0;
  let y = 0;
  let i = 0;
  while (i < ops.length) {
    if (ops[i] === EQ) {
      x++;
      y++;
      i++;
      continue;
    }
    const x0 = x;
    const y0 = y;
    while (i < ops.length && ops[i] !== EQ) {
      if (ops[i] === DEL) x++;
      else y++;
      i++;
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
  const oldLines = splitLines(before ?? '');
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
