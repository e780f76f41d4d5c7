// The file access the tools have, through the workspace they are given: every stat, listing, read,
// write and delete a tool makes goes through here, so no tool imports node:fs and a test can put a
// failing disk in its place. Paths are absolute and already resolved by Workspace.resolve().
import { promises as fs } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { assertInside, writeFileAtomic } from './atomic-write.js';
import { openRegular, readRegularFile, statRegular } from './regular-file.js';
import type { OpenOptions, RegularCheck, RegularRead } from './regular-file.js';

export type { Dirent, Stats };
export type OpenedRegular = Awaited<ReturnType<typeof openRegular>>;

export interface FileOps {
  /** As fs.stat (links followed); file system errors throw. */
  stat(abs: string): Promise<Stats>;
  /** As fs.readdir with file types, unsorted. */
  readDir(abs: string): Promise<Dirent[]>;
  /** See regular-file.ts: a FIFO or device is never opened. */
  statRegular(abs: string, maxBytes?: number): Promise<RegularCheck>;
  readRegular(abs: string, maxBytes?: number): Promise<RegularRead>;
  openRegular(abs: string, opts?: OpenOptions): Promise<OpenedRegular>;
  /**
   * Replaces the file atomically, creating missing parents; re-checked inside the root just before (an
   * OutsideRootError throws when a parent was swapped for a symlink). `mode`: permission bits, default
   * the existing file's.
   */
  write(abs: string, data: string | Buffer, mode?: number): Promise<void>;
  /** Deletes a file, its folder re-checked inside the root first; a missing file is no error. */
  remove(abs: string): Promise<void>;
}

/** The real disk, confined to `root` (a real path). */
export function nodeFileOps(root: string): FileOps {
  return {
    stat: (abs) => fs.stat(abs),
    readDir: (abs) => fs.readdir(abs, { withFileTypes: true }),
    statRegular: (abs, maxBytes) => statRegular(abs, maxBytes),
    readRegular: (abs, maxBytes) => readRegularFile(abs, maxBytes),
    openRegular: (abs, opts) => openRegular(abs, opts),
    async write(abs, data, mode) {
      await makeParents(abs, root);
      await writeFileAtomic(abs, data, { within: root, ...(mode !== undefined ? { mode } : {}) });
    },
    async remove(abs) {
      // The same re-check as a write: a parent swapped for a symlink must not lead the delete outside.
      await assertInside(path.dirname(abs), abs, root);
      await fs.rm(abs, { force: true });
    },
  };
}

/**
 * Creates the missing folders above `abs`, only under a folder that resolves inside `root`: mkdir follows
 * symlinks, so a parent swapped for a link must not lead it to make folders outside.
 */
async function makeParents(abs: string, root: string): Promise<void> {
  const dir = path.dirname(abs);
  let existing = dir;
  for (;;) {
    try {
      await fs.stat(existing);
      break;
    } catch {
      const up = path.dirname(existing);
      if (up === existing) break;
      existing = up;
    }
  }
  await assertInside(existing, abs, root);
  if (existing !== dir) await fs.mkdir(dir, { recursive: true });
}
