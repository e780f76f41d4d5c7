// Finds a program the app itself runs (a checker, ripgrep) on PATH, never one the folder could supply:
// relative PATH entries (`.`, `node_modules/.bin`) resolve against whatever folder is current, and an
// entry inside the opened folder is the model's to write. Either would run a model-written program.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface FindProgramOptions {
  /** Folders (absolute) whose programs are never used: the opened folder. */
  avoid?: readonly string[];
  /** Default process.env.PATH. */
  pathVar?: string;
  platform?: NodeJS.Platform;
}

/** The absolute path of `name` on PATH outside the avoided folders, or null. */
export async function findProgram(name: string, options: FindProgramOptions = {}): Promise<string | null> {
  const platform = options.platform ?? process.platform;
  const exe = platform === 'win32' && !name.toLowerCase().endsWith('.exe') ? `${name}.exe` : name;
  const delimiter = platform === 'win32' ? ';' : ':';
  const avoid = (options.avoid ?? []).map((a) => path.resolve(a));
  for (const dir of (options.pathVar ?? process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !path.isAbsolute(dir)) continue;
    const resolved = path.resolve(dir);
    if (avoid.some((a) => isWithin(resolved, a))) continue;
    const candidate = path.join(resolved, exe);
    try {
      await fs.access(candidate, fs.constants.X_OK);
      const real = await fs.realpath(candidate);
      // A link from a trusted folder into the opened folder is still the folder's program.
      if (avoid.some((a) => isWithin(real, a))) continue;
      if ((await fs.stat(real)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * PATH without the entries findProgram skips, for a program the app starts: a launcher on PATH (a pyenv
 * shim, a wrapper script) looks its real program up on PATH again.
 */
export function trustedPathVar(options: FindProgramOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const delimiter = platform === 'win32' ? ';' : ':';
  const avoid = (options.avoid ?? []).map((a) => path.resolve(a));
  return (options.pathVar ?? process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && path.isAbsolute(dir) && !avoid.some((a) => isWithin(path.resolve(dir), a)))
    .join(delimiter);
}

function isWithin(p: string, folder: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
