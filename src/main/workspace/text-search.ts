// Text search over the workspace. One contract, two engines: ripgrep (ripgrep-search.ts) where a
// binary is available, and the built-in Node engine below; both give the same report on the same tree.
// Contract: ignored paths and symlinks are skipped (an explicitly given file is searched anyway),
// binary files (a NUL byte anywhere) yield no matches, files over MAX_TEXT_BYTES and unreadable files
// and folders are not searched but listed in `skipped` (never silently), lines lose their CR/LF
// terminators, and the result is the first `maxMatches` matches in tree order (path-order.ts), then
// line order, with `capped` set when there were more.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import type { Workspace } from './workspace.js';
import { BINARY_SNIFF_BYTES, MAX_TEXT_BYTES, looksBinary, splitLines } from './text-file.js';
import { comparePaths } from './path-order.js';
import { openRegular, readRegularFile } from './regular-file.js';

export interface SearchQuery {
  pattern: string;
  /** false: literal substring. Always case-sensitive. */
  regex: boolean;
  /** A file or directory rel path ('.' for the root). */
  startRel: string;
  maxMatches: number;
  signal?: AbortSignal;
}

export interface SearchMatch {
  rel: string;
  /** 1-based. */
  line: number;
  /** The whole line, without its terminator. */
  text: string;
}

export interface SearchReport {
  matches: SearchMatch[];
  /** True when maxMatches was reached and the search stopped early. */
  capped: boolean;
  /** Files looked at: not ignored, not links, within the size limit (binary ones included). */
  filesSearched: number;
  /**
   * Files and folders the walk reached but could not search, in tree order, at most MAX_SKIPPED_KEPT;
   * complete unless `capped` (the search stopped early). `skippedCount` counts them all.
   */
  skipped: SkippedFile[];
  skippedCount: number;
  /** Which engine answered. */
  engine?: 'ripgrep' | 'node';
}

export interface SkippedFile {
  rel: string;
  /** too_large: over MAX_TEXT_BYTES; unreadable: `detail` says why, e.g. 'permission denied'. */
  reason: 'too_large' | 'unreadable';
  /** Bytes, for too_large. */
  size?: number;
  detail?: string;
}

/** Skipped files kept in a report; the rest are only counted. */
export const MAX_SKIPPED_KEPT = 50;

/** Sorted in tree order, duplicates dropped, at most MAX_SKIPPED_KEPT kept. */
export function finishSkipped(all: SkippedFile[]): { skipped: SkippedFile[]; skippedCount: number } {
  const unique = [...new Map(all.map((s) => [s.rel, s])).values()];
  unique.sort((a, b) => comparePaths(a.rel, b.rel));
  return { skipped: unique.slice(0, MAX_SKIPPED_KEPT), skippedCount: unique.length };
}

export const PERMISSION_DENIED = 'permission denied';

/**
 * A file over MAX_TEXT_BYTES as a skipped file, or null when its first bytes hold a NUL: binary files
 * yield no matches anyway, so leaving one out hides nothing.
 */
export async function tooLargeSkip(abs: string, rel: string, size: number): Promise<SkippedFile | null> {
  try {
    const opened = await openRegular(abs);
    if (!opened.ok) return null;
    try {
      const head = Buffer.alloc(BINARY_SNIFF_BYTES);
      const { bytesRead } = await opened.handle.read(head, 0, head.length, 0);
      return looksBinary(head.subarray(0, bytesRead)) ? null : { rel, reason: 'too_large', size };
    } finally {
      await opened.handle.close();
    }
  } catch {
    return { rel, reason: 'too_large', size };
  }
}

export type SearchEngine = (
  ws: Workspace,
  query: SearchQuery,
) => Promise<Result<SearchReport, 'invalid_regex'>>;

/** Files read at once by the Node engine. */
const READ_CONCURRENCY = 16;

export interface LineMatcher {
  /** True when a line (without terminator) matches. */
  test: (line: string) => boolean;
  /** Cheap whole-file check; false means no line can match. */
  mayMatch: (buf: Buffer, text: () => string) => boolean;
}

/** Compiles the query the same way for both engines (ripgrep results are re-checked with it). */
export function compileMatcher(
  query: Pick<SearchQuery, 'pattern' | 'regex'>,
): Result<{ matcher: LineMatcher }, 'invalid_regex'> {
  if (!query.regex) {
    const needle = Buffer.from(query.pattern, 'utf8');
    // U+FFFD can stand for undecodable bytes, which a byte search would not see.
    const bytewise = !query.pattern.includes('\uFFFD');
    return {
      ok: true,
      matcher: {
        test: (line) => line.includes(query.pattern),
        mayMatch: (buf, text) => (bytewise ? buf.includes(needle) : text().includes(query.pattern)),
      },
    };
  }
  let re: RegExp;
  try {
    re = new RegExp(query.pattern);
  } catch (err) {
    return fail(
      'invalid_regex',
      `Invalid regular expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  // Any per-line match is also a match in the whole text with the m flag, unless the pattern looks
  // past the line ($ before a CR, lookaround): then there is no prefilter.
  const whole = /\$|\(\?<?[=!]/.test(query.pattern) ? null : new RegExp(query.pattern, 'm');
  return {
    ok: true,
    matcher: {
      test: (line) => re.test(line),
      mayMatch: (_buf, text) => whole === null || whole.test(text()),
    },
  };
}

/** The first `max` matches in tree order; capped when there were more. */
export function finishMatches(all: SearchMatch[], max: number): { matches: SearchMatch[]; capped: boolean } {
  all.sort((a, b) => comparePaths(a.rel, b.rel) || a.line - b.line);
  return { matches: all.slice(0, max), capped: all.length > max };
}

interface FileScan {
  /** False when the file was not looked at (vanished, unreadable, too large). */
  searched: boolean;
  matches: SearchMatch[];
  /** Set when it was not looked at for a reason the model must hear (not for a vanished file). */
  skipped?: SkippedFile;
}

const NOT_SEARCHED: FileScan = { searched: false, matches: [] };

/** Reads one file and returns up to `limit` matching lines (binary files: none). */
export async function scanFile(
  abs: string,
  rel: string,
  matcher: LineMatcher,
  limit: number,
): Promise<FileScan> {
  let buf: Buffer;
  try {
    // The walk only yields regular files; the check on the handle covers a FIFO swapped in since.
    const read = await readRegularFile(abs, MAX_TEXT_BYTES, true);
    if (!read.ok && read.code === 'too_large') {
      const skipped = await tooLargeSkip(abs, rel, read.stat.size);
      return skipped ? { ...NOT_SEARCHED, skipped } : NOT_SEARCHED;
    }
    if (!read.ok) return NOT_SEARCHED;
    buf = read.buf;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') return NOT_SEARCHED;
    return { ...NOT_SEARCHED, skipped: { rel, reason: 'unreadable', detail: PERMISSION_DENIED } };
  }
  if (buf.includes(0)) return { searched: true, matches: [] };
  let decoded: string | undefined;
  const text = (): string => (decoded ??= buf.toString('utf8'));
  if (!matcher.mayMatch(buf, text)) return { searched: true, matches: [] };
  const lines = splitLines(text());
  const matches: SearchMatch[] = [];
  for (let i = 0; i < lines.length && matches.length < limit; i++) {
    const line = lines[i] as string;
    if (matcher.test(line)) matches.push({ rel, line: i + 1, text: line });
  }
  return { searched: true, matches };
}

/** The built-in engine: walks in tree order, reads files in parallel, stops at the cap. */
export const nodeSearch: SearchEngine = async (ws, query) => {
  const compiled = compileMatcher(query);
  if (!compiled.ok) return compiled;
  const { matcher } = compiled;
  const limit = query.maxMatches + 1;
  const all: SearchMatch[] = [];
  const skipped: SkippedFile[] = [];
  let filesSearched = 0;

  const onDenied = (rel: string) => skipped.push({ rel, reason: 'unreadable', detail: PERMISSION_DENIED });
  const walk = filesUnder(ws, query.startRel, query.signal, onDenied);
  const window: Promise<FileScan>[] = [];
  let walkDone = false;
  try {
    for (;;) {
      while (!walkDone && window.length < READ_CONCURRENCY) {
        const next = await walk.next();
        if (next.done) walkDone = true;
        else window.push(scanFile(path.join(ws.root, next.value), next.value, matcher, limit));
      }
      const head = window.shift();
      if (!head || query.signal?.aborted) break;
      const scan = await head;
      if (scan.searched) filesSearched++;
      if (scan.skipped) skipped.push(scan.skipped);
      all.push(...scan.matches);
      // Files are taken in tree order, so once the cap is passed no later file can change the answer.
      if (all.length >= limit) break;
    }
  } finally {
    await walk.return(undefined);
  }
  const found = finishMatches(all, query.maxMatches);
  return { ok: true, ...found, filesSearched, ...finishSkipped(skipped), engine: 'node' };
};

async function* filesUnder(
  ws: Workspace,
  startRel: string,
  signal: AbortSignal | undefined,
  onDenied: (rel: string) => void,
): AsyncGenerator<string> {
  try {
    if ((await fs.stat(path.join(ws.root, startRel))).isFile()) {
      yield startRel;
      return;
    }
  } catch {
    return;
  }
  yield* ws.walkFiles(startRel, signal, { symlinks: 'skip', onDenied });
}
