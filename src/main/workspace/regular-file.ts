// Reading only regular files. Opening a named pipe blocks until a writer comes (possibly forever, with a
// libuv pool thread stuck that no cancel can free) and a device may never end, so the file tools look at
// the type first and never open anything else. The type is checked twice: on the path before opening, so
// a FIFO is never opened at all, and on the open handle (opened non-blocking), so a file swapped for a
// FIFO between the two cannot hang either.
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** Not defined on Windows, where opening a pipe-like path does not block this way. */
const OPEN_FLAGS = constants.O_RDONLY | ((constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0);

/** What a non-regular, non-directory entry is, for messages: 'a named pipe (FIFO)'; null for files and folders. */
export function specialKind(stat: Stats): string | null {
  if (stat.isFile() || stat.isDirectory()) return null;
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/** E.g. `pipe is a named pipe (FIFO), not a regular file; not read.` */
export function notRegularMessage(rel: string, stat: Stats, outcome: string): string {
  return `${rel} is ${specialKind(stat) ?? 'not a regular file'}, not a regular file; ${outcome}.`;
}

export type RegularCheck =
  { ok: true; stat: Stats } | { ok: false; code: 'directory' | 'not_regular' | 'too_large'; stat: Stats };

function check(stat: Stats, maxBytes: number): RegularCheck {
  if (stat.isDirectory()) return { ok: false, code: 'directory', stat };
  if (!stat.isFile()) return { ok: false, code: 'not_regular', stat };
  if (stat.size > maxBytes) return { ok: false, code: 'too_large', stat };
  return { ok: true, stat };
}

/**
 * Stats `abs` (following links) and says whether it is a regular file of at most `maxBytes`. File system
 * errors (ENOENT, EACCES, ...) throw, as from `fs.stat`.
 */
export async function statRegular(abs: string, maxBytes = Infinity): Promise<RegularCheck> {
  return check(await fs.stat(abs), maxBytes);
}

export interface OpenOptions {
  /** Largest size accepted, bytes; default no limit. */
  maxBytes?: number;
  /**
   * Skip the check on the path (one syscall less) where the caller already knows it was a regular file,
   * e.g. from a directory listing: the check on the handle still keeps a swapped-in FIFO from hanging,
   * though it is then opened for a moment.
   */
  known?: boolean;
}

/**
 * Opens `abs` for reading when it is a regular file of at most `maxBytes`, checked before and after the
 * open (see above). The caller closes the handle. File system errors throw.
 */
export async function openRegular(
  abs: string,
  opts: OpenOptions = {},
): Promise<(RegularCheck & { ok: false }) | { ok: true; stat: Stats; handle: FileHandle }> {
  const maxBytes = opts.maxBytes ?? Infinity;
  if (!opts.known) {
    const before = await statRegular(abs, maxBytes);
    if (!before.ok) return before;
  }
  const handle = await fs.open(abs, OPEN_FLAGS);
  let after: RegularCheck;
  try {
    after = check(await handle.stat(), maxBytes);
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (after.ok) return { ok: true, stat: after.stat, handle };
  await handle.close();
  return after;
}

export type RegularRead = (RegularCheck & { ok: false }) | { ok: true; stat: Stats; buf: Buffer };

/** The whole content of a regular file of at most `maxBytes`; anything else is refused unopened. */
export async function readRegularFile(abs: string, maxBytes = Infinity, known = false): Promise<RegularRead> {
  const opened = await openRegular(abs, { maxBytes, known });
  if (!opened.ok) return opened;
  try {
    return { ok: true, stat: opened.stat, buf: await opened.handle.readFile() };
  } finally {
    await opened.handle.close();
  }
}
