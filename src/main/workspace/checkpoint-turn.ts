// One turn's checkpoint: created on the first path saved, extended as the turn goes on, and written
// to disk after every addition, so a crash mid-turn still leaves what was saved so far.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ObjectStore } from './checkpoint-objects.js';
import {
  newCheckpointId,
  type Manifest,
  type ManifestEntry,
  type ManifestStore,
} from './checkpoint-manifest.js';
import { diffScans, type ScanIndex } from './folder-scan.js';
import { readRegularFile } from './regular-file.js';

/** One turn's checkpoint, created lazily on its first saved path. */
export interface TurnRecorder {
  saveBefore(rels: readonly string[]): Promise<string | undefined>;
  /** Runs `fn` between two scans of the folder; the paths it created, changed or deleted are saved. */
  around<T>(
    fn: () => Promise<T>,
  ): Promise<{ value: T; changed: string[]; notCaptured: string[]; error?: string }>;
  /** Ends the turn; the checkpoint's id and file count, or null when nothing was saved. */
  finish(): Promise<{ id: string; files: number } | null>;
}

export interface CheckpointRecorder {
  beginTurn(): TurnRecorder;
}

export interface TurnHost {
  root: string;
  objects: ObjectStore;
  manifests: ManifestStore;
  sessionId?: string;
  run?: number;
  label?: string;
  /** Number of this turn within the run (1-based). */
  turn: number;
  /** Scans the folder (updating the host's baseline); `prev` null means "from the last baseline". */
  scan(): Promise<ScanIndex>;
  onFinish(manifest: Manifest | null): Promise<void>;
}

/** Where `rel` stands now: its content stored as a blob, or absent (with the folders missing too). */
export async function captureEntry(
  root: string,
  objects: ObjectStore,
  rel: string,
): Promise<ManifestEntry | null> {
  const abs = path.join(root, rel);
  try {
    const stat = await fs.lstat(abs);
    if (!stat.isFile()) return null; // a folder or a link: tools refuse those anyway
    const read = await readRegularFile(abs, Infinity, true);
    if (!read.ok) return null; // swapped for a FIFO or a folder since: never block on it
    const content = read.buf;
    return { type: 'file', hash: await objects.put(content), mode: stat.mode & 0o7777, size: content.length };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { type: 'absent', dirs: await missingDirs(root, rel) };
}

/** Ancestor folders of `rel` that do not exist, deepest first. */
async function missingDirs(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (let dir = path.posix.dirname(rel); dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) {
    try {
      await fs.lstat(path.join(root, dir));
      break;
    } catch {
      out.push(dir);
    }
  }
  return out;
}

export function createTurnRecorder(host: TurnHost): TurnRecorder {
  let manifest: Manifest | null = null;
  const persist = async (entries: Record<string, ManifestEntry>, notCaptured: string[]) => {
    manifest ??= {
      version: 1,
      id: newCheckpointId(),
      createdAt: new Date().toISOString(),
      kind: 'turn',
      ...(host.sessionId !== undefined ? { sessionId: host.sessionId } : {}),
      ...(host.run !== undefined ? { run: host.run } : {}),
      turn: host.turn,
      ...(host.label !== undefined ? { label: host.label } : {}),
      undone: false,
      entries: {},
      notCaptured: [],
    };
    // A path keeps the state saved first in this turn: that is the state before the turn.
    for (const [rel, entry] of Object.entries(entries))
      if (!(rel in manifest.entries)) manifest.entries[rel] = entry;
    for (const rel of notCaptured) if (!manifest.notCaptured.includes(rel)) manifest.notCaptured.push(rel);
    await host.manifests.write(manifest);
  };
  const has = (rel: string) => manifest !== null && rel in manifest.entries;

  /** Saves the before-state of what changed between two scans. */
  const record = async (before: ScanIndex, after: ScanIndex) => {
    const diff = diffScans(before, after);
    const entries: Record<string, ManifestEntry> = {};
    const notCaptured: string[] = [];
    const known = diff.created.length > 0 ? knownDirs(before) : new Set<string>();
    for (const rel of diff.created) {
      if (!has(rel)) entries[rel] = { type: 'absent', dirs: dirsNewIn(rel, known) };
    }
    for (const rel of [...diff.modified, ...diff.deleted]) {
      if (has(rel)) continue;
      const old = before.entries.get(rel);
      if (old?.hash && (await host.objects.get(old.hash)) !== null) {
        entries[rel] = { type: 'file', hash: old.hash, mode: old.mode, size: old.size };
      } else notCaptured.push(rel);
    }
    if (Object.keys(entries).length > 0 || notCaptured.length > 0) await persist(entries, notCaptured);
    return { changed: [...diff.created, ...diff.modified, ...diff.deleted].sort(), notCaptured };
  };

  return {
    async saveBefore(rels) {
      try {
        const entries: Record<string, ManifestEntry> = {};
        for (const rel of rels) {
          if (has(rel) || rel in entries) continue;
          const entry = await captureEntry(host.root, host.objects, rel);
          if (entry) entries[rel] = entry;
        }
        if (Object.keys(entries).length > 0) await persist(entries, []);
        return undefined;
      } catch (err) {
        return message(err);
      }
    },

    async around(fn) {
      let before: ScanIndex;
      try {
        before = await host.scan();
      } catch (err) {
        // The command still runs: refusing it because the data folder failed would block all work.
        return {
          value: await fn(),
          changed: [],
          notCaptured: [],
          error: `folder scan failed: ${message(err)}`,
        };
      }
      const value = await fn();
      try {
        const after = await host.scan();
        return { value, ...(await record(before, after)) };
      } catch (err) {
        return { value, changed: [], notCaptured: [], error: `folder scan failed: ${message(err)}` };
      }
    },

    async finish() {
      await host.onFinish(manifest).catch(() => undefined); // pruning can wait for the next turn
      return manifest ? { id: manifest.id, files: Object.keys(manifest.entries).length } : null;
    },
  };
}

function knownDirs(scan: ScanIndex): Set<string> {
  const known = new Set<string>();
  for (const file of scan.entries.keys()) {
    for (let d = path.posix.dirname(file); d !== '.' && !known.has(d); d = path.posix.dirname(d))
      known.add(d);
  }
  return known;
}

/** Ancestors of a created file that held no scanned file before (deepest first). */
function dirsNewIn(rel: string, known: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let d = path.posix.dirname(rel); d !== '.' && !known.has(d); d = path.posix.dirname(d)) out.push(d);
  return out;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
