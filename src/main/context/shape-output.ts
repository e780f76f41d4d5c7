// Shapes long text (command output, file dumps) to a budget before it enters the model's context:
// whole lines from the head and the tail are kept and one marker line replaces the middle. Tails of
// command output carry the errors, so the tail gets most of the budget. Pure (no node imports): the
// conversation, run_command and the verification gate all shape with it.

export interface ShapedText {
  text: string;
  truncated: boolean;
  /** Lines not kept in full (a line cut mid-way counts as omitted). */
  omittedLines: number;
  /** Characters (UTF-16 code units) left out. */
  omittedChars: number;
}

export interface ShapeOptions {
  /** Share of the budget given to the head, 0..1; default 0.4. */
  headRatio?: number;
}

const DEFAULT_HEAD_RATIO = 0.4;

/**
 * Returns `text` unchanged when it fits in `maxChars`; otherwise head + marker line + tail, with
 * `result.length <= maxChars + marker.length`. Lines are cut mid-way only when a single line is
 * longer than the head's (or tail's) share of the budget.
 */
export function shapeOutput(text: string, maxChars: number, opts: ShapeOptions = {}): ShapedText {
  if (text.length <= maxChars) return { text, truncated: false, omittedLines: 0, omittedChars: 0 };

  const ratio = Math.min(1, Math.max(0, opts.headRatio ?? DEFAULT_HEAD_RATIO));
  // Two characters are reserved for the newlines around the marker.
  const budget = Math.max(0, Math.floor(maxChars) - 2);
  const headBudget = Math.floor(budget * ratio);
  const tailBudget = budget - headBudget;

  let headEnd = extendHead(text, 0, text.length, headBudget, headBudget);
  const tailStart = extendTail(text, text.length, headEnd, budget - headEnd, tailBudget);
  // Whatever the tail left unused goes back to the head (whole lines), unless the head gets nothing.
  if (headBudget > 0) {
    const left = budget - headEnd - (text.length - tailStart);
    headEnd = extendHead(text, headEnd, tailStart, left, Infinity);
  }

  const head = text.slice(0, headEnd);
  const tail = text.slice(tailStart);
  const omittedChars = tailStart - headEnd;
  const omittedLines = countLinesBetween(text, headEnd, tailStart);
  const marker = omissionMarker(omittedLines, omittedChars);
  const out =
    (head === '' || head.endsWith('\n') ? head : head + '\n') + marker + (tail === '' ? '' : '\n' + tail);
  return { text: out, truncated: true, omittedLines, omittedChars };
}

/** The marker line put in place of omitted lines, without newlines. */
export function omissionMarker(lines: number, chars: number): string {
  return `[... ${lines} ${lines === 1 ? 'line' : 'lines'} (${chars} chars) omitted ...]`;
}

/** Cuts one line to at most `maxChars` (suffix included, when the suffix itself fits). */
export function truncateLine(line: string, maxChars: number): string {
  if (line.length <= maxChars) return line;
  // The suffix for the whole length is at least as long as the real one.
  const reserve = suffix(line.length).length;
  const keep = safeEnd(line, Math.max(0, Math.floor(maxChars) - reserve));
  return line.slice(0, keep) + suffix(line.length - keep);
}

function suffix(cut: number): string {
  return `… [+${cut} chars]`;
}

/**
 * Moves the head's end forward from `from` (never past `limit`) over whole lines while they fit in
 * `room`. A line longer than `cutAbove` can never fit whole, so it is cut to the room left.
 */
function extendHead(text: string, from: number, limit: number, room: number, cutAbove: number): number {
  let pos = from;
  while (pos < limit) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 || nl >= limit ? limit : nl + 1;
    const len = lineEnd - pos;
    if (len <= room) {
      room -= len;
      pos = lineEnd;
      continue;
    }
    if (len > cutAbove && room > 0) pos = safeEnd(text, pos + room);
    break;
  }
  return pos;
}

/** Mirror of extendHead: moves the tail's start back from `to`, never before `limit`. */
function extendTail(text: string, to: number, limit: number, room: number, cutAbove: number): number {
  let pos = to;
  while (pos > limit) {
    // Start of the line that ends just before `pos` (the '\n' at pos - 1, if any, belongs to it).
    const lineStart = pos < 2 ? 0 : text.lastIndexOf('\n', pos - 2) + 1;
    const len = pos - lineStart;
    if (lineStart >= limit && len <= room) {
      room -= len;
      pos = lineStart;
      continue;
    }
    if (len > cutAbove && room > 0) pos = safeStart(text, Math.max(limit, pos - room));
    break;
  }
  return pos;
}

/** Lines touched by text[from, to): its newlines, plus one for a final line without a newline. */
function countLinesBetween(text: string, from: number, to: number): number {
  if (to <= from) return 0;
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return text[to - 1] === '\n' ? count : count + 1;
}

/** An end index that does not split a surrogate pair. */
function safeEnd(text: string, end: number): number {
  return end > 0 && isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
}

/** A start index that does not split a surrogate pair. */
function safeStart(text: string, start: number): number {
  return start < text.length && isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
