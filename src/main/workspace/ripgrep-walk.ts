// What ripgrep leaves out of a search without saying so in its output: files over the size limit
// (found by listing the walk with and without the limit) and paths it could not open (named on stderr).
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_TEXT_BYTES } from './text-file.js';
import { PERMISSION_DENIED, tooLargeSkip } from './text-search.js';
import type { SkippedFile } from './text-search.js';

/** `./a b.txt: Permission denied (os error 13)`, with `rg: ` in front from ripgrep 14 on. */
const RG_PATH_ERROR = /^(?:rg: )?(.+): ([^:]+) \(os error (\d+)\)$/;
/** ENOENT, ENOTDIR: vanished during the search; nothing to tell. */
const VANISHED = new Set(['2', '20']);

/**
 * A stderr line of ripgrep that names a path it could not read: the path (relative, no `./`) as skipped,
 * or no `skipped` for a path that vanished. Null for any other line (an error about the search itself).
 */
export function parseRgPathError(line: string): { skipped?: SkippedFile } | null {
  const m = RG_PATH_ERROR.exec(line);
  if (!m) return null;
  const [, where = '', message = '', errno = ''] = m;
  if (VANISHED.has(errno)) return {};
  const rel = where.startsWith('./') ? where.slice(2) : where;
  const detail = errno === '13' || errno === '1' ? PERMISSION_DENIED : message.toLowerCase();
  return { skipped: { rel: rel === '' ? '.' : rel, reason: 'unreadable', detail } };
}

export interface WalkLists {
  /** Files within the size limit. */
  within: string[];
  /** All files, whatever their size. */
  all: string[];
}

/**
 * The walk as `rg --files` sees it, twice at once: with the size limit (how many files the search looked
 * at) and without (the difference: files over the limit, which ripgrep skips without a word).
 */
export async function listWalk(
  bin: string,
  cwd: string,
  walk: string[],
  target: string[],
  signal?: AbortSignal,
): Promise<WalkLists> {
  const unlimited = walk.filter((f) => !f.startsWith('--max-filesize='));
  const [within, all] = await Promise.all([
    listFiles(bin, cwd, [...walk, '--files', '--null', ...target], signal),
    listFiles(bin, cwd, [...unlimited, '--files', '--null', ...target], signal),
  ]);
  return { within, all };
}

/**
 * From the two listings: how many files were searched (less the `unread` ones it could not open) and
 * the text files over the limit, with their sizes.
 */
export async function sizeSkips(
  cwd: string,
  lists: WalkLists,
  unread: ReadonlySet<string>,
): Promise<{ searched: number; tooLarge: SkippedFile[] }> {
  const tooLarge: SkippedFile[] = [];
  const within = new Set(lists.within);
  for (const rel of lists.all) {
    if (within.has(rel)) continue;
    const abs = path.join(cwd, rel);
    const size = await fs.stat(abs).then(
      (st) => st.size,
      () => 0,
    );
    const skip = size > MAX_TEXT_BYTES ? await tooLargeSkip(abs, rel, size) : null;
    if (skip) tooLarge.push(skip);
  }
  return { searched: lists.within.filter((rel) => !unread.has(rel)).length, tooLarge };
}

/** The paths `rg --files --null` prints, relative, without `./`. */
function listFiles(bin: string, cwd: string, args: string[], signal?: AbortSignal): Promise<string[]> {
  return new Promise((resolve) => {
    // A cancelled search ends its listings too (they walk the whole folder).
    const child = spawn(bin, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
      ...(signal ? { signal } : {}),
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve([]));
    child.on('close', () => {
      if (signal?.aborted) return resolve([]);
      const out = Buffer.concat(chunks).toString('utf8').split('\0');
      out.pop(); // after the last NUL
      resolve(out.map((p) => (p.startsWith('./') ? p.slice(2) : p)));
    });
  });
}
