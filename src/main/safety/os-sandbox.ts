// The OS sandbox as the command runner takes it (workspace/'s CommandSandbox): each command is started
// through bubblewrap or sandbox-exec under the policy and the profile its run asks for, with an
// allow-listed environment and the home's credentials hidden. In the write profile the protected paths
// are noted before it and repaired after it (sandbox-guard.ts), and what it left that no mount keeps out
// (a new .git anywhere, changed instruction files) is undone (sandbox-watch.ts). In the read-only profile
// git runs with settings that cannot start programs (command-git.ts safeGitEnv).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CommandResult, CommandSandbox, SandboxProfile } from '../workspace/command-runner.js';
import { safeGitEnv } from './command-git.js';
import { profilePolicy, sandboxArgv, socketFilter, type SandboxInfo, type SandboxPolicy } from './sandbox.js';
import { repairProtected, snapshotProtected, type ProtectedRepair } from './sandbox-guard.js';
import { credentialPaths, sandboxEnv } from './sandbox-secrets.js';
import { FolderWatch, type WatchRepair } from './sandbox-watch.js';
import { containsPath, realOrSame } from './sandbox-paths.js';

export interface OsSandboxOptions {
  /** For a run that names none. Default `read-only`: a caller must say `write` to let a command write. */
  profile?: SandboxProfile;
  /** The environment commands start from (filtered) and whose home is hidden. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Commands may change instruction files (AGENTS.md, CLAUDE.md): full-auto only. Otherwise the write
   * profile binds the existing ones read-only and undoes what a command changed in them. Default false.
   */
  instructionsWritable?: boolean;
}

/**
 * A process that lives across many calls (an MCP server): started like a command, but the repairs a
 * write-profile command gets when it ends happen around each call instead (what the server left during
 * the call is undone right after it), never when the process ends: by then the person may have made
 * changes of their own, which are never undone.
 */
export interface ServerLaunch {
  argv: string[];
  env: NodeJS.ProcessEnv;
  fd3?: Buffer;
  /** Runs one call; what the process left meanwhile that no mount keeps out is undone after it. */
  aroundCall<T>(run: () => Promise<T>): Promise<{ value: T; repairs: string[] }>;
}

/** A long-lived server in the sandbox (see ServerLaunch), or why it cannot start. */
export async function launchServer(
  info: SandboxInfo,
  basePolicy: SandboxPolicy,
  command: string,
  opts: { cwd: string; profile: SandboxProfile; env?: NodeJS.ProcessEnv; instructionsWritable?: boolean },
): Promise<ServerLaunch | { unavailable: string }> {
  if (!info.available) return { unavailable: `the OS sandbox is not available (${info.note})` };
  const env = opts.env ?? process.env;
  const hide = [...credentialPaths(env), ...(basePolicy.hide ?? [])];
  const visible = [...toolchainUnderTmp(env.PATH), ...(basePolicy.visible ?? [])];
  let policy = profilePolicy({ ...basePolicy, hide, visible }, opts.profile);
  const writes = !policy.readOnlyRoot;
  const watch = new FolderWatch(basePolicy.root, { instructions: opts.instructionsWritable !== true });
  if (writes) {
    // Instruction files there now stay read-only for the server's whole life.
    await watch.accept();
    const binds = watch.instructionBinds();
    if (binds.length > 0) policy = { ...policy, readOnlyBinds: [...(policy.readOnlyBinds ?? []), ...binds] };
  }
  const fd3 = socketFilter(info, policy);
  const shell = '/bin/sh';
  return {
    argv: sandboxArgv(info, policy, shell, command, opts.cwd),
    env: writes ? sandboxEnv(env) : { ...sandboxEnv(env), ...safeGitEnv().set },
    ...(fd3 ? { fd3 } : {}),
    async aroundCall<T>(run: () => Promise<T>) {
      if (!writes) return { value: await run(), repairs: [] };
      await watch.accept();
      const snapshot = await snapshotProtected(policy);
      const outcome = await run().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const repairs = describeRepairs(await repairProtected(snapshot), await watch.undo());
      if (!outcome.ok) throw outcome.error;
      return { value: outcome.value, repairs };
    },
  };
}

function describeRepairs(guard: ProtectedRepair, watch: WatchRepair): string[] {
  const lines: string[] = [];
  const removed = [...guard.removed, ...watch.removedGit];
  if (removed.length > 0) lines.push(`it created protected paths, which were removed: ${removed.join(', ')}`);
  if (guard.restored.length > 0)
    lines.push(`it replaced protected symlinks, which were put back: ${guard.restored.join(', ')}`);
  if (watch.undoneInstructions.length > 0)
    lines.push(`it changed instruction files, which were put back: ${watch.undoneInstructions.join(', ')}`);
  const failed = [...guard.failed, ...watch.failed];
  if (failed.length > 0)
    lines.push(`it changed protected paths that could not be put back: ${failed.join(', ')}`);
  return lines;
}

/** Every command inside this sandbox; none runs when it is not available. */
export function osSandbox(
  info: SandboxInfo,
  basePolicy: SandboxPolicy,
  options: OsSandboxOptions = {},
): CommandSandbox {
  const env = options.env ?? process.env;
  const hide = [...credentialPaths(env), ...(basePolicy.hide ?? [])];
  const visible = [...toolchainUnderTmp(env.PATH), ...(basePolicy.visible ?? [])];
  const watch = new FolderWatch(basePolicy.root, { instructions: options.instructionsWritable !== true });
  // Write-profile commands still running: the folder is taken as the person's only when none is.
  let writing = 0;
  return {
    async launch(shell, command, opts) {
      if (!info.available)
        return { unavailable: `the OS sandbox is required and not available (${info.note})` };
      const profile = opts.profile ?? options.profile ?? 'read-only';
      const approved = opts.personApproved ? basePolicy.approvedReadOnlyInside : undefined;
      let policy = profilePolicy(
        { ...basePolicy, hide, visible, ...(approved ? { readOnlyInside: approved } : {}) },
        profile,
      );
      // Nothing in the folder can change in the read-only profile: there is nothing to repair.
      const writes = !policy.readOnlyRoot;
      const snapshot = writes ? await snapshotProtected(policy) : undefined;
      if (writes) {
        if (writing === 0) await watch.accept();
        writing++;
        const binds = watch.instructionBinds();
        if (binds.length > 0)
          policy = { ...policy, readOnlyBinds: [...(policy.readOnlyBinds ?? []), ...binds] };
      }
      const fd3 = socketFilter(info, policy);
      return {
        argv: sandboxArgv(info, policy, shell, command, opts.cwd),
        env: writes ? sandboxEnv(env) : { ...sandboxEnv(env), ...safeGitEnv().set },
        ...(fd3 ? { fd3 } : {}),
        spareOnTerm: info.kind === 'bwrap',
        async settle(result) {
          const sandboxed = { ...result, sandboxed: result.spawnError === undefined };
          if (!snapshot) return sandboxed;
          try {
            const repair = await repairProtected(snapshot);
            return withRepairs(sandboxed, repair, await watch.undo());
          } finally {
            writing--;
          }
        },
      };
    },
  };
}

/** The result with what was put back after the command, for the model to be told. */
function withRepairs(result: CommandResult, guard: ProtectedRepair, watch: WatchRepair): CommandResult {
  const removed = [...guard.removed, ...watch.removedGit];
  const failed = [...guard.failed, ...watch.failed];
  return {
    ...result,
    ...(removed.length > 0 ? { removedProtected: removed } : {}),
    ...(guard.restored.length > 0 ? { restoredProtected: guard.restored } : {}),
    ...(watch.undoneInstructions.length > 0 ? { undoneInstructions: watch.undoneInstructions } : {}),
    ...(failed.length > 0 ? { unrepairedProtected: failed } : {}),
  };
}

/**
 * PATH folders under /tmp (hidden by the sandbox's private /tmp): each is kept visible, a project's
 * node_modules/.bin as its whole node_modules (its entries are links into the packages beside it).
 */
export function toolchainUnderTmp(pathVar: string | undefined): string[] {
  const found = new Set<string>();
  for (const entry of (pathVar ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(entry) || !containsPath('/tmp', entry) || entry === '/tmp') continue;
    const dir = path.normalize(entry);
    const parent = path.dirname(dir);
    found.add(path.basename(dir) === '.bin' && path.basename(parent) === 'node_modules' ? parent : dir);
  }
  return [...found];
}

/** Files whose folder is a package's root: what a program run from below it may read from there. */
const PACKAGE_MARKERS = ['package.json', 'pyproject.toml', 'pyvenv.cfg'];

/**
 * What a long-lived server named by absolute paths (its command, a script, a config, its cwd) needs to
 * see through the private /tmp, read-only, when they lie under /tmp outside the opened folder: a folder
 * as it is; a file's package (the nearest folder above it with a package.json, pyproject.toml or
 * pyvenv.cfg; else the file's own folder, or the file alone when it lies right in /tmp) and every
 * node_modules on the way up, where Node looks for its imports; each also by its real path. What lies
 * elsewhere is visible already. The sandbox still binds none that holds the opened folder (sandbox.ts),
 * so nothing beside that folder comes into view.
 */
export function launchPathsUnderTmp(paths: readonly string[], root: string): string[] {
  const found = new Set<string>();
  const add = (dir: string) => {
    for (const d of new Set([dir, realOrSame(dir)])) {
      if (containsPath('/tmp', d) && d !== '/tmp' && !containsPath(root, d)) found.add(d);
    }
  };
  for (const given of paths) {
    if (!path.isAbsolute(given)) continue;
    for (const p of new Set([path.normalize(given), realOrSame(given)])) {
      if (!containsPath('/tmp', p) || p === '/tmp' || containsPath(root, p) || !existsSync(p)) continue;
      if (statSync(p).isDirectory()) {
        add(p);
        continue;
      }
      let home: string | undefined;
      for (let dir = path.dirname(p); dir !== '/tmp' && containsPath('/tmp', dir); dir = path.dirname(dir)) {
        if (!home && PACKAGE_MARKERS.some((m) => existsSync(path.join(dir, m)))) home = dir;
        const modules = path.join(dir, 'node_modules');
        if (path.basename(dir) !== 'node_modules' && existsSync(modules)) add(modules);
      }
      // A file right in /tmp: the file alone.
      add(home ?? (path.dirname(p) === '/tmp' ? p : path.dirname(p)));
    }
  }
  return [...found];
}

/** The absolute paths in a command line: the words that are one, and the values of `--name=/path`. */
export function absolutePathsIn(words: readonly string[]): string[] {
  return words.flatMap((w) => {
    if (path.isAbsolute(w)) return [w];
    const value = /^--?[\w.-]+=(.+)$/.exec(w)?.[1];
    return value && path.isAbsolute(value) ? [value] : [];
  });
}
