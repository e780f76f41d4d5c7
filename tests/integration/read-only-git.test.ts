// A read-only `git status` never starts a program the repository's config names. In a temp repository
// whose core.fsmonitor is a script that leaves a marker (and says so on stderr), `git status` goes
// through run_command as a session wires it: in auto-edit with the sandbox (the write profile, where the
// folder is writable: only safeGitEnv holds the hook), in ask mode (the read-only profile) and without a
// sandbox (asked, approved). Controls show the hook does run where the verdict is not read-only. And the
// session stops trusting a repository whose config changed while it ran: git is asked about after that.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalMode, ApprovalRequest, CommandJudgement } from '../../src/shared/approval.js';
import { runSession } from '../../src/main/agent/session.js';
import type { AgentModel } from '../../src/main/model/turn.js';
import { ScriptedModel } from '../../src/main/model/scripted-model.js';
import { judgeCommand } from '../../src/main/safety/command-policy.js';
import { osSandbox } from '../../src/main/safety/os-sandbox.js';
import { Permissions } from '../../src/main/safety/permissions.js';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import { folderPolicy, scanFolder } from '../../src/main/safety/sandbox-scan.js';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { executeCalls } from '../../src/main/tools/scheduler.js';
import { DEFAULT_LIMITS, type ToolContext } from '../../src/main/tools/types.js';
import { createCommandRunner, type RunOptions } from '../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import { SEEN_DIR } from '../helpers/seen-dir.js';

const info = await detectSandbox();
const sandboxIt = info.available ? it : it.skip;
/** Outside the sandbox's private /tmp, so the folder is the same one inside and out. */
const WORLDS = SEEN_DIR;
const STATUS = 'git status --short';
const HOOK_SAYS = 'FSMONITOR-RAN';

let base: string;
let root: string;
let marker: string;

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(WORLDS, 'read-only-git-')));
  root = path.join(base, 'repo');
  mkdirSync(root);
  marker = path.join(root, 'fsmonitor-marker');
  execFileSync('git', ['init', '-q', root]);
  const hook = path.join(root, 'fsmonitor.sh');
  writeFileSync(hook, `#!/bin/sh\necho ${HOOK_SAYS} >&2\ntouch '${marker}'\n`);
  chmodSync(hook, 0o755);
  execFileSync('git', ['config', 'core.fsmonitor', hook], { cwd: root });
  writeFileSync(path.join(root, 'a.txt'), 'a\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** `git status` through run_command; the judgement may be forced to `ask` (a control). */
async function statusThroughTool(mode: ApprovalMode, opts: { sandbox: boolean; forceAsk?: boolean }) {
  const opened = await openWorkspace(root, { ...process.env, LOCAL_CODER_HOME: path.join(base, 'data') });
  if (!opened.ok) throw new Error(opened.message);
  const ws = opened.workspace;
  const sandboxed = opts.sandbox && info.available;
  const policy = folderPolicy(ws.root, { allowNetwork: false }, await scanFolder(ws.root));
  const real = createCommandRunner(sandboxed ? { sandbox: osSandbox(info, policy) } : {});
  const seen: RunOptions[] = [];
  const asked: ApprovalRequest[] = [];
  const judgements: CommandJudgement[] = [];
  const ctx: ToolContext = {
    ws,
    reads: new ReadTracker(),
    commands: {
      run(command, o) {
        seen.push(o);
        return real.run(command, o);
      },
    },
    limits: DEFAULT_LIMITS,
    signal: new AbortController().signal,
    permissions: new Permissions({
      mode,
      approver: async (request) => {
        asked.push(request);
        return { approved: true };
      },
      judge: async (command) => {
        const judged = await judgeCommand(command, { root: ws.root });
        judgements.push(judged);
        return opts.forceAsk ? { ...judged, verdict: 'ask' } : judged;
      },
      sandbox: { available: sandboxed, note: info.note, whenMissing: 'ask' },
    }),
  };
  const [out] = await executeCalls(
    [{ id: 'status', name: 'run_command', args: { command: STATUS } }],
    createDefaultRegistry(),
    ctx,
  );
  return { out, seen, asked, judgements, hookRan: existsSync(marker) };
}

describe('a read-only git status and a repository whose core.fsmonitor runs a script', () => {
  it('the hook does run for git outside the harness (the setup is live)', () => {
    execFileSync('git', ['status', '--short'], { cwd: root, stdio: 'ignore' });
    expect(existsSync(marker)).toBe(true);
  });

  sandboxIt('auto-edit, sandbox: the write profile, and the hook does not run', async () => {
    const r = await statusThroughTool('auto-edit', { sandbox: true });
    expect(r.judgements[0]?.verdict).toBe('read_only');
    expect(r.seen[0]?.profile).toBe('write');
    expect(r.seen[0]?.env?.GIT_CONFIG_KEY_0).toBe('core.fsmonitor');
    expect(r.out?.output).toMatch(/^exit code 0/);
    expect(r.out?.output).not.toContain(HOOK_SAYS);
    expect(r.hookRan).toBe(false);
  });

  sandboxIt(
    'control: the same line judged `ask` runs contained in the write profile, hook and all',
    async () => {
      const r = await statusThroughTool('auto-edit', { sandbox: true, forceAsk: true });
      expect(r.asked).toEqual([]);
      expect(r.seen[0]?.profile).toBe('write');
      expect(r.hookRan).toBe(true);
    },
  );

  sandboxIt('ask mode, sandbox: the read-only profile, and the hook does not run', async () => {
    const r = await statusThroughTool('ask', { sandbox: true });
    expect(r.asked).toEqual([]);
    expect(r.seen[0]?.profile).toBe('read-only');
    expect(r.out?.output).toMatch(/^exit code 0/);
    expect(r.out?.output).not.toContain(HOOK_SAYS);
    expect(r.hookRan).toBe(false);
  });

  it('no sandbox: asked, approved, run with the safe environment: the hook does not run', async () => {
    const r = await statusThroughTool('auto-edit', { sandbox: false });
    expect(r.asked.map((q) => q.kind === 'command' && q.judgement.verdict)).toEqual(['read_only']);
    expect(r.seen[0]?.unsetEnv).toContain('GIT_DIR');
    expect(r.out?.output).toMatch(/^exit code 0/);
    expect(r.out?.output).not.toContain(HOOK_SAYS);
    expect(r.hookRan).toBe(false);
  });

  it('control, no sandbox: judged `ask` and approved, the hook runs', async () => {
    const r = await statusThroughTool('auto-edit', { sandbox: false, forceAsk: true });
    expect(r.asked).toHaveLength(1);
    expect(r.hookRan).toBe(true);
  });
});

describe('a session whose repository config changes while it runs', () => {
  it('judges git read-only before the change and asks about it after', async () => {
    const opened = await openWorkspace(root, { ...process.env, LOCAL_CODER_HOME: path.join(base, 'data') });
    if (!opened.ok) throw new Error(opened.message);
    const status = { name: 'run_command', args: { command: STATUS } };
    const inner = new ScriptedModel(
      { turns: [{ calls: [status] }, { calls: [status] }, { text: 'done' }] },
      'git-trust',
      16384,
    );
    let turns = 0;
    // Between the two calls the config changes (a person, another program, or a command let through).
    const model: AgentModel = {
      id: inner.id,
      contextSize: inner.contextSize,
      turn: async (request) => {
        if (++turns === 2) appendFileSync(path.join(root, '.git', 'config'), '# changed\n');
        return inner.turn(request);
      },
      dispose: () => inner.dispose(),
    };
    const asked: ApprovalRequest[] = [];
    await runSession({
      workspace: opened.workspace,
      model,
      task: 'Show the status.',
      verify: false,
      approvalMode: 'ask',
      approver: async (request) => {
        asked.push(request);
        return { approved: false, note: 'no' };
      },
      sandbox: { allowNetwork: false, whenMissing: 'ask' },
      checkpointsDir: path.join(base, 'checkpoints'),
      spillDir: path.join(base, 'spill'),
    });
    const verdicts = asked.flatMap((q) => (q.kind === 'command' ? [q.judgement] : []));
    // With the sandbox the first runs unasked (read-only); without one every command is asked.
    expect(verdicts.map((j) => j.verdict)).toEqual(info.available ? ['ask'] : ['read_only', 'ask']);
    expect(verdicts.at(-1)?.reasons.join('; ')).toMatch(/repository changed during this session/);
    expect(existsSync(marker)).toBe(false);
  });
});
