// Where no OS sandbox exists, nothing runs silently outside one: the run says so, and commands and the
// project's checks follow the setting (ask before each, or refuse).
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-events.js';
import type { ApprovalRequest } from '../../src/shared/approval.js';
import { runSession } from '../../src/main/agent/session.js';
import { loadScript, ScriptedModel } from '../../src/main/model/scripted-model.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
let tmp: string;
const saved = process.env.LOCAL_CODER_SANDBOX;
beforeAll(() => {
  process.env.LOCAL_CODER_SANDBOX = 'off';
});
afterAll(async () => {
  if (saved === undefined) delete process.env.LOCAL_CODER_SANDBOX;
  else process.env.LOCAL_CODER_SANDBOX = saved;
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function fix(
  whenMissing: 'ask' | 'refuse',
  approver?: (r: ApprovalRequest) => Promise<{ approved: boolean }>,
) {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-nosbx-'));
  const project = path.join(tmp, whenMissing);
  await cp(path.join(fixtures, 'sample-project'), project, { recursive: true });
  const opened = await openWorkspace(project);
  if (!opened.ok) throw new Error(opened.message);
  const events: AgentEvent[] = [];
  const result = await runSession({
    workspace: opened.workspace,
    model: new ScriptedModel(await loadScript(path.join(fixtures, 'scripts/fix-add.json')), 'fix', 8192),
    task: 'fix add',
    approvalMode: 'full-auto',
    sandbox: { allowNetwork: false, whenMissing },
    ...(approver ? { approver } : {}),
    checkpointsDir: path.join(tmp, 'cp'),
    spillDir: path.join(tmp, 'spill'),
    onEvent: (e) => events.push(e),
  });
  return { result, events, project };
}

describe('no OS sandbox', () => {
  it('"refuse": no command and no check runs, the run says why, and nothing is claimed verified', async () => {
    const { result, events } = await fix('refuse');
    expect(events.find((e) => e.type === 'warning' && e.code === 'no_sandbox')).toBeDefined();
    const commands = events.filter((e) => e.type === 'tool_result' && e.name === 'run_command');
    expect(commands.length).toBe(2);
    for (const c of commands)
      expect(c).toMatchObject({ ok: false, output: expect.stringMatching(/no OS sandbox/) });
    expect(result.verification?.status).not.toBe('passed');
  });

  it('"ask": every command and every check is asked first, even in full-auto', async () => {
    const asked: ApprovalRequest[] = [];
    const { result, project } = await fix('ask', async (r) => {
      asked.push(r);
      return { approved: true };
    });
    const commands = asked.filter((r) => r.kind === 'command');
    // The syntax check after the edit runs an interpreter on the folder's file: without a sandbox it is
    // asked like any command (issue 14, class 1).
    expect(commands.map((r) => (r.kind === 'command' ? r.tool : ''))).toEqual([
      'run_command',
      'syntax_check',
      'run_command',
      'checks',
    ]);
    expect(commands.every((r) => r.kind === 'command' && !r.sandboxed && r.sandboxNote)).toBe(true);
    expect(result.verification?.status).toBe('passed');
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('a + b');
  });
});
