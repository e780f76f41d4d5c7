// Finds a ripgrep binary: $LOCAL_CODER_RG (a path, or "off" to disable), then the binary inside the
// @vscode/ripgrep platform package when that package is installed, then `rg` on PATH. The answer is
// checked by running `rg --version` once and cached for the life of the process. PATH entries that are
// relative are skipped (find-program.ts): they would find an `rg` in whatever folder is current.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { findProgram } from './find-program.js';

export interface RipgrepBinary {
  path: string;
  /** First line of `rg --version`, e.g. "ripgrep 13.0.0". */
  version: string;
}

let cached: Promise<RipgrepBinary | null> | undefined;

export function locateRipgrep(): Promise<RipgrepBinary | null> {
  cached ??= findRipgrep();
  return cached;
}

/** For tests: forget the cached answer (e.g. after changing $LOCAL_CODER_RG). */
export function resetRipgrepLocation(): void {
  cached = undefined;
}

async function findRipgrep(): Promise<RipgrepBinary | null> {
  const forced = process.env.LOCAL_CODER_RG;
  if (forced !== undefined && forced !== '') {
    return forced === 'off' ? null : probe(forced);
  }
  for (const candidate of [await packagedRipgrep(), await findProgram('rg')]) {
    if (candidate === null) continue;
    const found = await probe(candidate);
    if (found) return found;
  }
  return null;
}

async function packagedRipgrep(): Promise<string | null> {
  // A variable specifier: the package is optional and may not be installed.
  const specifier = '@vscode/ripgrep';
  try {
    const mod = (await import(specifier)) as { rgPath?: unknown };
    if (typeof mod.rgPath !== 'string') return null;
    // Inside a packaged Electron app the binary lives next to the archive, not in it.
    return mod.rgPath.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  } catch {
    return null;
  }
}

function probe(bin: string): Promise<RipgrepBinary | null> {
  return new Promise((resolve) => {
    execFile(bin, ['--version'], { timeout: 5000 }, (err, stdout) => {
      const first = String(stdout).split('\n')[0] ?? '';
      resolve(err || !first.startsWith('ripgrep') ? null : { path: bin, version: first.trim() });
    });
  });
}
