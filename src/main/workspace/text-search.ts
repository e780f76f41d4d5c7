// The search engine behind the search tool: a plain Node walker for now; a ripgrep backend can
// replace it by implementing SearchEngine.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import type { Workspace } from './workspace.js';
import { MAX_TEXT_BYTES, looksBinary, splitLines } from './text-file.js';

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
  filesSearched: number;
}

export type SearchEngine = (
  ws: Workspace,
  query: SearchQuery,
) => Promise<Result<SearchReport, 'invalid_regex'>>;

/** Skips ignored paths, binary files and files over MAX_TEXT_BYTES. */
export const nodeSearch: SearchEngine = async (ws, query) => {
  let test: (line: string) => boolean;
  if (query.regex) {
    let re: RegExp;
    try {
      re = new RegExp(query.pattern);
    } catch (err) {
      return fail(
        'invalid_regex',
        `Invalid regular expression: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    test = (line) => re.test(line);
  } else {
    test = (line) => line.includes(query.pattern);
  }

  const matches: SearchMatch[] = [];
  let filesSearched = 0;
  for await (const rel of filesUnder(ws, query.startRel, query.signal)) {
    const lines = await readTextLines(path.join(ws.root, rel));
    if (!lines) continue;
    filesSearched++;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      if (!test(text)) continue;
      if (matches.length >= query.maxMatches) return { ok: true, matches, capped: true, filesSearched };
      matches.push({ rel, line: i + 1, text });
    }
  }
  return { ok: true, matches, capped: false, filesSearched };
};

async function* filesUnder(ws: Workspace, startRel: string, signal?: AbortSignal): AsyncGenerator<string> {
  try {
    if ((await fs.stat(path.join(ws.root, startRel))).isFile()) {
      yield startRel;
      return;
    }
  } catch {
    return;
  }
  yield* ws.walkFiles(startRel, signal);
}

/** Null for binary, too large or unreadable files. */
async function readTextLines(abs: string): Promise<string[] | null> {
  try {
    const stat = await fs.stat(abs);
    if (stat.size > MAX_TEXT_BYTES) return null;
    const buf = await fs.readFile(abs);
    return looksBinary(buf) ? null : splitLines(buf.toString('utf8'));
  } catch {
    return null;
  }
}
