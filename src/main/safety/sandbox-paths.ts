// Path helpers the sandbox's mounts, its macOS profile and its guard share: which protected paths lie
// inside the folder, the folders that hold them, and whole-segment containment.
import { lstatSync, realpathSync, type BigIntStats } from 'node:fs';
import path from 'node:path';

/** `p` is `root` or below it, by whole segments of this platform's paths. */
export function containsPath(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** `paths` resolved and kept where they lie strictly inside `root`, each once. */
export function strictlyInside(root: string, paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => path.resolve(p)))].filter((p) => p !== root && containsPath(root, p));
}

/** Folders strictly between `root` and `p`, shallowest first. */
export function between(root: string, p: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(p); dir !== root && containsPath(root, dir); dir = path.dirname(dir))
    out.unshift(dir);
  return out;
}

export function isRealDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function realOrSame(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

export function pathDepth(p: string): number {
  return p.split(path.sep).length;
}

/** lstat with nanosecond times; undefined when there is nothing (or nothing reachable) at `p`. */
export function lstatBig(p: string): BigIntStats | undefined {
  try {
    return lstatSync(p, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The same entry, not a new one reusing its inode number. */
export function identity(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.birthtimeNs}`;
}
