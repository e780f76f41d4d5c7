import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRunner, type CommandSandbox } from '../../../src/main/workspace/command-runner.js';
import { connects, isAlive, waitFor } from '../helpers/process.js';

// A short grace keeps the kill tests fast; the default (2 s) is exercised once.
const runner = createCommandRunner({ killGraceMs: 300 });
let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cmd-runner-')));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(command: string, extra: { timeoutMs?: number; signal?: AbortSignal; outputFile?: string } = {}) {
  return runner.run(command, { cwd: dir, ...extra, timeoutMs: extra.timeoutMs ?? 5000 });
}

function readPid(name: string): number {
  return Number(readFileSync(path.join(dir, name), 'utf8').trim());
}

describe('createCommandRunner', () => {
  it('reports exit codes', async () => {
    expect((await run('true')).exitCode).toBe(0);
    const failed = await run('exit 3');
    expect(failed).toMatchObject({ exitCode: 3, signal: null, timedOut: false, cancelled: false });
    expect(failed.spawnError).toBeUndefined();
  });

  it('captures stdout and stderr interleaved in arrival order', async () => {
    const r = await run('echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three');
    expect(r.output).toBe('one\ntwo\nthree\n');
    expect(r.totalBytes).toBe(14);
  });

  it('runs in the given folder with non-interactive settings and extra env', async () => {
    const r = await runner.run('pwd; echo "$PAGER $GIT_TERMINAL_PROMPT $TERM $MY_VAR"', {
      cwd: dir,
      timeoutMs: 5000,
      env: { MY_VAR: 'hello' },
    });
    expect(r.output).toBe(`${dir}\ncat 0 dumb hello\n`);
  });

  it('closes stdin so commands waiting for input end at once', async () => {
    const r = await run('cat; read x; echo "got:$x"');
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('got:\n');
    expect(r.durationMs).toBeLessThan(2000);
  });

  it('streams output chunks as they arrive', async () => {
    const chunks: string[] = [];
    await runner.run('echo a; sleep 0.1; echo b', {
      cwd: dir,
      timeoutMs: 5000,
      onOutput: (c) => chunks.push(c),
    });
    expect(chunks.join('')).toBe('a\nb\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
  });

  it('on timeout kills a TERM-ignoring shell and its grandchildren', async () => {
    const script =
      'trap "" TERM; sleep 30 & echo $! > a.pid; (trap "" TERM; sleep 30) & echo $! > b.pid; wait';
    const started = Date.now();
    const r = await run(`bash -c '${script}'`, { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(3000);
    for (const name of ['a.pid', 'b.pid']) {
      const pid = readPid(name);
      await waitFor(() => (isAlive(pid) ? undefined : true), 2000);
    }
  });

  it('with the default grace still resolves promptly after SIGKILL', async () => {
    const r = await createCommandRunner().run(`bash -c 'trap "" TERM; sleep 30 & echo $! > a.pid; wait'`, {
      cwd: dir,
      timeoutMs: 200,
    });
    expect(r.timedOut).toBe(true);
    expect(r.durationMs).toBeGreaterThanOrEqual(2000);
    expect(r.durationMs).toBeLessThan(4000);
    const pid = readPid('a.pid');
    await waitFor(() => (isAlive(pid) ? undefined : true), 2000);
  });

  it('cancels via AbortSignal mid-run and kills the group', async () => {
    const controller = new AbortController();
    const pending = run('sleep 30 & echo $! > bg.pid; sleep 30', {
      signal: controller.signal,
      timeoutMs: 20_000,
    });
    await waitFor(() => (existsSync(path.join(dir, 'bg.pid')) ? true : undefined));
    const abortedAt = Date.now();
    controller.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(Date.now() - abortedAt).toBeLessThan(1500);
    const pid = readPid('bg.pid');
    await waitFor(() => (isAlive(pid) ? undefined : true), 2000);
  });

  it('frees the port of a server it started when cancelled', async () => {
    writeFileSync(
      path.join(dir, 'server.cjs'),
      `const http = require('http');
       const s = http.createServer((q, r) => r.end('hi'));
       s.listen(0, '127.0.0.1', () => require('fs').writeFileSync('port', String(s.address().port)));`,
    );
    const controller = new AbortController();
    // Started as a grandchild in the background, as `npm run dev &` would.
    const pending = run(`"${process.execPath}" server.cjs & wait`, {
      signal: controller.signal,
      timeoutMs: 20_000,
    });
    const port = await waitFor(() => {
      const file = path.join(dir, 'port');
      return existsSync(file) && readFileSync(file, 'utf8') !== ''
        ? Number(readFileSync(file, 'utf8'))
        : undefined;
    });
    expect(await connects(port)).toBe(true);
    controller.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(await connects(port)).toBe(false);
  });

  it('ends background jobs left behind when the shell exits', async () => {
    const r = await run('sleep 30 & echo $! > bg.pid; echo started');
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('started\n');
    expect(r.durationMs).toBeLessThan(2000);
    const pid = readPid('bg.pid');
    await waitFor(() => (isAlive(pid) ? undefined : true), 2000);
  });

  it.runIf(process.platform === 'linux')(
    'ends daemons that left the group (setsid, nohup) when the command ends',
    async () => {
      const r = await run(
        "setsid sh -c 'echo $$ > a.pid; exec sleep 30' >/dev/null 2>&1 < /dev/null & " +
          "nohup sh -c 'echo $$ > b.pid; exec sleep 30' >/dev/null 2>&1 & sleep 0.3; echo started",
      );
      expect(r.output).toBe('started\n');
      const pids = [readPid('a.pid'), readPid('b.pid')];
      await waitFor(() => (pids.some(isAlive) ? undefined : true), 3000);
      expect(pids.filter(isAlive)).toEqual([]);
    },
  );

  it('does not wait forever on a pipe held by a process that left the group', async () => {
    // A detached child starts its own session: outside the group, holding our stdout open.
    const escape =
      "const c = require('child_process').spawn('sleep', ['3'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });" +
      "require('fs').writeFileSync('escaped.pid', String(c.pid)); c.unref();";
    const r = await run(`"${process.execPath}" -e "${escape}"; echo hi`);
    try {
      expect(r.output).toBe('hi\n');
      expect(r.durationMs).toBeLessThan(2000);
    } finally {
      process.kill(readPid('escaped.pid'), 'SIGKILL');
    }
  });

  it('keeps huge output memory-bounded while counting every byte', async () => {
    const small = createCommandRunner({ keepChars: 64 * 1024 });
    let streamed = 0;
    const r = await small.run('yes | head -c 5000000', {
      cwd: dir,
      timeoutMs: 10_000,
      onOutput: (c) => (streamed += c.length),
    });
    expect(r.exitCode).toBe(0);
    expect(r.totalBytes).toBe(5_000_000);
    expect(streamed).toBe(5_000_000);
    expect(r.output.length).toBeLessThan(2 * 64 * 1024 + 200);
    const marker = /\[\.\.\. (\d+) lines \((\d+) chars\) of output not kept \.\.\.\]/.exec(r.output);
    expect(marker).not.toBeNull();
    expect(r.output.length - (marker?.[0].length ?? 0) - 2 + Number(marker?.[2])).toBe(5_000_000);
    expect(r.output.startsWith('y\ny\n')).toBe(true);
    expect(r.output.endsWith('y\ny\n')).toBe(true);
  });

  it('writes every byte of output to an output file, while memory keeps only the ends', async () => {
    const small = createCommandRunner({ keepChars: 64 * 1024 });
    const file = path.join(dir, 'out.log');
    const r = await small.run('seq 1 500000; echo tail >&2', {
      cwd: dir,
      timeoutMs: 10_000,
      outputFile: file,
    });
    const saved = readFileSync(file, 'utf8');
    expect(r.savedBytes).toBe(r.totalBytes);
    expect(saved.length).toBe(r.totalBytes);
    expect(saved).toContain('\n250000\n');
    expect(r.output).not.toContain('\n250000\n');
    expect(saved.endsWith('tail\n')).toBe(true);
  });

  it('still runs the command when the output file cannot be written, and says why', async () => {
    const r = await run('echo hi', { outputFile: path.join(dir, 'missing-folder', 'out.log') });
    expect(r.output).toBe('hi\n');
    expect(r.saveError).toMatch(/ENOENT/);
  });

  it('bounds output at 1 MiB per end by default', async () => {
    const r = await run('yes | head -c 5000000');
    expect(r.totalBytes).toBe(5_000_000);
    expect(r.output.length).toBeLessThan(2 * 1024 * 1024 + 200);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const chunks: string[] = [];
    // € is E2 82 AC; the pause makes the pipe deliver it in two reads.
    const r = await runner.run("printf '\\342\\202'; sleep 0.2; printf '\\254\\n'", {
      cwd: dir,
      timeoutMs: 5000,
      onOutput: (c) => chunks.push(c),
    });
    expect(r.output).toBe('€\n');
    expect(r.totalBytes).toBe(4);
    expect(chunks.join('')).toBe('€\n');
    expect(chunks.join('')).not.toContain('\ufffd');
  });

  it('resolves with spawnError for a missing working directory', async () => {
    const r = await runner.run('echo hi', { cwd: path.join(dir, 'missing'), timeoutMs: 5000 });
    expect(r.spawnError).toMatch(/does not exist/);
    expect(r.exitCode).toBeNull();
    expect(r.output).toBe('');
  });

  it('resolves with spawnError when the command cannot be passed to the shell', async () => {
    const r = await run('echo a\0b');
    expect(r.spawnError).toBeTruthy();
    expect(r.exitCode).toBeNull();
  });

  it('resolves at once as cancelled for an already-aborted signal, without running', async () => {
    const r = await run('touch ran', { signal: AbortSignal.abort() });
    expect(r.cancelled).toBe(true);
    expect(r.durationMs).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});

describe('with a sandbox (a stand-in CommandSandbox)', () => {
  it("starts from the sandbox's environment and feeds its fd 3, then settles the result", async () => {
    process.env.LC_RUNNER_TEST_SECRET = 'not-for-the-command';
    try {
      const seen: (string | undefined)[] = [];
      const sandbox: CommandSandbox = {
        async launch(shell, command, opts) {
          seen.push(opts.profile);
          return {
            argv: [shell, '-c', command],
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', KEPT: 'yes' },
            fd3: Buffer.from('filter bytes'),
            spareOnTerm: false,
            settle: async (result) => ({ ...result, sandboxed: true }),
          };
        },
      };
      const r = await createCommandRunner({ sandbox }).run(
        'cat <&3; echo; echo "$KEPT ${LC_RUNNER_TEST_SECRET:-unset} $PAGER"',
        { cwd: dir, timeoutMs: 5000, profile: 'write' },
      );
      expect(r.output).toBe('filter bytes\nyes unset cat\n');
      expect(r.sandboxed).toBe(true);
      expect(seen).toEqual(['write']);
    } finally {
      delete process.env.LC_RUNNER_TEST_SECRET;
    }
  });

  it('does not run a command the sandbox cannot start', async () => {
    const sandbox: CommandSandbox = { launch: async () => ({ unavailable: 'no sandbox here' }) };
    const r = await createCommandRunner({ sandbox }).run('touch ran', { cwd: dir, timeoutMs: 5000 });
    expect(r).toMatchObject({ errorCode: 'sandbox_unavailable', spawnError: 'no sandbox here' });
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});
