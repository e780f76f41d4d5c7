import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Permissions } from '../../../src/main/safety/permissions.js';
import { runCommandTool } from '../../../src/main/tools/run-command.js';
import { DEFAULT_LIMITS } from '../../../src/main/tools/types.js';
import type { ToolContext, ToolLimits } from '../../../src/main/tools/types.js';
import { createCommandRunner } from '../../../src/main/workspace/command-runner.js';
import type { CommandRunner } from '../../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';
import { allowAllPermissions } from '../../helpers/allow-all.js';

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'run-command-')));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function context(
  over: {
    limits?: Partial<ToolLimits>;
    signal?: AbortSignal;
    commands?: CommandRunner;
    updates?: string[];
  } = {},
): Promise<ToolContext> {
  const opened = await openWorkspace(dir);
  if (!opened.ok) throw new Error(opened.message);
  const updates = over.updates;
  return {
    ws: opened.workspace,
    reads: new ReadTracker(),
    commands: over.commands ?? createCommandRunner({ killGraceMs: 300 }),
    limits: { ...DEFAULT_LIMITS, ...over.limits },
    signal: over.signal ?? new AbortController().signal,
    permissions: allowAllPermissions(),
    ...(updates ? { onUpdate: (text: string) => updates.push(text) } : {}),
  };
}

describe('run_command', () => {
  it('declares its schema and mutates', () => {
    expect(runCommandTool.name).toBe('run_command');
    expect(runCommandTool.mutates).toBe(true);
    // `command` speaks for itself (every description costs tokens on every turn); the timeout's unit does not.
    expect(runCommandTool.params.shape.timeout_s.description).toMatch(/Seconds/);
    expect(runCommandTool.params.safeParse({ command: 'ls', timeout_s: 0 }).success).toBe(false);
    expect(runCommandTool.params.safeParse({ command: 'ls', timeout_s: 1.5 }).success).toBe(false);
  });

  it('runs in the workspace root and reports exit code 0 as ok', async () => {
    const r = await runCommandTool.execute({ command: 'pwd' }, await context());
    expect(r.ok).toBe(true);
    expect(r.output).toBe(`exit code 0\n${dir}\n`);
    expect(r.truncated).toBeUndefined();
    expect(r.display).toEqual({
      kind: 'command',
      command: 'pwd',
      exitCode: 0,
      timedOut: false,
      output: `${dir}\n`,
    });
  });

  it('reports a failing command with its output and exit code', async () => {
    const r = await runCommandTool.execute({ command: 'echo boom >&2; exit 2' }, await context());
    expect(r.ok).toBe(false);
    expect(r.output).toBe('exit code 2\nboom\n');
  });

  it('says when there was no output', async () => {
    const r = await runCommandTool.execute({ command: 'true' }, await context());
    expect(r.output).toBe('exit code 0\n(no output)');
  });

  it('rejects an empty command without running anything', async () => {
    let called = false;
    const commands: CommandRunner = {
      run: () => {
        called = true;
        throw new Error('must not run');
      },
    };
    const r = await runCommandTool.execute({ command: '   ' }, await context({ commands }));
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/empty/);
    expect(called).toBe(false);
  });

  it('times out, kills the process group and says so', async () => {
    const r = await runCommandTool.execute(
      { command: `bash -c 'trap "" TERM; echo waiting; sleep 30 & sleep 30'`, timeout_s: 1 },
      await context(),
    );
    expect(r.ok).toBe(false);
    expect(r.output).toBe('timed out after 1s (process group killed)\nwaiting\n');
    expect(r.display).toMatchObject({ kind: 'command', exitCode: null, timedOut: true });
  });

  it('caps the timeout at maxCommandTimeoutS and defaults to commandTimeoutS', async () => {
    const seen: number[] = [];
    const commands: CommandRunner = {
      run: async (_command, options) => {
        seen.push(options.timeoutMs);
        return {
          exitCode: 0,
          signal: null,
          timedOut: false,
          cancelled: false,
          sandboxed: false,
          output: '',
          totalBytes: 0,
          durationMs: 1,
        };
      },
    };
    const ctx = await context({ commands, limits: { commandTimeoutS: 7, maxCommandTimeoutS: 30 } });
    await runCommandTool.execute({ command: 'x' }, ctx);
    await runCommandTool.execute({ command: 'x', timeout_s: 10 }, ctx);
    await runCommandTool.execute({ command: 'x', timeout_s: 1000 }, ctx);
    expect(seen).toEqual([7000, 10_000, 30_000]);
  });

  it('is cancelled by ctx.signal', async () => {
    const controller = new AbortController();
    const pending = runCommandTool.execute(
      { command: 'sleep 30' },
      await context({ signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    const r = await pending;
    expect(r.ok).toBe(false);
    expect(r.output.split('\n')[0]).toBe('cancelled');
  });

  it('streams output to onUpdate', async () => {
    const updates: string[] = [];
    await runCommandTool.execute({ command: 'echo a; sleep 0.1; echo b' }, await context({ updates }));
    expect(updates.join('')).toBe('a\nb\n');
  });

  it('shapes huge output for the model with head, tail and a marker', async () => {
    const r = await runCommandTool.execute({ command: 'seq 1 1000000' }, await context());
    expect(r.ok).toBe(true);
    expect(r.truncated).toBe(true);
    const lines = r.output.split('\n');
    expect(lines[0]).toBe('exit code 0; 6888896 bytes of output, middle omitted');
    expect(lines[1]).toBe('1');
    expect(lines.at(-2)).toBe('1000000');
    expect(r.output).toMatch(/\n\[\.\.\. \d+ lines \(\d+ chars\) omitted \.\.\.\]\n/);
    expect(r.output.length).toBeLessThan(DEFAULT_LIMITS.outputChars + 200);
    expect(r.display?.kind === 'command' && r.display.output.length).toBeLessThan(
      DEFAULT_LIMITS.outputChars + 100,
    );
  });

  it('keeps huge single-stream output (yes | head -c 5 MB) bounded', async () => {
    const r = await runCommandTool.execute({ command: 'yes | head -c 5000000' }, await context());
    expect(r.truncated).toBe(true);
    expect(r.output.startsWith('exit code 0; 5000000 bytes of output, middle omitted\ny\n')).toBe(true);
    expect(r.output.length).toBeLessThan(DEFAULT_LIMITS.outputChars + 200);
  });

  it('reports a start failure', async () => {
    const ctx = await context();
    rmSync(dir, { recursive: true, force: true });
    const r = await runCommandTool.execute({ command: 'echo hi' }, ctx);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/^failed to start: working directory does not exist/);
  });
});

describe('run_command: the whole output kept for the model', () => {
  it('keeps a long output whole in the spill folder and names it; removes a short one', async () => {
    const spillDir = path.join(dir, '..', `${path.basename(dir)}-spill`);
    try {
      const ctx = { ...(await context({ limits: { outputChars: 1000 } })), spillDir };
      const long = await runCommandTool.execute({ command: 'seq 1 100000' }, ctx);
      expect(long.truncated).toBe(true);
      expect(long.output).not.toContain('\n50000\n');
      const name = long.spill ?? '';
      expect(name).toMatch(/^command-[\w-]+\.log$/);
      const saved = readFileSync(path.join(spillDir, name), 'utf8');
      expect(saved.split('\n').length).toBe(100_001);
      expect(saved).toContain('\n50000\n');

      const short = await runCommandTool.execute({ command: 'echo hi' }, ctx);
      expect(short.spill).toBeUndefined();
      expect(readdirSync(spillDir)).toEqual([name]);
    } finally {
      rmSync(spillDir, { recursive: true, force: true });
    }
  });
});

describe('run_command: who approved the command', () => {
  it('tells the runner when a person approved the command, and only then', async () => {
    const seen: (boolean | undefined)[] = [];
    const runner = createCommandRunner({ killGraceMs: 300 });
    const commands: CommandRunner = {
      run(command, opts) {
        seen.push(opts.personApproved);
        return runner.run(command, opts);
      },
    };
    const permissionsIn = (mode: 'ask' | 'full-auto') =>
      new Permissions({
        mode,
        approver: async () => ({ approved: true }),
        judge: async (command) => ({ verdict: 'ask', reasons: ['test'], segments: [command] }),
        sandbox: { available: true, note: 'test', whenMissing: 'ask' },
      });
    const base = await context({ commands });
    await runCommandTool.execute({ command: 'true' }, { ...base, permissions: permissionsIn('ask') });
    await runCommandTool.execute({ command: 'true' }, { ...base, permissions: permissionsIn('full-auto') });
    expect(seen).toEqual([true, undefined]);
  });
});
