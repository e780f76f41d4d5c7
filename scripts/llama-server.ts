// Where llama-server lives once scripts/install-llama-server.ts installed it: the pinned prebuilt
// package (models/llama-server.json) or a build from node-llama-cpp's llama.cpp source. Shared by the
// install script, the engine suites, the benches and the eval.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './test-models.js';

export interface PinnedServer {
  package: string;
  version: string;
  sha256: string;
  /** The executable's path inside the installed package. */
  binary: string;
}

export function pinnedServer(): PinnedServer {
  return JSON.parse(readFileSync(path.join(repoRoot, 'models/llama-server.json'), 'utf8')) as PinnedServer;
}

/** $XDG_CACHE_HOME or ~/.cache, then local-coder/llama-server. */
function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'local-coder', 'llama-server');
}

/** The pinned package's folder in the cache and its executable. */
export function pipServerPath(): { dir: string; binary: string } {
  const pin = pinnedServer();
  const dir = path.join(cacheRoot(), `${pin.package}-${pin.version}`);
  return { dir, binary: path.join(dir, 'pkg', pin.binary) };
}

export function builtServerPath(commit: string): string {
  return path.join(cacheRoot(), `built-${commit.slice(0, 12)}`, 'llama-server');
}

export function llamaServerSource(): { bundle: string; commit: string } {
  const bundle = path.join(repoRoot, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
  if (!existsSync(bundle)) {
    throw new Error(`node-llama-cpp's llama.cpp source is missing (${bundle}); run npm ci.`);
  }
  const heads = execFileSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' });
  const commit = heads.trim().split(/\s+/)[0];
  if (!commit || !/^[0-9a-f]{40}$/.test(commit)) throw new Error(`Cannot read the commit of ${bundle}.`);
  return { bundle, commit };
}

/** LOCAL_CODER_LLAMA_SERVER, else the pinned package, else a source build; or what to run. */
export function llamaServerPath(): { path: string } | { missing: string } {
  const fromEnv = process.env.LOCAL_CODER_LLAMA_SERVER;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { missing: `LOCAL_CODER_LLAMA_SERVER=${fromEnv} does not exist` };
  }
  const pinned = pipServerPath().binary;
  if (existsSync(pinned)) return { path: pinned };
  try {
    const built = builtServerPath(llamaServerSource().commit);
    if (existsSync(built)) return { path: built };
  } catch {
    // No source to name a build by: only the pinned package counts.
  }
  return { missing: 'llama-server is not installed; run npm run engine:install' };
}
