// Snapshots of the folder's files (what the workspace walker sees: .gitignore'd paths, node_modules
// and .git are not scanned; symlinks are not captured) with each file's content stored as a blob, so
// that what a command changed can be found afterwards and put back. A file whose stat is unchanged
// since the last scan is not read again, unless it was modified too close to that scan to trust
// (the "racy" window). Limits keep a huge folder from filling the store.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ObjectStore } from './checkpoint-objects.js';
import type { Workspace } from './workspace.js';
import { readRegularFile } from './regular-file.js';

export interface ScanEntry {
  /** sha256 of the stored content; null when the file was over a size limit (not captured). */
  hash: string | null;
  mode: number;
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

export interface ScanIndex {
  /** Wall time the scan started, ms since the epoch. */
  scannedAt: number;
  entries: Map<string, ScanEntry>;
  /** True when the walk stopped at `maxFiles`. */
  truncated: boolean;
}

export interface ScanLimits {
  /** Files above this size (bytes) are tracked by stat only, not captured. */
  maxFileBytes: number;
  /** Files walked per scan at most. */
  maxFiles: number;
  /** Bytes captured per scan at most; files past it are tracked by stat only. */
  maxTotalBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxFileBytes: 4 * 1024 * 1024,
  maxFiles: 20_000,
  maxTotalBytes: 256 * 1024 * 1024,
};

/** A file modified less than this before the previous scan is read again (timestamp granularity). */
const RACY_MS = 2000;
const STAT_BATCH = 32;

export async function snapshotFolder(
  ws: Workspace,
  objects: ObjectStore,
  prev: ScanIndex | null,
  limits: ScanLimits,
): Promise<ScanIndex> {
  const scannedAt = Date.now();
  const entries = new Map<string, ScanEntry>();
  let truncated = false;
  let captured = 0;
  let batch: string[] = [];
  const flush = async () => {
    const stats = await Promise.all(batch.map((rel) => statFile(path.join(ws.root, rel))));
    for (const [i, rel] of batch.entries()) {
      const st = stats[i];
      if (!st) continue;
      const old = prev?.entries.get(rel);
      let hash: string | null = null;
      if (
        old &&
        sameStat(old, st) &&
        Number(BigInt(st.mtimeNs) / 1_000_000n) < (prev?.scannedAt ?? 0) - RACY_MS
      ) {
        hash = old.hash;
      } else if (st.size <= limits.maxFileBytes && captured + st.size <= limits.maxTotalBytes) {
        hash = await storeFile(objects, path.join(ws.root, rel));
      }
      if (hash !== null) captured += st.size;
      entries.set(rel, { ...st, hash });
    }
    batch = [];
  };
  for await (const rel of ws.walkFiles()) {
    if (entries.size + batch.length >= limits.maxFiles) {
      truncated = true;
      break;
    }
    batch.push(rel);
    if (batch.length >= STAT_BATCH) await flush();
  }
  await flush();
  return { scannedAt, entries, truncated };
}

export interface ScanDiff {
  created: string[];
  modified: string[];
  deleted: string[];
}

/** What changed between two scans. Past a truncated walk only what both scans saw is compared. */
export function diffScans(before: ScanIndex, after: ScanIndex): ScanDiff {
  const out: ScanDiff = { created: [], modified: [], deleted: [] };
  for (const [rel, a] of after.entries) {
    const b = before.entries.get(rel);
    if (!b) {
      if (!before.truncated) out.created.push(rel);
    } else if (changed(b, a)) out.modified.push(rel);
  }
  if (!after.truncated) {
    for (const rel of before.entries.keys()) if (!after.entries.has(rel)) out.deleted.push(rel);
  }
  return out;
}

function changed(b: ScanEntry, a: ScanEntry): boolean {
  if (b.mode !== a.mode) return true;
  if (b.hash !== null && a.hash !== null) return b.hash !== a.hash;
  return !sameStat(b, a);
}

function sameStat(a: Omit<ScanEntry, 'hash'>, b: Omit<ScanEntry, 'hash'>): boolean {
  return (
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.ino === b.ino &&
    a.mode === b.mode
  );
}

async function statFile(abs: string): Promise<Omit<ScanEntry, 'hash'> | null> {
  try {
    const st = await fs.lstat(abs, { bigint: true });
    if (!st.isFile()) return null; // symlinks and special files are not captured
    return {
      mode: Number(st.mode & 0o7777n),
      size: Number(st.size),
      mtimeNs: String(st.mtimeNs),
      ctimeNs: String(st.ctimeNs),
      ino: String(st.ino),
    };
  } catch {
    return null; // vanished between the walk and the stat
  }
}

async function storeFile(objects: ObjectStore, abs: string): Promise<string | null> {
  try {
    const read = await readRegularFile(abs, Infinity, true);
    return read.ok ? await objects.put(read.buf) : null;
  } catch {
    return null;
  }
}

/** JSON form of an index (the Map becomes rows). */
export function serializeIndex(index: ScanIndex): string {
  const rows = [...index.entries].map(([rel, e]) => [
    rel,
    e.hash,
    e.mode,
    e.size,
    e.mtimeNs,
    e.ctimeNs,
    e.ino,
  ]);
  return JSON.stringify({ version: 1, scannedAt: index.scannedAt, truncated: index.truncated, rows });
}

/** Null for anything that is not a well-formed index (a damaged one is simply rebuilt). */
export function parseIndex(text: string): ScanIndex | null {
  try {
    const data = JSON.parse(text) as {
      version?: unknown;
      scannedAt?: unknown;
      truncated?: unknown;
      rows?: unknown;
    };
    if (data.version !== 1 || typeof data.scannedAt !== 'number' || !Array.isArray(data.rows)) return null;
    const entries = new Map<string, ScanEntry>();
    for (const row of data.rows as unknown[]) {
      if (!Array.isArray(row) || row.length !== 7) return null;
      const [rel, hash, mode, size, mtimeNs, ctimeNs, ino] = row as unknown[];
      if (typeof rel !== 'string' || (hash !== null && typeof hash !== 'string')) return null;
      if (typeof mode !== 'number' || typeof size !== 'number') return null;
      if (typeof mtimeNs !== 'string' || typeof ctimeNs !== 'string' || typeof ino !== 'string') return null;
      entries.set(rel, { hash, mode, size, mtimeNs, ctimeNs, ino });
    }
    return { scannedAt: data.scannedAt, entries, truncated: data.truncated === true };
  } catch {
    return null;
  }
}
