// What the agent last saw of each file, so edits and overwrites never act on a stale view.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { fail } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import { readRegularFile } from './regular-file.js';

export interface SeenFile {
  /** Modification time when recorded, ms; undefined when the file could not be stat'ed. */
  mtimeMs: number | undefined;
  /** Bytes. */
  size: number;
  /** sha256 of the content, hex. */
  sha256: string;
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

export class ReadTracker {
  private readonly seen: Map<string, SeenFile>;

  /** `seen`: what an earlier run of a resumed session saw; check() still compares it with the disk. */
  constructor(seen: Iterable<[string, SeenFile]> = []) {
    this.seen = new Map(seen);
  }

  /** Absolute path -> what was seen, for a session to save. */
  entries(): [string, SeenFile][] {
    return [...this.seen];
  }

  /** Call after the agent read (the whole file's content, even for a range) or wrote `abs`. */
  record(abs: string, content: Buffer | string): void {
    let mtimeMs: number | undefined;
    try {
      mtimeMs = statSync(abs).mtimeMs;
    } catch {
      mtimeMs = undefined;
    }
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    this.seen.set(abs, { mtimeMs, size, sha256: sha256(content) });
  }

  get(abs: string): SeenFile | undefined {
    return this.seen.get(abs);
  }

  forget(abs: string): void {
    this.seen.delete(abs);
  }

  /** Ok when `abs` was read and its content (by hash, not only mtime) is what the agent saw. */
  async check(abs: string): Promise<Result<object, 'not_read' | 'changed_on_disk'>> {
    const seen = this.seen.get(abs);
    if (!seen) {
      return fail('not_read', 'You have not read this file yet; call read_file on it first.');
    }
    const read = await readRegularFile(abs).catch(() => null);
    if (!read?.ok) {
      return fail(
        'changed_on_disk',
        'The file was deleted or became unreadable since you read it; call read_file again.',
      );
    }
    const current = read.buf;
    if (current.length !== seen.size || sha256(current) !== seen.sha256) {
      return fail(
        'changed_on_disk',
        'The file changed on disk since you last read it; call read_file again and redo the change on the new content.',
      );
    }
    return { ok: true };
  }
}
