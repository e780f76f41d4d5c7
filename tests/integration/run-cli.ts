// Runs the headless runner as a real process, the way a person or a script would.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tsxBin = path.join(repoRoot, 'node_modules/.bin/tsx');
export const cliEntry = path.join(repoRoot, 'src/main/cli.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The --json events printed on stdout. */
  events: Array<Record<string, unknown>>;
}

/** One event per line; other output (a pretty-printed --info, say) is not an event and is skipped. */
export function parseEvents(stdout: string): Array<Record<string, unknown>> {
  return stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{') || !line.endsWith('}')) return [];
    return [JSON.parse(line) as Record<string, unknown>];
  });
}

/** `home` becomes LOCAL_CODER_HOME, so nothing is written outside the test's temp folder. */
export function runCli(args: string[], options: { home: string; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      tsxBin,
      [cliEntry, ...args],
      {
        cwd: repoRoot,
        timeout: options.timeoutMs ?? 60_000,
        env: { ...process.env, LOCAL_CODER_HOME: options.home },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, events: parseEvents(stdout) });
      },
    );
  });
}
