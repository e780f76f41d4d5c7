// Where the Electron binary is, found without require('electron'): that module downloads the binary when
// it is missing, which must never happen from a test (offline machines, ELECTRON_SKIP_BINARY_DOWNLOAD).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './browser.js';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const pkg = path.join(repoRoot, 'node_modules/electron');
  if (!existsSync(path.join(pkg, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed (node_modules/electron missing)' };
  }
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  // Same rule as node_modules/electron/index.js.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const file = path.join(override, relative || 'electron');
    return existsSync(file)
      ? { ok: true, path: file }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH: ${file} missing` };
  }
  const file = relative ? path.join(pkg, 'dist', relative) : '';
  if (!file || !existsSync(file)) {
    return {
      ok: false,
      reason:
        'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD / offline): ' +
        'node_modules/electron/path.txt or node_modules/electron/dist missing',
    };
  }
  return { ok: true, path: file };
}

/** Why the packaged-app test cannot run here, or null when it can (a missing build is a failure, not a skip). */
export function electronSkipReason(): string | null {
  const binary = findElectronBinary();
  if (!binary.ok) return binary.reason;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display on this Linux machine (run the e2e project under xvfb-run)';
  }
  return null;
}
