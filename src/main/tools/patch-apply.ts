// Applies the hunks of one file to its content, in memory. Each hunk's old side is looked for after
// the previous hunk: at the header's line first, then anywhere (an offset), first exactly, then with
// whitespace drift tolerated. Two equally good places are refused as ambiguous, never guessed.
import { detectEol, nearestRegion } from './edit-match.js';
import type { PatchHunk, PatchLine } from './patch-parse.js';

export interface HunkFailure {
  ok: false;
  /** 1-based index of the hunk within its file. */
  hunk: number;
  header: string;
  reason: 'not_found' | 'ambiguous' | 'no_context';
  message: string;
  /** Where the old side best resembles the file (1-based lines), when found at all. */
  nearest?: { startLine: number; endLine: number; score: number };
  /** For `ambiguous`: the 1-based lines where the old side matches. */
  candidates?: number[];
}

export interface HunksApplied {
  ok: true;
  content: string;
  /** Offsets and fuzz used, one short note each, for the model. */
  notes: string[];
}

type Level = 'exact' | 'trailing' | 'whitespace';
const LEVELS: readonly Level[] = ['exact', 'trailing', 'whitespace'];
const LEVEL_NOTES: Record<Level, string> = {
  exact: '',
  trailing: 'ignoring trailing whitespace',
  whitespace: 'ignoring whitespace differences',
};

function norm(level: Level, line: string): string {
  if (level === 'exact') return line;
  if (level === 'trailing') return line.trimEnd();
  return line.trim().replace(/\s+/g, ' ');
}

/** `content` is the current file ('' for a file to create). */
export function applyPatchHunks(content: string, hunks: readonly PatchHunk[]): HunksApplied | HunkFailure {
  const eol = detectEol(content);
  const endsWithNewline = content === '' || content.endsWith('\n');
  const cut = content.endsWith('\r\n') ? 2 : content.endsWith('\n') ? 1 : 0;
  const body = content.slice(0, content.length - cut);
  let lines = content === '' ? [] : body.split(eol === '\r\n' ? /\r?\n/ : '\n');
  let finalNewline = endsWithNewline;
  const notes: string[] = [];
  let minPos = 0;
  let delta = 0;
  for (const [i, hunk] of hunks.entries()) {
    const index = i + 1;
    const oldSide = hunk.lines.filter((l) => l.kind !== '+');
    const expected = hunk.oldStart === null ? null : Math.max(0, hunkStartIndex(hunk, oldSide) + delta);
    const found = locate(lines, oldSide, expected, minPos, hunk, index);
    if (!found.ok) return found;
    const { pos, level } = found;
    const replacement: string[] = [];
    let fileIdx = pos;
    for (const l of hunk.lines) {
      if (l.kind === '+') replacement.push(l.text);
      else if (l.kind === ' ') replacement.push(lines[fileIdx++] as string);
      else fileIdx++;
    }
    if (pos + oldSide.length >= lines.length) finalNewline = eofNewline(hunk.lines, finalNewline);
    lines = [...lines.slice(0, pos), ...replacement, ...lines.slice(pos + oldSide.length)];
    minPos = pos + replacement.length;
    delta += replacement.length - oldSide.length;
    const where = describeOffset(expected, pos, hunk, oldSide);
    const how = LEVEL_NOTES[level];
    if (where || how) notes.push(`hunk ${index} applied${where}${how ? ` ${how}` : ''}`);
  }
  if (lines.length === 0) return { ok: true, content: '', notes };
  return { ok: true, content: lines.join(eol) + (finalNewline ? eol : ''), notes };
}

/** 0-based index the header points at; for `-N,0` (pure insertion) that is just after line N. */
function hunkStartIndex(hunk: PatchHunk, oldSide: readonly PatchLine[]): number {
  const start = hunk.oldStart ?? 1;
  return oldSide.length === 0 ? start : start - 1;
}

function locate(
  lines: readonly string[],
  oldSide: readonly PatchLine[],
  expected: number | null,
  minPos: number,
  hunk: PatchHunk,
  index: number,
): { ok: true; pos: number; level: Level } | HunkFailure {
  if (oldSide.length === 0) {
    if (lines.length === 0) return { ok: true, pos: 0, level: 'exact' };
    if (expected !== null && expected <= lines.length)
      return { ok: true, pos: Math.max(expected, minPos), level: 'exact' };
    return {
      ok: false,
      hunk: index,
      header: hunk.header,
      reason: 'no_context',
      message: 'it only adds lines and gives no position; include a few unchanged lines around it as context',
    };
  }
  for (const level of LEVELS) {
    const wanted = oldSide.map((l) => norm(level, l.text));
    const matches: number[] = [];
    for (let p = minPos; p + wanted.length <= lines.length; p++) {
      let same = true;
      for (let j = 0; j < wanted.length && same; j++)
        same = norm(level, lines[p + j] as string) === wanted[j];
      if (same) matches.push(p);
    }
    if (expected !== null && matches.includes(expected)) return { ok: true, pos: expected, level };
    if (matches.length === 1) return { ok: true, pos: matches[0] as number, level };
    if (matches.length > 1) {
      const at = matches.map((p) => p + 1);
      return {
        ok: false,
        hunk: index,
        header: hunk.header,
        reason: 'ambiguous',
        message: `its old lines match ${matches.length} places (lines ${at.join(', ')}); add more context lines or correct the @@ line numbers`,
        candidates: at,
      };
    }
  }
  const region = nearestRegion(lines, oldSide.map((l) => l.text).join('\n'));
  return {
    ok: false,
    hunk: index,
    header: hunk.header,
    reason: 'not_found',
    message: 'its context and removed lines were not found in the file',
    ...(region && region.score > 0 ? { nearest: region } : {}),
  };
}

/** Whether the file ends with a newline after a hunk that reaches its end. */
function eofNewline(hunkLines: readonly PatchLine[], current: boolean): boolean {
  const lastNew = [...hunkLines].reverse().find((l) => l.kind !== '-');
  const lastOld = [...hunkLines].reverse().find((l) => l.kind !== '+');
  if (lastNew?.noNewline) return false;
  if (lastOld?.noNewline) return true;
  return current;
}

function describeOffset(
  expected: number | null,
  pos: number,
  hunk: PatchHunk,
  oldSide: readonly PatchLine[],
): string {
  if (expected === null) return oldSide.length > 0 ? ` at line ${pos + 1}` : '';
  if (expected === pos) return '';
  return ` at line ${pos + 1} (header said ${hunk.oldStart ?? '?'})`;
}
