// Runs one shell command line and collects its output. The command gets its own process group so
// that a timeout or a cancel can end everything it started, grandchildren included, and no process
// outlives its command. Expected failures (spawn errors, timeouts) are results, never throws.
// Given a sandbox (safety/'s OS sandbox implements CommandSandbox), every command runs inside it, and
// none runs when the sandbox is not available.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { BoundedOutput, OutputFile } from './command-output.js';
import { RUN_TAG, signalGroup, signalGroupExcept, signalTagged, startTimeOf } from './process-tree.js';

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Decoded output as it arrives (stdout and stderr alike). */
  onOutput?: (chunk: string) => void;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  /** Removed from the environment, after `env` and the runner's own settings are added. */
  unsetEnv?: readonly string[];
  /**
   * Every byte of output (stdout and stderr as they arrive) is also written to this new file, up to
   * 64 MiB (less if the disk cannot keep up): the whole output, where `output` keeps only its ends.
   */
  outputFile?: string;
  /**
   * A person approved this very command: in the sandbox it may change git's history (commit, checkout,
   * stash); git's hooks and config stay read-only.
   */
  personApproved?: boolean;
  /**
   * In a sandbox: `write` lets the command change the folder (not its protected paths), `read-only`
   * keeps all of it read-only with the network off. Default: the sandbox's own (read-only unless its
   * maker said otherwise). Ignored without a sandbox.
   */
  profile?: SandboxProfile;
}

/** How a sandboxed command is confined: chosen by the verdict (safety/permissions.ts). */
export type SandboxProfile = 'read-only' | 'write';

export interface CommandResult {
  /** Null when the shell was ended by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** stdout and stderr interleaved in arrival order; the middle is dropped past the memory bound. */
  output: string;
  /** Bytes the command wrote, all of them (including what was dropped). */
  totalBytes: number;
  durationMs: number;
  spawnError?: string;
  /** Set with spawnError when the runner refused: a sandbox was required and there is none. */
  errorCode?: 'sandbox_unavailable';
  /** Ran inside the OS sandbox. */
  sandboxed: boolean;
  /** Bytes written to `outputFile`; fewer than totalBytes past its cap. */
  savedBytes?: number;
  /** Why `outputFile` could not be written. */
  saveError?: string;
  /** Protected paths the command created (they did not exist before it); they were removed. */
  removedProtected?: string[];
  /** Protected symlinks the command replaced; they were put back. */
  restoredProtected?: string[];
  /** Protected paths the command changed that could not be put back, each with the reason. */
  unrepairedProtected?: string[];
  /** Instruction files (AGENTS.md, CLAUDE.md) the command created, changed or removed; put back. */
  undoneInstructions?: string[];
}

export interface CommandRunner {
  run(command: string, options: RunOptions): Promise<CommandResult>;
}

export interface CommandRunnerOptions {
  /** Between SIGTERM and SIGKILL to the process group, ms. Default 2000. */
  killGraceMs?: number;
  /** Characters of output kept in memory at each end (head and tail). Default 1 MiB. */
  keepChars?: number;
  /** Run every command inside this sandbox; never falls back to running outside it. */
  sandbox?: CommandSandbox;
}

/**
 * Confines the commands a runner runs. Declared here and implemented in safety/ (osSandbox), so the
 * runner stays below the policy that decides how a command is confined.
 */
export interface CommandSandbox {
  /** How to start `command` confined, or why it cannot run at all (it then does not run). */
  launch(shell: string, command: string, opts: RunOptions): Promise<SandboxLaunch | { unavailable: string }>;
}

export interface SandboxLaunch {
  argv: string[];
  /** The environment the command inherits, instead of this process's (NON_INTERACTIVE_ENV and `env` go on top). */
  env: NodeJS.ProcessEnv;
  /** Written to the command's file descriptor 3, then closed (bubblewrap reads its seccomp filter there). */
  fd3?: Buffer;
  /** See RunSettings.spareOnTerm. */
  spareOnTerm: boolean;
  /** Once the command has ended: its result with what the sandbox adds (sandboxed, repairs made). */
  settle(result: CommandResult): Promise<CommandResult>;
}

const DEFAULT_KILL_GRACE_MS = 2000;
const DEFAULT_KEEP_CHARS = 1024 * 1024;
/** After SIGKILL, how long to wait for pipes to close (a process outside the group may hold them). */
const CLOSE_AFTER_KILL_MS = 300;

/** Keeps a command from waiting on a pager, a prompt or a terminal. */
const NON_INTERACTIVE_ENV: Record<string, string> = {
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
  GIT_EDITOR: 'true',
  NO_COLOR: '1',
  TERM: 'dumb',
  DEBIAN_FRONTEND: 'noninteractive',
};

export function createCommandRunner(options: CommandRunnerOptions = {}): CommandRunner {
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const keepChars = options.keepChars ?? DEFAULT_KEEP_CHARS;
  const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  return {
    async run(command, opts) {
      const started = Date.now();
      const early = (fields: Partial<CommandResult>): CommandResult => ({
        ...emptyResult(),
        ...fields,
        durationMs: Date.now() - started,
      });
      if (opts.signal?.aborted) return early({ cancelled: true });
      const cwdError = await checkCwd(opts.cwd);
      if (cwdError) return early({ spawnError: cwdError });
      if (opts.signal?.aborted) return early({ cancelled: true });
      const settings: RunSettings = { killGraceMs, keepChars, started, spareOnTerm: false };
      const sandbox = options.sandbox;
      if (!sandbox) return runInGroup([shell, '-c', command], opts, settings);
      const launch = await sandbox.launch(shell, command, opts);
      if ('unavailable' in launch) {
        return early({ errorCode: 'sandbox_unavailable', spawnError: launch.unavailable });
      }
      const result = await runInGroup(launch.argv, opts, {
        ...settings,
        spareOnTerm: launch.spareOnTerm,
        baseEnv: launch.env,
        ...(launch.fd3 ? { fd3: launch.fd3 } : {}),
      });
      return launch.settle(result);
    },
  };
}

interface RunSettings {
  killGraceMs: number;
  keepChars: number;
  started: number;
  /**
   * bwrap: SIGTERM goes to the group but not to bwrap itself, whose death kills the sandbox at once
   * (--die-with-parent, then the pid namespace ends); the command gets its grace, SIGKILL ends all.
   */
  spareOnTerm: boolean;
  /** Inherited environment; default this process's. */
  baseEnv?: NodeJS.ProcessEnv;
  fd3?: Buffer;
}

function runInGroup(argv: string[], opts: RunOptions, s: RunSettings): Promise<CommandResult> {
  return new Promise((resolve) => {
    const buffer = new BoundedOutput(s.keepChars);
    let totalBytes = 0;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let timedOut = false;
    let cancelled = false;
    let killStarted = false;
    let done = false;
    const timers: NodeJS.Timeout[] = [];

    let child: ChildProcess;
    const tag = randomUUID();
    try {
      child = spawn(argv[0] as string, argv.slice(1), {
        cwd: opts.cwd,
        env: { ...buildEnv(s.baseEnv ?? process.env, opts.env, opts.unsetEnv), [RUN_TAG]: tag },
        stdio: s.fd3 ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const fd3 = child.stdio[3];
      if (s.fd3 && fd3 && 'end' in fd3) {
        fd3.on('error', () => {}); // the sandbox may fail before it reads
        // Closed once flushed: what is buffered stays readable, and the child's close never waits on it.
        fd3.end(s.fd3, () => fd3.destroy());
      }
    } catch (err) {
      resolve({ ...emptyResult(), spawnError: errorText(err), durationMs: Date.now() - s.started });
      return;
    }

    // What the command starts begins no earlier than the shell: older processes are never looked at.
    const since = child.pid === undefined ? undefined : startTimeOf(child.pid);
    const saved = opts.outputFile === undefined ? undefined : new OutputFile(opts.outputFile);
    const finish = (spawnError?: string): void => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const d of decoders) emit(d.decoder.end());
      child.stdout?.destroy();
      child.stderr?.destroy();
      const result: CommandResult = {
        exitCode,
        signal: exitSignal,
        timedOut,
        cancelled,
        output: buffer.text(),
        totalBytes,
        durationMs: Date.now() - s.started,
        sandboxed: false,
        ...(spawnError === undefined ? {} : { spawnError }),
      };
      if (!saved) return resolve(result);
      // Resolved once the file is flushed: it may be read at once.
      void saved.close().then((outcome) => resolve({ ...result, ...outcome }));
    };

    const emit = (text: string): void => {
      if (text === '') return;
      buffer.push(text);
      opts.onOutput?.(text);
    };

    // SIGTERM to the whole group, SIGKILL after the grace; then resolve even if a pipe is still
    // held open (by a process that left the group).
    const killGroup = (): void => {
      if (killStarted || child.pid === undefined) return;
      killStarted = true;
      const pid = child.pid;
      const closeSoon = (): void => {
        if (!done) timers.push(setTimeout(() => finish(), CLOSE_AFTER_KILL_MS));
      };
      const termed = s.spareOnTerm ? signalGroupExcept(pid, 'SIGTERM', pid) : signalGroup(pid, 'SIGTERM');
      // Processes that left the group (setsid, double forks) still carry the run's tag.
      const strays = signalTagged(tag, 'SIGTERM', pid, since);
      if (!termed && !strays) return closeSoon();
      // Not cleared on finish: a job that ignores SIGTERM is killed even after the command resolved.
      const hard = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
        signalTagged(tag, 'SIGKILL', pid, since);
        closeSoon();
      }, s.killGraceMs);
      hard.unref();
    };

    const onAbort = (): void => {
      if (done) return;
      cancelled = true;
      killGroup();
    };

    const decoders = [child.stdout, child.stderr].map((stream) => {
      const decoder = new StringDecoder('utf8');
      stream?.on('data', (chunk: Buffer) => {
        totalBytes += chunk.length;
        saved?.write(chunk);
        emit(decoder.write(chunk));
      });
      return { decoder };
    });

    child.on('error', (err) => finish(errorText(err)));
    child.on('exit', (code, sig) => {
      exitCode = code;
      exitSignal = sig;
      // Anything left in the group (background jobs) is ended too; their pipes then close.
      killGroup();
    });
    child.on('close', () => finish());

    timers.push(
      setTimeout(() => {
        if (done) return;
        timedOut = true;
        killGroup();
      }, clampDelay(opts.timeoutMs)),
    );
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** setTimeout fires at once for delays past 2^31 - 1 ms; clamp instead. */
function clampDelay(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 2 ** 31 - 1) : 2 ** 31 - 1;
}

async function checkCwd(cwd: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(cwd);
    return stat.isDirectory() ? undefined : `working directory is not a directory: ${cwd}`;
  } catch {
    return `working directory does not exist: ${cwd}`;
  }
}

function buildEnv(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string> | undefined,
  unset: readonly string[] = [],
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...NON_INTERACTIVE_ENV, ...extra };
  // FORCE_COLOR (set by some dev tools) would override NO_COLOR in most libraries.
  if (!extra?.FORCE_COLOR) delete env.FORCE_COLOR;
  for (const name of unset) delete env[name];
  return env;
}

/** The result of a command that did not run (refused, or could not start). */
export function notRunResult(spawnError: string): CommandResult {
  return { ...emptyResult(), spawnError };
}

function emptyResult(): CommandResult {
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    output: '',
    totalBytes: 0,
    durationMs: 0,
    sandboxed: false,
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
