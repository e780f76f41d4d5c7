// Puts paths back the way a chain of checkpoints recorded them, byte-exact (content and mode; created
// files removed; deleted files back). Everything is checked first (paths, blobs, conflicts); only
// then is anything written, and a failure half-way puts back what was already changed.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fail, type Result } from '../../shared/result.js';
import { writeFileAtomic } from './atomic-write.js';
import type { ObjectStore } from './checkpoint-objects.js';
import { aliasesName } from './fs-names.js';
import type { Manifest, ManifestEntry } from './checkpoint-manifest.js';
import { sha256 } from './read-tracker.js';
import type { Workspace } from './workspace.js';
import { readRegularFile } from './regular-file.js';

export type RestoreCode =
  'checkpoint_not_found' | 'checkpoint_damaged' | 'nothing_to_undo' | 'restore_conflict' | 'restore_failed';

/** A path and the state to give it, with the content already read and verified. */
export interface RestoreTarget {
  root: string;
  rel: string;
  abs: string;
  entry: ManifestEntry;
  content: Buffer | null;
}

/**
 * The state each path had at the oldest checkpoint of `chain` (oldest first): for every path, the entry
 * of the first checkpoint that saved it. Fails without side effects on a bad path, a missing or damaged
 * blob, or a folder where a file must go.
 */
export async function planRestore(
  ws: Workspace,
  objects: ObjectStore,
  chain: readonly Manifest[],
): Promise<Result<{ targets: RestoreTarget[] }, RestoreCode>> {
  const entries = new Map<string, ManifestEntry>();
  for (const m of chain)
    for (const [rel, e] of Object.entries(m.entries)) if (!entries.has(rel)) entries.set(rel, e);
  const targets: RestoreTarget[] = [];
  for (const [rel, entry] of entries) {
    if (!safeRel(rel))
      return fail(
        'checkpoint_damaged',
        `The checkpoint names an invalid path (${rel}); nothing was changed.`,
      );
    const resolved = await ws.resolve(rel, 'write');
    if (!resolved.ok || resolved.rel !== rel) {
      return fail(
        'restore_conflict',
        `${rel} now resolves elsewhere (a link or a protected path); nothing was changed.`,
      );
    }
    let content: Buffer | null = null;
    if (entry.type === 'file') {
      content = await objects.get(entry.hash);
      if (content === null || content.length !== entry.size) {
        return fail(
          'checkpoint_damaged',
          `The saved content of ${rel} is missing or damaged in the checkpoint store; nothing was changed.`,
        );
      }
    }
    const current = await lstatOrNull(resolved.abs);
    if (current && !current.isFile()) {
      return fail(
        'restore_conflict',
        `${rel} is now a folder or a link; move it away and try again. Nothing was changed.`,
      );
    }
    targets.push({ root: ws.root, rel, abs: resolved.abs, entry, content });
  }
  return { ok: true, targets };
}

export interface ApplyReport {
  restored: string[];
  removed: string[];
  unchanged: number;
}

/**
 * Writes the planned states. `backup` holds each path's state from just before (same order); when a
 * write fails, the paths already changed get their backup state back and the failure is returned.
 */
export async function applyRestore(
  targets: readonly RestoreTarget[],
  backup: readonly RestoreTarget[],
): Promise<Result<ApplyReport, 'restore_failed'>> {
  const report: ApplyReport = { restored: [], removed: [], unchanged: 0 };
  const touched: number[] = [];
  for (const [i, t] of targets.entries()) {
    try {
      const did = await applyOne(t);
      if (did === 'unchanged') report.unchanged++;
      else {
        touched.push(i);
        (did === 'removed' ? report.removed : report.restored).push(t.rel);
      }
    } catch (err) {
      const lost: string[] = [];
      for (const j of touched.reverse()) {
        const b = backup[j];
        if (!b) continue;
        await applyOne(b).catch(() => lost.push(b.rel));
      }
      const detail = err instanceof Error ? err.message : String(err);
      const tail =
        lost.length > 0 ? ` These could not be put back: ${lost.join(', ')}.` : ' Nothing was changed.';
      return fail('restore_failed', `Could not restore ${t.rel}: ${detail}.${tail}`);
    }
  }
  return { ok: true, ...report };
}

async function applyOne(t: RestoreTarget): Promise<'restored' | 'removed' | 'unchanged'> {
  const current = await lstatOrNull(t.abs);
  if (t.entry.type === 'absent') {
    if (current) await fs.rm(t.abs, { force: true });
    for (const dir of t.entry.dirs) {
      // Only folders the turn created, and only when empty: never anything of the user's.
      await fs.rmdir(path.join(t.root, dir)).catch(() => undefined);
    }
    return current ? 'removed' : 'unchanged';
  }
  const content = t.content as Buffer;
  if (current?.isFile() && (current.mode & 0o7777) === t.entry.mode && current.size === content.length) {
    // Through the regular-file reader: a file swapped for a named pipe since the lstat cannot hang it.
    const read = await readRegularFile(t.abs, content.length, true);
    if (read.ok && sha256(read.buf) === t.entry.hash) return 'unchanged';
  }
  await fs.mkdir(path.dirname(t.abs), { recursive: true });
  await writeFileAtomic(t.abs, content, { mode: t.entry.mode });
  return 'restored';
}

async function lstatOrNull(abs: string) {
  try {
    return await fs.lstat(abs);
  } catch {
    return null;
  }
}

/** Relative, forward slashes, no `.`/`..` segments, nothing under .git. */
function safeRel(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false;
  return rel.split('/').every((p) => p !== '' && p !== '.' && p !== '..' && !aliasesName(p, '.git'));
}
