// Runs the headless runner as another (unprivileged) user: root reads files whatever their mode, so
// permission faults are only real for a process that is not root. Linux, setpriv (util-linux).
import { execFile } from 'node:child_process';
import { cliEntry, parseEvents, repoRoot, tsxBin, type CliRun } from '../integration/run-cli.js';

export const SETPRIV = '/usr/bin/setpriv';

/** `home` becomes LOCAL_CODER_HOME and HOME; it must be writable by `uid`. */
export function runCliAs(
  uid: number,
  args: string[],
  options: { home: string; timeoutMs?: number },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      SETPRIV,
      [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', tsxBin, cliEntry, ...args],
      {
        cwd: repoRoot,
        timeout: options.timeoutMs ?? 60_000,
        env: { ...process.env, LOCAL_CODER_HOME: options.home, HOME: options.home },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, events: parseEvents(stdout) });
      },
    );
  });
}
