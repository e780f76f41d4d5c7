// The OS sandbox commands run in: the opened folder writable, the rest of the file system read-only,
// protected paths inside the folder read-only too, a private /tmp, and no network unless allowed.
// Linux: bubblewrap (Debian package `bubblewrap`); macOS: sandbox-exec with a generated profile.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

export interface SandboxInfo {
  available: boolean;
  kind: 'bwrap' | 'sandbox-exec' | null;
  /** For a person: which sandbox, or why there is none and what to do. */
  note: string;
}

export interface SandboxPolicy {
  /** Real path of the opened folder: the one writable place (with the private /tmp). */
  root: string;
  allowNetwork: boolean;
  /** Absolute paths inside the root that stay read-only (those that exist are bound read-only). */
  readOnlyInside: readonly string[];
}

const BWRAP_PATHS = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

let detected: Promise<SandboxInfo> | undefined;

/** What this machine offers; probed once (bubblewrap is run for real, since namespaces may be off). */
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
    return existsSync(SANDBOX_EXEC)
      ? { available: true, kind: 'sandbox-exec', note: 'macOS sandbox-exec' }
      : { available: false, kind: null, note: `${SANDBOX_EXEC} not found` };
  }
  if (process.platform !== 'linux') {
    return { available: false, kind: null, note: `no OS sandbox is supported on ${process.platform} yet` };
  }
  const bwrap = BWRAP_PATHS.find((p) => existsSync(p));
  if (!bwrap) {
    return {
      available: false,
      kind: null,
      note: 'bubblewrap is not installed (install the package "bubblewrap", e.g. apt-get install bubblewrap)',
    };
  }
  const trial = await runQuiet(bwrap, [...bwrapBase(false), '--', '/bin/true']);
  if (trial.code !== 0) {
    const why = trial.stderr.trim().split('\n')[0] ?? `exit code ${trial.code}`;
    return {
      available: false,
      kind: null,
      note: `bubblewrap cannot create its namespaces here (${why}); user namespaces may be disabled`,
    };
  }
  return { available: true, kind: 'bwrap', note: `bubblewrap (${bwrap})` };
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
    return [SANDBOX_EXEC, '-p', macProfile(policy), shell, '-c', command];
  }
  const bwrap = BWRAP_PATHS.find((p) => existsSync(p)) ?? 'bwrap';
  const args = [bwrap, ...bwrapBase(policy.allowNetwork), '--bind', policy.root, policy.root];
  for (const p of policy.readOnlyInside) {
    if (existsSync(p)) args.push('--ro-bind', p, p);
  }
  args.push('--chdir', cwd, '--', shell, '-c', command);
  return args;
}

/**
 * Everything read-only, private /dev, /proc and /tmp; its own pid namespace, so nothing it starts
 * outlives it; ended with its parent. The process group is kept (no --new-session) so a timeout or a
 * cancel can signal the whole group from outside.
 */
function bwrapBase(allowNetwork: boolean): string[] {
  return [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    ...(allowNetwork ? [] : ['--unshare-net']),
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
  ];
}

/** SBPL for sandbox-exec: writes only under the root and temp folders, protected paths denied. */
export function macProfile(policy: SandboxPolicy): string {
  const q = (p: string) => JSON.stringify(p);
  const lines = [
    '(version 1)',
    '(allow default)',
    '(deny file-write*)',
    `(allow file-write* (subpath ${q(policy.root)}) (subpath "/private/tmp") (subpath "/private/var/folders") (literal "/dev/null") (literal "/dev/stdout") (literal "/dev/stderr") (literal "/dev/tty"))`,
    ...policy.readOnlyInside.map((p) => `(deny file-write* (subpath ${q(p)}))`),
  ];
  if (!policy.allowNetwork) {
    lines.push('(deny network*)', '(allow network* (remote unix-socket))');
  }
  return lines.join('\n');
}

/**
 * Protected paths that do not exist yet cannot be bound read-only without creating them in the
 * person's folder; instead, one a command created is removed afterwards. Returns those removed.
 */
export async function removeCreatedProtected(missingBefore: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const p of missingBefore) {
    try {
      await fs.lstat(p);
    } catch {
      continue;
    }
    await fs.rm(p, { recursive: true, force: true });
    removed.push(p);
  }
  return removed;
}

export function missingPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => !existsSync(p) && existsSync(path.dirname(p)));
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
