// Content-addressed blobs of a checkpoint store: objects/<first 2 hex>/<sha256>. A blob is written
// once (temp + fsync + rename), read back only after its hash is checked, and removed only by gc.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { sha256 } from './read-tracker.js';

export class ObjectStore {
  constructor(readonly dir: string) {}

  private pathOf(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  /** Stores `content`; returns its hash. Writing an existing blob again is skipped. */
  async put(content: Buffer): Promise<string> {
    const hash = sha256(content);
    const file = this.pathOf(hash);
    try {
      const stat = await fs.stat(file);
      if (stat.size === content.length) return hash;
    } catch {
      // not stored yet
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, content, { mode: 0o644 });
    return hash;
  }

  /** The blob's content, or null when it is missing or does not match its hash (damaged). */
  async get(hash: string): Promise<Buffer | null> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return null;
    try {
      const content = await fs.readFile(this.pathOf(hash));
      return sha256(content) === hash ? content : null;
    } catch {
      return null;
    }
  }

  /** Every stored blob with its size in bytes. */
  async list(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    let shards: string[];
    try {
      shards = await fs.readdir(this.dir);
    } catch {
      return out;
    }
    for (const shard of shards) {
      let names: string[];
      try {
        names = await fs.readdir(path.join(this.dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue; // temp files of an interrupted put
        try {
          out.set(name, (await fs.stat(path.join(this.dir, shard, name))).size);
        } catch {
          // removed meanwhile
        }
      }
    }
    return out;
  }

  /** Removes blobs not in `live`; returns the bytes left stored. */
  async gc(live: ReadonlySet<string>): Promise<number> {
    let kept = 0;
    for (const [hash, size] of await this.list()) {
      if (live.has(hash)) kept += size;
      else await fs.rm(this.pathOf(hash), { force: true });
    }
    return kept;
  }
}
