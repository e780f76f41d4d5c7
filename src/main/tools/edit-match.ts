// The matcher cascade behind edit_file. Each strategy is tried in order; the first that finds any
// match wins. Offsets are into the file content exactly as read (CRLF kept).

export type MatchStrategy = 'exact' | 'trailing_whitespace' | 'indentation' | 'unicode';

export const STRATEGY_LABELS: Record<MatchStrategy, string> = {
  exact: 'exact',
  trailing_whitespace: 'ignoring trailing whitespace',
  indentation: 'ignoring indentation',
  unicode: 'unicode-normalised (quotes, dashes, spaces)',
};

/** Replace content[start, end) with text. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

export type MatchResult =
  | { found: true; strategy: MatchStrategy; replacements: Replacement[] }
  | { found: false; tried: MatchStrategy[] };

interface LineInfo {
  start: number;
  /** End of the line's text, before any CR/LF. */
  contentEnd: number;
  /** Start of the next line (after the LF), or content.length. */
  next: number;
  text: string;
}

export function detectEol(content: string): '\n' | '\r\n' {
  const crlf = content.split('\r\n').length - 1;
  const lf = content.split('\n').length - 1 - crlf;
  return crlf > 0 && crlf >= lf ? '\r\n' : '\n';
}

export function toEol(text: string, eol: '\n' | '\r\n'): string {
  const lf = text.replace(/\r\n/g, '\n');
  return eol === '\n' ? lf : lf.replace(/\n/g, '\r\n');
}

/** All non-overlapping matches of the first strategy that finds any. old_text must not be empty. */
export function findReplacements(content: string, oldText: string, newText: string): MatchResult {
  const eol = detectEol(content);
  const newE = toEol(newText, eol);
  const tried: MatchStrategy[] = ['exact'];
  const exact = findExact(content, toEol(oldText, eol), newE);
  if (exact.length > 0) return { found: true, strategy: 'exact', replacements: exact };

  const lines = indexLines(content);
  const lineStrategies: [MatchStrategy, (s: string) => string, boolean][] = [
    ['trailing_whitespace', (s) => s.trimEnd(), false],
    ['indentation', (s) => s.trim(), true],
  ];
  for (const [strategy, norm, reindentNew] of lineStrategies) {
    tried.push(strategy);
    const found = findByLines(lines, oldText, newText, eol, norm, reindentNew);
    if (found.length > 0) return { found: true, strategy, replacements: found };
  }

  tried.push('unicode');
  const uni = findUnicode(content, oldText, newE);
  if (uni.length > 0) return { found: true, strategy: 'unicode', replacements: uni };
  return { found: false, tried };
}

function findExact(content: string, oldE: string, newE: string): Replacement[] {
  const out: Replacement[] = [];
  for (let at = content.indexOf(oldE); at !== -1; at = content.indexOf(oldE, at + oldE.length)) {
    out.push({ start: at, end: at + oldE.length, text: newE });
  }
  return out;
}

function indexLines(content: string): LineInfo[] {
  const lines: LineInfo[] = [];
  let pos = 0;
  while (pos < content.length) {
    const nl = content.indexOf('\n', pos);
    const next = nl === -1 ? content.length : nl + 1;
    let contentEnd = nl === -1 ? content.length : nl;
    if (contentEnd > pos && content[contentEnd - 1] === '\r') contentEnd--;
    lines.push({ start: pos, contentEnd, next, text: content.slice(pos, contentEnd) });
    pos = next;
  }
  return lines;
}

/** Whole-line matching with `norm` applied to both sides; old_text ending in a newline takes it too. */
function findByLines(
  lines: readonly LineInfo[],
  oldText: string,
  newText: string,
  eol: '\n' | '\r\n',
  norm: (s: string) => string,
  reindentNew: boolean,
): Replacement[] {
  const oldLf = oldText.replace(/\r\n/g, '\n');
  const endsNl = oldLf.endsWith('\n');
  const oldLines = (endsNl ? oldLf.slice(0, -1) : oldLf).split('\n');
  if (oldLines.every((l) => l.trim() === '')) return []; // would match any blank lines
  const keys = oldLines.map(norm);
  const k = keys.length;
  const newLf = newText.replace(/\r\n/g, '\n');
  const out: Replacement[] = [];
  for (let i = 0; i + k <= lines.length;) {
    let hit = true;
    for (let j = 0; j < k && hit; j++) hit = norm((lines[i + j] as LineInfo).text) === keys[j];
    if (!hit) {
      i++;
      continue;
    }
    const first = lines[i] as LineInfo;
    const last = lines[i + k - 1] as LineInfo;
    const fileLines = lines.slice(i, i + k).map((l) => l.text);
    const text = reindentNew ? reindent(newLf, oldLines, fileLines) : newLf;
    out.push({ start: first.start, end: endsNl ? last.next : last.contentEnd, text: toEol(text, eol) });
    i += k;
  }
  return out;
}

function leadingWhitespace(s: string): string {
  return /^[ \t]*/.exec(s)?.[0] ?? '';
}

/** Shifts new_text by the indentation difference between old_text and the lines it matched. */
export function reindent(newText: string, oldLines: readonly string[], fileLines: readonly string[]): string {
  const j = oldLines.findIndex((l) => l.trim() !== '');
  if (j < 0) return newText;
  const fileIndent = leadingWhitespace(fileLines[j] ?? '');
  const oldIndent = leadingWhitespace(oldLines[j] ?? '');
  if (fileIndent === oldIndent) return newText;
  return newText
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      if (fileIndent.startsWith(oldIndent)) return fileIndent.slice(oldIndent.length) + line;
      if (oldIndent.startsWith(fileIndent)) {
        const cut = Math.min(oldIndent.length - fileIndent.length, leadingWhitespace(line).length);
        return line.slice(cut);
      }
      return line.startsWith(oldIndent) ? fileIndent + line.slice(oldIndent.length) : line;
    })
    .join('\n');
}

const QUOTE_SINGLE = /[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g;
const QUOTE_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;

/** NFKC plus ASCII quotes, dashes and spaces. CRs are dropped so CRLF compares equal to LF. */
export function normalizeUnicode(s: string): string {
  return s
    .replace(/\r/g, '')
    .normalize('NFKC')
    .replace(QUOTE_SINGLE, "'")
    .replace(QUOTE_DOUBLE, '"')
    .replace(DASHES, '-')
    .replace(SPACES, ' ');
}

/** Substring search on normalised text, mapped back to original offsets character by character. */
function findUnicode(content: string, oldText: string, newE: string): Replacement[] {
  const normToStart: number[] = [];
  const normToEnd: number[] = [];
  let normalized = '';
  for (let i = 0; i < content.length;) {
    const cp = content.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const piece = normalizeUnicode(String.fromCodePoint(cp));
    for (let c = 0; c < piece.length; c++) {
      normToStart.push(i);
      normToEnd.push(i + width);
    }
    normalized += piece;
    i += width;
  }
  const needle = normalizeUnicode(oldText);
  if (needle === '') return [];
  const out: Replacement[] = [];
  for (let at = normalized.indexOf(needle); at !== -1; at = normalized.indexOf(needle, at + needle.length)) {
    const start = normToStart[at] as number;
    const end = normToEnd[at + needle.length - 1] as number;
    out.push({ start, end, text: newE });
  }
  return out;
}

/** Applies sorted, non-overlapping replacements; returns the 1-based line span each one covers now. */
export function applyReplacements(
  content: string,
  replacements: readonly Replacement[],
): { content: string; spans: { startLine: number; endLine: number }[] } {
  let out = '';
  let pos = 0;
  const spans: { startLine: number; endLine: number }[] = [];
  let line = 1;
  for (const r of replacements) {
    const before = content.slice(pos, r.start);
    line += countNl(before);
    out += before + r.text;
    const body = r.text.endsWith('\n') ? r.text.slice(0, -1) : r.text;
    spans.push({ startLine: line, endLine: line + countNl(body) });
    line += countNl(r.text);
    pos = r.end;
  }
  return { content: out + content.slice(pos), spans };
}

function countNl(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** 1-based line of a character offset. */
export function lineOf(content: string, offset: number): number {
  return countNl(content.slice(0, offset)) + 1;
}

/** The window of file lines most like old_text, by per-line similarity of trimmed lines. */
export function nearestRegion(
  fileLines: readonly string[],
  oldText: string,
): { startLine: number; endLine: number; score: number } | null {
  const oldLf = oldText.replace(/\r\n/g, '\n').replace(/\n$/, '');
  const wanted = oldLf.split('\n').map((l) => l.trim());
  const k = Math.min(wanted.length, fileLines.length);
  if (k === 0) return null;
  const trimmed = fileLines.map((l) => l.trim());
  // Bigram similarity is costly on big inputs; fall back to exact line equality there.
  const cheap = fileLines.length * wanted.length > 200_000;
  let best = { startLine: 1, endLine: k, score: -1 };
  for (let i = 0; i + k <= trimmed.length; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const a = trimmed[i + j] as string;
      const b = wanted[j] as string;
      sum += a === b ? 1 : cheap ? 0 : similarity(a, b);
    }
    const score = sum / wanted.length;
    if (score > best.score) best = { startLine: i + 1, endLine: i + k, score };
  }
  return best;
}

/** Dice coefficient over character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}
