// What the sandbox holds read-only inside the opened folder, found by one walk when a session starts:
// - every git folder (the root's and nested repositories'): hooks and config run code, and objects,
//   refs and HEAD are history a command could destroy without the policy seeing it (`rm -rf $x`);
// - files with a hard link whose twin is not in the folder (pnpm stores, `cp -l` backups): a mount
//   guards paths, not inodes, so a write through the inside name would change the outside file.
// Commands cannot make new ones: a hard link does not cross the sandbox's mounts (EXDEV).
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SandboxPolicy } from './sandbox.js';
import { isGitName } from './sandbox-watch.js';

export interface FolderScan {
  /** Absolute paths of `.git` folders or files (any spelling) in the folder, but the root's own `.git`. */
  nestedGit: string[];
  /** Absolute read-only binds covering every file hard-linked to something outside the folder. */
  hardLinkBinds: string[];
  /** Files hard-linked outside the folder (before grouping into `hardLinkBinds`). */
  hardLinkedFiles: number;
  /** Entries looked at; the walk stops at its budget and says so. */
  scanned: number;
  truncated: boolean;
  /** For the person: what the scan could not cover, or what it will cost each command. */
  notes: string[];
}

export interface ScanOptions {
  /** Entries the walk may look at (default 200,000). */
  maxEntries?: number;
  /** Read-only binds allowed for hard links before files are grouped into their folders (default 64). */
  maxBinds?: number;
}

/** The project's agent settings: they name the checks that run and the instructions the model follows. */
const SETTINGS = ['.local-coder.json', '.local-coder'];
const MAX_NESTED_GIT = 64;
const YIELD_MS = 8;

export async function scanFolder(root: string, options: ScanOptions = {}): Promise<FolderScan> {
  const maxEntries = options.maxEntries ?? 200_000;
  const nestedGit: string[] = [];
  const linked = new Map<string, { nlink: number; paths: string[] }>();
  let scanned = 0;
  let truncated = false;
  let gitDropped = 0;
  const queue = [root];
  // Synchronous calls are several times faster than promises here; yielding every few milliseconds
  // keeps the event loop (the window's IPC) responsive.
  let slice = performance.now();
  while (queue.length > 0) {
    if (performance.now() - slice > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    const dir = queue.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable: no command can read it either
    }
    if (scanned + entries.length > maxEntries) {
      truncated = true;
      break;
    }
    scanned += entries.length;
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      // Any spelling a file system reads as .git (`.GIT`, `.git.`, `GIT~1`); the top one is always held.
      if (isGitName(e.name)) {
        if (dir === root && e.name === '.git') continue;
        if (nestedGit.length < MAX_NESTED_GIT) nestedGit.push(abs);
        else gitDropped++;
      } else if (e.isDirectory()) queue.push(abs);
      else if (e.isFile()) noteLinks(abs, linked);
    }
  }
  // A file whose every link was found inside the folder has no twin outside.
  const outsideTwins = [...linked.values()].filter((l) => l.paths.length < l.nlink).flatMap((l) => l.paths);
  const maxBinds = options.maxBinds ?? 64;
  const hardLinkBinds = groupBinds(root, outsideTwins, maxBinds);
  const notes: string[] = [];
  if (truncated) {
    notes.push(
      `The folder is large: the sandbox looked at its first ${scanned} entries only, so a nested .git folder ` +
        'or a file hard-linked outside the folder beyond them is not held read-only.',
    );
  }
  if (gitDropped > 0) {
    notes.push(
      `${gitDropped} nested .git folders past the first ${MAX_NESTED_GIT} are not held read-only in the sandbox.`,
    );
  }
  if (hardLinkBinds.length > maxBinds) {
    notes.push(
      `${hardLinkBinds.length} files and folders at the top of the folder are hard-linked outside it; each is ` +
        'held read-only, which slows every command down.',
    );
  }
  return {
    nestedGit: nestedGit.sort(),
    hardLinkBinds,
    hardLinkedFiles: outsideTwins.length,
    scanned,
    truncated,
    notes,
  };
}

function noteLinks(abs: string, linked: Map<string, { nlink: number; paths: string[] }>): void {
  let s;
  try {
    s = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  } catch {
    return; // a folder that can be listed but not entered: nothing in it can be written either
  }
  if (!s || s.nlink < 2n) return;
  const key = `${s.dev}:${s.ino}`;
  const seen = linked.get(key) ?? { nlink: Number(s.nlink), paths: [] };
  seen.paths.push(abs);
  linked.set(key, seen);
}

/**
 * At most `max` paths covering `files`: each mount costs bubblewrap time (1,000 take over a second), so
 * past `max` files are replaced by their folders, then those by theirs, until few enough remain. A
 * folder held read-only costs writes to its other files too, which errs on the safe side.
 */
export function groupBinds(root: string, files: readonly string[], max: number): string[] {
  let paths = [...new Set(files)];
  while (paths.length > max) {
    const parents = paths.map((p) => (path.dirname(p) === root ? p : path.dirname(p)));
    const next = dropNested([...new Set(parents)]);
    if (next.length === paths.length && next.every((p, i) => p === paths[i])) break;
    paths = next;
  }
  return dropNested(paths).sort();
}

/** Drops paths that lie under another of the paths. */
function dropNested(paths: string[]): string[] {
  const all = new Set(paths);
  const under = (p: string): boolean => {
    for (let d = path.dirname(p); d !== path.dirname(d); d = path.dirname(d)) if (all.has(d)) return true;
    return false;
  };
  return paths.filter((p) => !under(p));
}

/**
 * The sandbox policy of a session in `root`: all of every git folder read-only, the agent settings and
 * `extraProtected`, and the scan's binds. A command a person approved may change git's history (commit,
 * checkout, stash), never its hooks or config.
 */
export function folderPolicy(
  root: string,
  settings: { allowNetwork: boolean; extraProtected?: readonly string[] },
  scan: FolderScan | undefined,
): SandboxPolicy {
  const others = [...SETTINGS, ...(settings.extraProtected ?? [])].map((rel) => path.join(root, rel));
  const gits = [path.join(root, '.git'), ...(scan?.nestedGit ?? [])];
  return {
    root,
    allowNetwork: settings.allowNetwork,
    readOnlyInside: [...gits, ...others],
    approvedReadOnlyInside: [...gits.flatMap(gitMachinery), ...others],
    readOnlyBinds: scan?.hardLinkBinds ?? [],
  };
}

/** What in a git folder runs code on the next git command; a `.git` file (worktree) names the folder. */
function gitMachinery(git: string): string[] {
  return isFile(git) ? [git] : [path.join(git, 'hooks'), path.join(git, 'config')];
}

function isFile(p: string): boolean {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
}
