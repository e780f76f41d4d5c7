// What the verdict decides about the sandbox: the profile a command runs in (read-only for what runs
// unasked in plan and ask mode, write for what a person approved and in auto-edit and full-auto), and
// that a write into the sandbox's private /tmp is contained rather than outside the folder.
import { describe, expect, it } from 'vitest';
import type { ApprovalMode, CommandJudgement } from '../../../src/shared/approval.js';
import { judgeCommand } from '../../../src/main/safety/command-policy.js';
import { Permissions } from '../../../src/main/safety/permissions.js';
import { createDefaultRegistry } from '../../../src/main/tools/index.js';
import { executeCalls } from '../../../src/main/tools/scheduler.js';
import type { CommandRunner, RunOptions } from '../../../src/main/workspace/command-runner.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';

const judge = async (command: string): Promise<CommandJudgement> => ({
  verdict: command === 'ls' ? 'read_only' : 'ask',
  reasons: [],
  segments: [command],
});
const signal = new AbortController().signal;

function permissions(mode: ApprovalMode): Permissions {
  return new Permissions({
    mode,
    judge,
    approver: async () => ({ approved: true }),
    sandbox: { available: true, note: 'bubblewrap', whenMissing: 'ask' },
  });
}

describe('the profile a command runs in', () => {
  const cases: [ApprovalMode, string, 'read-only' | 'write'][] = [
    ['plan', 'ls', 'read-only'],
    ['ask', 'ls', 'read-only'],
    ['ask', 'npm test', 'write'], // asked and approved
    ['auto-edit', 'ls', 'write'],
    ['full-auto', 'ls', 'write'],
    ['full-auto', 'npm test', 'write'],
  ];
  for (const [mode, command, profile] of cases) {
    it(`${mode}: ${command} -> ${profile}`, async () => {
      const allowed = await permissions(mode).command('run_command', command, signal);
      expect(allowed).toMatchObject({ ok: true, profile });
    });
  }

  it('reaches the runner from run_command', async () => {
    const t = await makeTempWorkspace();
    try {
      const seen: (RunOptions['profile'] | undefined)[] = [];
      const commands: CommandRunner = {
        async run(_command, opts) {
          seen.push(opts.profile);
          return {
            exitCode: 0,
            signal: null,
            timedOut: false,
            cancelled: false,
            output: '',
            totalBytes: 0,
            durationMs: 0,
            sandboxed: true,
          };
        },
      };
      for (const mode of ['ask', 'auto-edit'] as const) {
        const ctx = { ...t.ctx, commands, permissions: permissions(mode) };
        await executeCalls(
          [{ id: 'c', name: 'run_command', args: { command: 'ls' } }],
          createDefaultRegistry(),
          ctx,
        );
      }
      expect(seen).toEqual(['read-only', 'write']);
    } finally {
      await t.cleanup();
    }
  });
});

describe('writes into the private /tmp', () => {
  const root = '/work/project';
  const lines = [
    'npm test > /tmp/test.log 2>&1',
    'npm test 2>&1 | tee /tmp/test.log',
    'git diff > /tmp/patch.diff',
  ];

  it('are contained with bubblewrap: no longer denied as outside the folder', async () => {
    for (const line of lines) {
      const j = await judgeCommand(line, { root, privateTmp: true });
      expect(j.verdict, `${line}: ${j.reasons.join('; ')}`).not.toBe('deny');
    }
    expect((await judgeCommand('git diff > /tmp/patch.diff', { root, privateTmp: true })).verdict).toBe(
      'read_only',
    );
  });

  it('stay outside the folder without a private /tmp, and /tmp/.. climbs out either way', async () => {
    for (const line of lines) expect((await judgeCommand(line, { root })).verdict).toBe('deny');
    for (const line of ['git diff > /tmp/../etc/x', 'ls > /var/tmp/x', 'cp a /tmp2/x']) {
      expect((await judgeCommand(line, { root, privateTmp: true })).verdict, line).toBe('deny');
    }
  });
});
