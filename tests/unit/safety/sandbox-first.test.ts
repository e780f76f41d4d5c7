// Sandbox-first approvals: in auto-edit with an OS sandbox (network off), a command the policy would ask
// about runs unasked in the write profile; only what the sandbox cannot contain goes to the person.
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, CommandJudgement } from '../../../src/shared/approval.js';
import { Permissions, type SandboxState } from '../../../src/main/safety/permissions.js';
import { sandboxEscapes } from '../../../src/main/safety/sandbox-escapes.js';
import { judgeCommand } from '../../../src/main/safety/command-policy.js';

const signal = new AbortController().signal;

function setup(sandbox: SandboxState, mode: 'auto-edit' | 'ask' = 'auto-edit', approver = true) {
  const asked: ApprovalRequest[] = [];
  const permissions = new Permissions({
    mode,
    // As the session judges with bubblewrap: its /tmp is private, so writes there are contained.
    judge: (command): Promise<CommandJudgement> =>
      judgeCommand(command, { root: '/work/p', privateTmp: true }),
    sandbox,
    ...(approver
      ? {
          approver: async (r: ApprovalRequest) => {
            asked.push(r);
            return { approved: true };
          },
        }
      : {}),
  });
  return { permissions, asked };
}

const bwrap: SandboxState = { available: true, note: 'bubblewrap', whenMissing: 'ask' };

describe('what the sandbox cannot contain', () => {
  it.each([
    ['node test.js', []],
    ['npm test', []],
    ['python3 -m unittest -q', []],
    ['make check', []],
    ['FOO=1 nice -n 5 timeout 60 node build.mjs', []],
    ['curl https://example.com', ['network']],
    ['env HTTPS_PROXY=x wget -q http://x', ['network']],
    ['npm install', ['network']],
    ['npx prettier --write .', ['network']],
    ['pip install requests', ['network']],
    ['git push origin main', ['network']],
    ['git fetch', ['network']],
    ['git commit -m x', ['git_history']],
    ['git -C sub reset --hard', ['git_history']],
    ['git status', []],
    ['git diff HEAD', []],
    ['$(cat cmd.txt) -rf x', ['unreadable']],
    ['rm -rf build', ['delete']],
    ['find . -name "*.o" -delete', ['delete']],
    ['find . -type f', []],
    ['"$TOOL" run', ['unreadable']],
  ] as const)('%s -> %j', (segment, expected) => {
    expect(sandboxEscapes([segment]).sort()).toEqual([...expected].sort());
  });

  it('collects escapes over every segment of a line', () => {
    expect(sandboxEscapes(['node test.js', 'git add -A', 'curl -s x']).sort()).toEqual([
      'git_history',
      'network',
    ]);
  });
});

describe('sandbox-first in auto-edit', () => {
  it('runs the project tests unasked, in the write profile, even with nobody to answer', async () => {
    const { permissions } = setup(bwrap, 'auto-edit', false);
    for (const line of ['node test.js', 'npm test > /tmp/test.log 2>&1', 'python3 -m pytest -q']) {
      const got = await permissions.command('run_command', line, signal);
      expect(got, line).toMatchObject({ ok: true, asked: false, profile: 'write' });
    }
  });

  it('asks for the network and for git history, saying why', async () => {
    const { permissions, asked } = setup(bwrap);
    await permissions.command('run_command', 'npm install lodash', signal);
    await permissions.command('run_command', 'git commit -am wip', signal);
    expect(asked).toHaveLength(2);
    const reasons = asked.map((r) => (r.kind === 'command' ? r.judgement.reasons.join('; ') : ''));
    expect(reasons[0]).toMatch(/needs the network/);
    expect(reasons[1]).toMatch(/git's history/);
  });

  it('a headless run is told which mode would allow it, never the one in force', async () => {
    const { permissions } = setup(bwrap, 'auto-edit', false);
    const got = await permissions.command('run_command', 'npm install lodash', signal);
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.message).toMatch(/"full-auto"/);
      expect(got.message).not.toMatch(/"auto-edit"/);
    }
  });

  it('still refuses what the policy denies', async () => {
    const { permissions, asked } = setup(bwrap);
    const got = await permissions.command('run_command', 'rm -rf .git', signal);
    expect(got.ok).toBe(false);
    expect(asked).toHaveLength(0);
  });

  it('without a sandbox, or with the network on, it asks as before', async () => {
    for (const sandbox of [
      { available: false, note: 'no bwrap', whenMissing: 'ask' as const },
      { ...bwrap, allowNetwork: true },
    ]) {
      const { permissions, asked } = setup(sandbox);
      const got = await permissions.command('run_command', 'node test.js', signal);
      expect(got).toMatchObject({ ok: true, asked: true });
      expect(asked).toHaveLength(1);
    }
  });

  it('ask mode keeps asking (sandbox-first is for auto-edit)', async () => {
    const { permissions, asked } = setup(bwrap, 'ask');
    await permissions.command('run_command', 'node test.js', signal);
    expect(asked).toHaveLength(1);
  });
});
