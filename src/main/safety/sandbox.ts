// The OS sandbox commands run in: the opened folder writable, the rest of the file system read-only,
// protected paths inside the folder read-only too, a private /tmp, and no network unless allowed.
// Linux: bubblewrap (Debian package `bubblewrap`); macOS: sandbox-exec with a generated profile.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SandboxInfo {
  available: boolean;
  kind: 'bwrap' | 'sandbox-exec' | null;
  /** For a person: which sandbox, or why there is none and what to do. */
  note: string;
  /** Absolute path of the sandbox program, when available. */
  program?: string;
  /** bwrap 0.8+ with user namespaces: the sandbox gets its own and may not create more. */
  disableUserns?: boolean;
}

export interface SandboxPolicy {
  /** Real path of the opened folder: writable, with the private /tmp and `writable`. */
  root: string;
  allowNetwork: boolean;
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
  for (const disableUserns of [true, false]) {
    const info: SandboxInfo = { available: true, kind: 'bwrap', note: '', program: bwrap, disableUserns };
    const trial = await runQuiet(bwrap, sandboxArgv(info, probePolicy, '/bin/sh', ':', '/').slice(1));
    if (trial.code === 0) return { ...info, note: `bubblewrap (${bwrap})` };
    if (!disableUserns) {
      return unavailable(`bubblewrap cannot create its namespaces here (${firstLine(trial)})`);
    }
  }
  return unavailable('bubblewrap did not run');
}

/** The argv that runs `shell -c command` inside the sandbox, in `cwd`. */
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
  // The session bus, systemd --user, ssh and gpg agents live here; any of them could act outside.
  if (existsSync('/run/user') && !isInside('/run/user', policy.root)) {
    a.push('--tmpfs', '/run/user');
    const runtime = process.env.XDG_RUNTIME_DIR;
    if (runtime && isInside('/run/user', runtime)) a.push('--dir', runtime);
  }
  a.push('--unsetenv', 'DBUS_SESSION_BUS_ADDRESS');
  for (const socket of [...HIDDEN_SOCKETS, path.join(os.homedir(), '.docker/desktop/docker.sock')]) {
    if (existsSync(socket)) a.push('--ro-bind', '/dev/null', socket);
  }
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
    if (p !== policy.root && isInside(policy.root, p) && existsSync(p)) a.push('--ro-bind', p, p);
  }
  a.push('--setenv', 'TMPDIR', '/tmp', '--chdir', cwd);
  return a;
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
  const byDepth = (x: string, y: string) => depth(x) - depth(y);
  return { ancestors: [...ancestors].sort(byDepth), present: present.sort(byDepth) };
}

/** Protected paths of the policy that lie strictly inside the root, normalised. */
export function insideRoot(policy: SandboxPolicy): string[] {
  return [...new Set(policy.readOnlyInside.map((p) => path.resolve(p)))].filter(
    (p) => p !== policy.root && isInside(policy.root, p),
  );
}

/** Folders strictly between `root` and `p`, shallowest first. */
export function between(root: string, p: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(p); dir !== root && isInside(root, dir); dir = path.dirname(dir))
    out.unshift(dir);
  return out;
}

/**
 * SBPL for sandbox-exec: writes only under the root, the temp folders and `writable`; never to a
 * protected path, nor to an existing folder holding one (a rename would swap in a fresh copy).
 * Untested on macOS (no Mac here); only its text is checked.
 */
export function macProfile(policy: SandboxPolicy, tmpDirs: readonly string[] = macTempDirs()): string {
  const q = (p: string) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const writable = [policy.root, ...(policy.writable ?? []).map(realOrSame), ...tmpDirs];
  const guarded = insideRoot(policy);
  const bound = (policy.readOnlyBinds ?? []).filter((p) => p !== policy.root && isInside(policy.root, p));
  // Existing ones only: creating a missing holder (`git init` making .git) is harmless.
  const holders = [...new Set(guarded.flatMap((p) => between(policy.root, p)))].filter(isRealDir);
  const lines = [
    '(version 1)',
    '(allow default)',
    '(deny file-write*)',
    '(allow file-write*',
    '  (require-all',
    `    (require-any ${writable.map((w) => `(subpath ${q(w)})`).join(' ')})`,
    ...[...guarded, ...bound].map((p) => `    (require-not (subpath ${q(p)}))`),
    ...holders.map((p) => `    (require-not (literal ${q(p)}))`),
    '  ))',
    '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (literal "/dev/tty") (literal "/dev/dtracehelper") (regex #"^/dev/fd/[0-9]+$"))',
  ];
  if (!policy.allowNetwork) lines.push('(deny network*)');
  return lines.join('\n');
}

function macTempDirs(): string[] {
  return [...new Set(['/private/tmp', '/private/var/tmp', realOrSame(os.tmpdir())])];
}

function realOrSame(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function isRealDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function depth(p: string): number {
  return p.split(path.sep).length;
}

function unavailable(note: string): SandboxInfo {
  return { available: false, kind: null, note };
}

function firstLine(trial: { code: number | null; stderr: string }): string {
  return trial.stderr.trim().split('\n')[0] || `exit code ${trial.code}`;
}

function runQuiet(file: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: -1, stderr: err.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
