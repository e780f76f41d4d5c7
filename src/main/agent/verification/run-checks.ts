// Runs checks through the command runner (own process group, timeout, cancel) and classifies how
// each ended. Exit 126/127 from the shell means the check's program is missing or not executable: that
// is "could not run" (`error`), not a failure of the agent's work.
import type { CheckRun } from '../../../shared/agent-events.js';
import type { CommandRunner } from '../../workspace/command-runner.js';
import type { CheckSpec } from './check-types.js';

export interface CheckResult {
  spec: CheckSpec;
  run: CheckRun;
  output: string;
}

export interface RunChecksOptions {
  root: string;
  runner: CommandRunner;
  signal: AbortSignal;
  /** Default per check, seconds. */
  timeoutS: number;
  env?: Record<string, string>;
}

/** Keeps test runners out of watch mode and off the terminal. */
const CHECK_ENV: Record<string, string> = { CI: '1' };

/** Runs the checks one after the other; stops early (returning what ran) when cancelled. */
export async function runChecks(
  checks: readonly CheckSpec[],
  opts: RunChecksOptions,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const spec of checks) {
    if (opts.signal.aborted) break;
    const timeoutS = spec.timeoutS ?? opts.timeoutS;
    const r = await opts.runner.run(spec.command, {
      cwd: opts.root,
      timeoutMs: timeoutS * 1000,
      signal: opts.signal,
      env: { ...CHECK_ENV, ...opts.env },
    });
    if (r.cancelled) break;
    let status: CheckRun['status'];
    if (r.spawnError !== undefined) status = 'error';
    else if (r.timedOut) status = 'timed_out';
    else if (r.exitCode === 0) status = 'passed';
    else if (r.exitCode === 126 || r.exitCode === 127) status = 'error';
    else status = 'failed';
    const output = r.spawnError !== undefined ? `could not start: ${r.spawnError}` : r.output;
    results.push({
      spec,
      run: { name: spec.name, command: spec.command, status, exitCode: r.exitCode, durationMs: r.durationMs },
      output:
        status === 'timed_out'
          ? `${output}\n[timed out after ${timeoutS}s; the process group was killed]`
          : output,
    });
  }
  return results;
}

export function describeRun(run: CheckRun): string {
  switch (run.status) {
    case 'passed':
      return 'passed';
    case 'failed':
      return `failed (exit code ${run.exitCode ?? '?'})`;
    case 'timed_out':
      return 'timed out';
    case 'error':
      return run.exitCode === 127 || run.exitCode === 126
        ? 'could not run (command not found)'
        : 'could not run';
  }
}
