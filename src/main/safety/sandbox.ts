// The OS sandbox commands run in. Two profiles (the command policy's verdict picks one): write, with the
// opened folder writable but its protected paths (every .git, the agent settings) read-only and the
// network as set; read-only, with the folder read-only too and the network off. Both: the rest of the
// file system read-only, a private /tmp, the home's credentials covered, and, with the network off,
// Unix sockets out of reach. Linux: bubblewrap (Debian package `bubblewrap`); macOS: sandbox-exec.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxProfile } from '../workspace/command-runner.js';
import { macProfile } from './sandbox-mac.js';
import { between, containsPath, isRealDir, pathDepth, realOrSame, strictlyInside } from './sandbox-paths.js';
import { socketFilterSupported, unixSocketFilter } from './sandbox-seccomp.js';

export { between, containsPath } from './sandbox-paths.js';
export { macProfile } from './sandbox-mac.js';

export interface SandboxInfo {
  available: boolean;
  kind: 'bwrap' | 'sandbox-exec' | null;
  /** For a person: which sandbox, or why there is none and what to do. */
  note: string;
  /** Absolute path of the sandbox program, when available. */
  program?: string;
  /** bwrap 0.8+ with user namespaces: the sandbox gets its own and may not create more. */
  disableUserns?: boolean;
  /** bwrap: a seccomp filter refuses Unix sockets while the network is off (socketFilter). */
  unixSocketFilter?: boolean;
}

export interface SandboxPolicy {
  /** Real path of the opened folder: writable (unless readOnlyRoot), with the private /tmp and `writable`. */
  root: string;
  allowNetwork: boolean;
  /** The read-only profile: the folder and `writable` are read-only too; only the private /tmp is not. */
  readOnlyRoot?: boolean;
  /** More writable folders (absolute; e.g. a cache). */
  writable?: readonly string[];
  /** Absolute paths inside `root` that stay read-only; ones outside `root` are ignored. */
  readOnlyInside: readonly string[];
  /** Used instead of `readOnlyInside` for a command a person approved (git history writable). */
  approvedReadOnlyInside?: readonly string[];
  /**
   * More read-only paths inside `root`, bound as they are: no bind of the folders holding them and no
   * repair afterwards (hard-linked files, whose danger is a write to the inode, not a swapped copy).
   */
  readOnlyBinds?: readonly string[];
  /** Absolute paths shown empty (credential files and folders); none holding the root is hidden. */
  hide?: readonly string[];
  /**
   * Folders under /tmp that stay visible, read-only, through the private /tmp: the toolchain on PATH
   * (a checkout under /tmp with its node_modules/.bin). Without them, `tsx` and the like vanish.
   */
  visible?: readonly string[];
}

const BWRAP_PATHS = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
/** Container daemons: their sockets run anything outside the sandbox, network or not. */
const HIDDEN_SOCKETS = [
  '/run/docker.sock',
  '/var/run/docker.sock',
  '/run/podman/podman.sock',
  '/run/containerd/containerd.sock',
];
/** The file descriptor bwrap reads the seccomp filter from (see socketFilter). */
export const SECCOMP_FD = 3;

let detected: Promise<SandboxInfo> | undefined;

/** What this machine offers; probed once per process (bubblewrap is run for real: namespaces may be off). */
export function detectSandbox(env: NodeJS.ProcessEnv = process.env): Promise<SandboxInfo> {
  if (env.LOCAL_CODER_SANDBOX === 'off') {
    return Promise.resolve({
      available: false,
      kind: null,
      note: 'the sandbox was turned off (LOCAL_CODER_SANDBOX=off)',
    });
  }
  detected ??= probe();
  return detected;
}

async function probe(): Promise<SandboxInfo> {
  if (process.platform === 'darwin') {
    if (!existsSync(SANDBOX_EXEC)) return unavailable(`${SANDBOX_EXEC} was not found`);
    const trial = await runQuiet(SANDBOX_EXEC, ['-p', '(version 1)(allow default)', '/bin/sh', '-c', ':']);
    return trial.code === 0
      ? { available: true, kind: 'sandbox-exec', note: 'macOS sandbox-exec', program: SANDBOX_EXEC }
      : unavailable(`sandbox-exec does not run here (${firstLine(trial)})`);
  }
  if (process.platform !== 'linux') return unavailable(`no OS sandbox is supported on ${process.platform}`);
  const bwrap = BWRAP_PATHS.find((p) => existsSync(p));
  if (!bwrap) {
    return unavailable(
      'bubblewrap was not found; install the Debian package bubblewrap (apt-get install bubblewrap)',
    );
  }
  const probePolicy: SandboxPolicy = { root: os.tmpdir(), allowNetwork: false, readOnlyInside: [] };
  const filters = socketFilterSupported() ? [true, false] : [false];
  let failure = 'bubblewrap did not run';
  for (const disableUserns of [true, false]) {
    for (const unixSocketFilter of filters) {
      const info: SandboxInfo = { available: true, kind: 'bwrap', note: '', program: bwrap, disableUserns };
      if (unixSocketFilter) info.unixSocketFilter = true;
      const argv = sandboxArgv(info, probePolicy, '/bin/sh', ':', '/');
      const trial = await runQuiet(bwrap, argv.slice(1), socketFilter(info, probePolicy));
      if (trial.code === 0) {
        const sockets = unixSocketFilter
          ? ''
          : '; Unix sockets outside it stay reachable (no seccomp filter)';
        return { ...info, note: `bubblewrap (${bwrap})${sockets}` };
      }
      failure = `bubblewrap cannot create its namespaces here (${firstLine(trial)})`;
    }
  }
  return unavailable(failure);
}

/** The read-only profile of a policy: nothing but the private /tmp writable, and no network. */
export function profilePolicy(policy: SandboxPolicy, profile: SandboxProfile): SandboxPolicy {
  if (profile === 'write') return policy;
  return { ...policy, readOnlyRoot: true, allowNetwork: false, writable: [] };
}

/**
 * The argv that runs `shell -c command` inside the sandbox, in `cwd`. When socketFilter returns a
 * program, the argv reads it from SECCOMP_FD: the command must be started with it there.
 */
export function sandboxArgv(
  info: SandboxInfo,
  policy: SandboxPolicy,
  shell: string,
  command: string,
  cwd: string,
): string[] {
  if (info.kind === 'sandbox-exec') {
    return [info.program ?? SANDBOX_EXEC, '-p', macProfile(policy), shell, '-c', command];
  }
  const bwrap = info.program ?? BWRAP_PATHS.find((p) => existsSync(p)) ?? 'bwrap';
  return [bwrap, ...bwrapArgs(info, policy, cwd), '--', shell, '-c', command];
}

/**
 * The seccomp program for SECCOMP_FD, or undefined when the argv reads none. Only in the read-only
 * profile: refusing every Unix socket also breaks tools that talk to their own children over one (tsx,
 * Python's forkserver), which a project's tests need; the write profile hides the host's socket folders
 * instead (SOCKET_DIRS).
 */
export function socketFilter(info: SandboxInfo, policy: SandboxPolicy): Buffer | undefined {
  if (info.kind !== 'bwrap' || !info.unixSocketFilter || policy.allowNetwork) return undefined;
  if (!policy.readOnlyRoot) return undefined;
  return unixSocketFilter();
}

/** Where daemons put their sockets, shown empty while the network is off (besides /tmp, /run/user). */
const SOCKET_DIRS = ['/var/tmp', '/dev/shm', '/run', '/var/run'];

/**
 * Everything read-only, private /dev, /proc and /tmp, no capabilities (matters when run as root: they
 * would allow unmounting the read-only binds), its own pid namespace so nothing it starts outlives it,
 * killed with its parent. No --new-session: the process group is kept so the runner can signal the
 * whole command; the runner already starts it in a new session without a terminal (no TIOCSTI).
 */
function bwrapArgs(info: SandboxInfo, policy: SandboxPolicy, cwd: string): string[] {
  const a = ['--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts'];
  if (info.disableUserns) a.push('--unshare-user', '--disable-userns');
  a.push('--cap-drop', 'ALL');
  if (!policy.allowNetwork) a.push('--unshare-net');
  a.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  for (const dir of policy.visible ?? []) {
    if (containsPath('/tmp', dir) && !containsPath(dir, policy.root) && existsSync(dir))
      a.push('--ro-bind', dir, dir);
  }
  // The session bus, systemd --user, ssh and gpg agents live here; any of them could act outside.
  if (existsSync('/run/user') && !containsPath('/run/user', policy.root)) {
    a.push('--tmpfs', '/run/user');
    const runtime = process.env.XDG_RUNTIME_DIR;
    if (runtime && containsPath('/run/user', runtime)) a.push('--dir', runtime);
  }
  a.push('--unsetenv', 'DBUS_SESSION_BUS_ADDRESS');
  for (const socket of [...HIDDEN_SOCKETS, path.join(os.homedir(), '.docker/desktop/docker.sock')]) {
    if (existsSync(socket)) a.push('--ro-bind', '/dev/null', socket);
  }
  // Before the folder's own binds, so a folder under one of these is bound again on top of it.
  const filtered = socketFilter(info, policy) !== undefined;
  if (!policy.allowNetwork && !filtered) {
    for (const dir of SOCKET_DIRS) {
      if (isRealDir(dir) && !containsPath(policy.root, dir)) a.push('--tmpfs', dir);
    }
  }
  if (policy.readOnlyRoot) {
    // Bound again so that a folder under /tmp is seen through the private /tmp.
    a.push('--ro-bind', policy.root, policy.root);
  } else {
    for (const dir of policy.writable ?? []) {
      if (existsSync(dir)) a.push('--bind', dir, dir);
    }
    a.push('--bind', policy.root, policy.root);
    const { ancestors, present } = protectedLayout(policy);
    // A bind makes each folder holding a protected path a mount point: it can then be neither renamed
    // nor removed, so no fresh copy (with hooks of its own) can be put in its place.
    for (const dir of ancestors) a.push('--bind', dir, dir);
    for (const p of present) a.push('--ro-bind', p, p);
    for (const p of policy.readOnlyBinds ?? []) {
      if (p !== policy.root && containsPath(policy.root, p) && existsSync(p)) a.push('--ro-bind', p, p);
    }
  }
  for (const { target, dir } of hiddenMounts(policy)) {
    if (dir) a.push('--tmpfs', target);
    else a.push('--ro-bind', '/dev/null', target);
  }
  if (filtered) a.push('--seccomp', String(SECCOMP_FD));
  a.push('--setenv', 'TMPDIR', '/tmp', '--chdir', cwd);
  return a;
}

/**
 * The hidden paths that exist, by their real paths (a mount lands on a link's target), shallowest first:
 * folders become an empty tmpfs, files an empty read-only file. Skipped: one that holds the root or a
 * writable folder (hiding it would hide them), one under /tmp (private already), one inside another.
 */
export function hiddenMounts(policy: SandboxPolicy): { target: string; dir: boolean }[] {
  const kept = [policy.root, ...(policy.readOnlyRoot ? [] : (policy.writable ?? []))];
  const targets = [...new Set((policy.hide ?? []).filter((p) => existsSync(p)).map(realOrSame))];
  const out: { target: string; dir: boolean }[] = [];
  for (const target of targets.sort((x, y) => pathDepth(x) - pathDepth(y))) {
    if (kept.some((k) => containsPath(target, k))) continue;
    if (containsPath('/tmp', target) && !containsPath(policy.root, target)) continue;
    if (out.some((o) => containsPath(o.target, target))) continue;
    try {
      out.push({ target, dir: statSync(target).isDirectory() });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * Existing protected paths (ro-bound) and the real folders between the root and them (self-bound),
 * shallowest first. A protected path that does not exist cannot be bound without creating it in the
 * person's folder; the runner removes it afterwards instead (sandbox-guard.ts).
 */
function protectedLayout(policy: SandboxPolicy): { ancestors: string[]; present: string[] } {
  const ancestors = new Set<string>();
  const present: string[] = [];
  for (const p of insideRoot(policy)) {
    for (const dir of between(policy.root, p)) {
      if (isRealDir(dir)) ancestors.add(dir);
    }
    if (existsSync(p)) present.push(p);
  }
  const byDepth = (x: string, y: string) => pathDepth(x) - pathDepth(y);
  return { ancestors: [...ancestors].sort(byDepth), present: present.sort(byDepth) };
}

/** Protected paths of the policy that lie strictly inside the root, normalised. */
export function insideRoot(policy: SandboxPolicy): string[] {
  return strictlyInside(policy.root, policy.readOnlyInside);
}

function unavailable(note: string): SandboxInfo {
  return { available: false, kind: null, note };
}

function firstLine(trial: { code: number | null; stderr: string }): string {
  return trial.stderr.trim().split('\n')[0] || `exit code ${trial.code}`;
}

function runQuiet(
  file: string,
  args: string[],
  fd3?: Buffer,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe', fd3 ? 'pipe' : 'ignore'] });
    const input = child.stdio[SECCOMP_FD];
    if (fd3 && input && 'end' in input) {
      input.on('error', () => {}); // bwrap may fail before it reads
      input.end(fd3, () => input.destroy());
    }
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: -1, stderr: err.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
