// What the sandbox's mounts cannot cover, checked around each command: a protected path that did not
// exist cannot be bound read-only without creating it in the person's folder, and a symlink (among the
// protected paths or the folders holding them) can be swapped, since a mount lands on its target. So the
// state is noted before the command and put back after it: protected paths it created are removed,
// symlinks it replaced are restored, symlinks it added where nothing was are removed.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { between, insideRoot, containsPath, type SandboxPolicy } from './sandbox.js';

type PathState = { kind: 'missing' } | { kind: 'link'; target: string } | { kind: 'present' };

interface Entry {
  path: string;
  /** A protected path (not only a folder holding one). */
  guarded: boolean;
  before: PathState;
}

export interface ProtectedSnapshot {
  root: string;
  /** Shallowest first, so holders are repaired before what they hold. */
  entries: Entry[];
}

export interface ProtectedRepair {
  /** Created by the command, then removed. */
  removed: string[];
  /** Symlinks the command replaced, put back. */
  restored: string[];
  /** Could not be put back (the message says why). */
  failed: string[];
}

export async function snapshotProtected(policy: SandboxPolicy): Promise<ProtectedSnapshot> {
  const entries = new Map<string, Entry>();
  for (const p of insideRoot(policy)) {
    for (const dir of between(policy.root, p)) {
      if (!entries.has(dir)) entries.set(dir, { path: dir, guarded: false, before: await stateOf(dir) });
    }
    entries.set(p, { path: p, guarded: true, before: await stateOf(p) });
  }
  const sorted = [...entries.values()].sort((a, b) => depth(a.path) - depth(b.path));
  return { root: policy.root, entries: sorted };
}

/** Run once the command and everything it started have ended. */
export async function repairProtected(snapshot: ProtectedSnapshot): Promise<ProtectedRepair> {
  const repair: ProtectedRepair = { removed: [], restored: [], failed: [] };
  for (const entry of snapshot.entries) {
    const now = await stateOf(entry.path);
    const { before } = entry;
    if (before.kind === 'link') {
      if (now.kind === 'link' && now.target === before.target) continue;
      await undo(snapshot.root, entry.path, repair, 'restored', before.target);
    } else if (before.kind === 'missing') {
      if (now.kind === 'link' || (now.kind === 'present' && entry.guarded)) {
        await undo(snapshot.root, entry.path, repair, 'removed');
      }
    }
  }
  return repair;
}

/** Removes what is at `p` (never following a symlink out of the root), then relinks `target` if given. */
async function undo(
  root: string,
  p: string,
  repair: ProtectedRepair,
  outcome: 'removed' | 'restored',
  target?: string,
): Promise<void> {
  try {
    const parent = await fs.realpath(path.dirname(p));
    if (!containsPath(root, parent)) {
      repair.failed.push(`${p} (its folder now leads outside the opened folder, to ${parent})`);
      return;
    }
    await fs.rm(p, { recursive: true, force: true });
    if (target !== undefined) await fs.symlink(target, p);
    repair[outcome].push(p);
  } catch (err) {
    repair.failed.push(`${p} (${err instanceof Error ? err.message : String(err)})`);
  }
}

async function stateOf(p: string): Promise<PathState> {
  try {
    const stat = await fs.lstat(p);
    return stat.isSymbolicLink() ? { kind: 'link', target: await fs.readlink(p) } : { kind: 'present' };
  } catch {
    return { kind: 'missing' };
  }
}

function depth(p: string): number {
  return p.split(path.sep).length;
}
