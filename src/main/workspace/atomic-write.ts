// Crash-safe file replacement: a crash leaves the old file or the new one, never a truncated one.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits to give the file (set before the rename, so content and mode change together). */
  mode?: number;
  /**
   * Real path of a folder the file must stay inside. Checked again just before the temp file is made and
   * just before the rename, so a parent swapped for a symlink after the caller's path check cannot
   * redirect the write. Throws `OutsideRootError` then, and nothing is left behind.
   */
  within?: string;
}

export class OutsideRootError extends Error {
  readonly code = 'outside_root';
  constructor(abs: string) {
    super(`${abs} now resolves outside the folder (a parent was replaced by a symlink); nothing was written`);
  }
}

/** Longest base name used inside a temp name, so `.<name>.<random>.tmp` stays under NAME_MAX (255). */
const MAX_TEMP_BASE = 200;

/**
 * Writes `data` to a temp file beside `abs` (`.<name>.<random>.tmp`), fsyncs it, gives it
 * `options.mode` or else the existing file's mode (new files: 0o666 minus the umask), renames it over
 * `abs` and fsyncs the directory where the platform allows. The temp file is removed on error. The
 * parent must exist.
 */
export async function writeFileAtomic(
  abs: string,
  data: string | Buffer,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(abs);
  const base = path.basename(abs).slice(0, MAX_TEMP_BASE);
  const tmp = path.join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
  let existingMode: number | null = options.mode === undefined ? null : options.mode & 0o7777;
  if (existingMode === null) {
    try {
      existingMode = (await fs.stat(abs)).mode & 0o7777;
    } catch {
      existingMode = null; // new file
    }
  }
  await assertInside(dir, abs, options.within);
  try {
    // 'wx': never reuse someone else's file; 0o666 lets the umask decide for new files.
    const handle = await fs.open(tmp, 'wx', 0o666);
    try {
      await handle.writeFile(data);
      if (existingMode !== null) await handle.chmod(existingMode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await assertInside(dir, abs, options.within);
    await fs.rename(tmp, abs);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
}

/** Throws OutsideRootError when `dir` no longer resolves inside `root` (a parent swapped for a symlink). */
export async function assertInside(dir: string, abs: string, root: string | undefined): Promise<void> {
  if (root === undefined) return;
  const real = await fs.realpath(dir);
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new OutsideRootError(abs);
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported everywhere (Windows); the rename itself is already done.
  }
}
