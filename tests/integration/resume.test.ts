// Resuming a session: the scripted model runs a session, a second run continues it from the saved
// conversation (in-process, through the runner, and through the window's backend); the resumed run's
// edit is checkpointed as a run of its own and undone alone.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-events.js';
import type { AgentModel, Message } from '../../src/main/model/turn.js';
import { ScriptedModel, type Script } from '../../src/main/model/scripted-model.js';
import { SessionStore } from '../../src/main/agent/session-store.js';
import { runStoredSession } from '../../src/main/agent/stored-session.js';
import { scriptedModelFactory } from '../../src/main/services/desktop-backend.js';
import { openCheckpointStore } from '../../src/main/workspace/checkpoints.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import { repoRoot, runCli } from './run-cli.js';
import { agentEvents, makeHarness, runEnded } from './services/backend-harness.js';

let tmp: string;
let home: string;
let project: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-resume-'));
  home = path.join(tmp, 'home');
  project = path.join(tmp, 'project');
  await cp(path.join(repoRoot, 'tests/fixtures/sample-project'), project, { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const edit = (old_text: string, new_text: string) => ({
  name: 'edit_file',
  args: { path: 'math.js', old_text, new_text },
});
const fixAdd: Script = {
  turns: [
    { calls: [{ name: 'read_file', args: { path: 'math.js' } }] },
    { calls: [edit('  return a - b;', '  return a + b;')] },
    { text: 'Fixed add().' },
  ],
};
// No read_file first: the resumed run knows math.js from the first run (and it is unchanged).
const swapMultiply: Script = {
  turns: [{ calls: [edit('  return a * b;', '  return b * a;')] }, { text: 'Swapped.' }],
};

/** A scripted model that records the messages of every turn it is asked. */
function spy(script: Script): { model: AgentModel; requests: (readonly Message[])[] } {
  const scripted = new ScriptedModel(script);
  const requests: (readonly Message[])[] = [];
  const model: AgentModel = {
    id: 'script',
    contextSize: scripted.contextSize,
    countTokens: (t) => scripted.countTokens(t),
    dispose: () => scripted.dispose(),
    turn: (req) => {
      requests.push([...req.messages]);
      return scripted.turn(req);
    },
  };
  return { model, requests };
}

describe('resume in the session store', () => {
  it('continues the saved conversation; the resumed edit is checkpointed and undone on its own', async () => {
    const opened = await openWorkspace(project);
    if (!opened.ok) throw new Error(opened.message);
    const workspace = opened.workspace;
    const store = new SessionStore({ LOCAL_CODER_HOME: home });
    const common = { workspace, verify: false } as const;
    const first = await runStoredSession(store, { ...common, model: spy(fixAdd).model, task: 'fix add' });
    expect(first.reason).toBe('done');

    const found = await store.find(undefined, workspace.root);
    if (!found.ok) throw new Error(found.message);
    expect(found.meta.id).toBe(first.sessionId);
    expect(found.conversation.messages).toEqual(first.messages);

    const second = spy(swapMultiply);
    const events: AgentEvent[] = [];
    const resumed = await runStoredSession(store, {
      ...common,
      model: second.model,
      task: 'now swap multiply',
      resume: found,
      onEvent: (e) => events.push(e),
    });
    expect(resumed.reason).toBe('done');
    expect(resumed.sessionId).toBe(first.sessionId);
    expect(events[0]).toMatchObject({ type: 'session_start', sessionId: first.sessionId, run: 2 });
    // The first turn sees the first run's conversation as it was saved, then the new message.
    expect(second.requests[0]).toEqual([...first.messages, { role: 'user', content: 'now swap multiply' }]);
    const result = events.find((e) => e.type === 'tool_result');
    expect(result).toMatchObject({ name: 'edit_file', ok: true });
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return b * a;');

    const meta = await store.read(first.sessionId);
    expect(meta).toMatchObject({ runs: 2, stopReason: 'done', resumable: true });
    const transcript = await readFile(store.files(first.sessionId).transcript, 'utf8');
    expect(transcript.match(/"type":"session_start"/g)).toHaveLength(2);

    // Undo takes back the resumed run alone, then the first run.
    const checkpoints = await openCheckpointStore(workspace, { dir: store.checkpointsDir(workspace.root) });
    const list = await checkpoints.list();
    expect(list.map((c) => [c.sessionId, c.run])).toEqual([
      [first.sessionId, 2],
      [first.sessionId, 1],
    ]);
    expect(await checkpoints.undoLast('session')).toMatchObject({ ok: true, restored: ['math.js'] });
    const afterUndo = await readFile(path.join(project, 'math.js'), 'utf8');
    expect(afterUndo).toContain('return a + b;');
    expect(afterUndo).toContain('return a * b;');
    expect(await checkpoints.undoLast('session')).toMatchObject({ ok: true });
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a - b;');
  });

  it('refuses an edit of a file changed since the earlier run read it', async () => {
    const opened = await openWorkspace(project);
    if (!opened.ok) throw new Error(opened.message);
    const store = new SessionStore({ LOCAL_CODER_HOME: home });
    const base = { workspace: opened.workspace, verify: false } as const;
    await runStoredSession(store, { ...base, model: spy(fixAdd).model, task: 'fix add' });
    const math = path.join(project, 'math.js');
    await writeFile(math, `${await readFile(math, 'utf8')}// edited by a person\n`);
    const found = await store.find(undefined, opened.workspace.root);
    if (!found.ok) throw new Error(found.message);
    const events: AgentEvent[] = [];
    await runStoredSession(store, {
      ...base,
      model: spy(swapMultiply).model,
      task: 'swap',
      resume: found,
      onEvent: (e) => events.push(e),
    });
    const result = events.find((e) => e.type === 'tool_result');
    expect(result).toMatchObject({ ok: false, output: expect.stringMatching(/changed on disk/) });
  });
});

describe('resume through the runner', () => {
  it('--resume continues the latest session; a bad id says how to list them', async () => {
    const scripts = tmp;
    await writeFile(path.join(scripts, 'one.json'), JSON.stringify(fixAdd));
    await writeFile(path.join(scripts, 'two.json'), JSON.stringify(swapMultiply));
    const args = (script: string) => [
      '--folder',
      project,
      '--no-verify',
      '--json',
      '--model',
      `script:${path.join(scripts, script)}`,
    ];
    const first = await runCli([...args('one.json'), 'fix add'], { home });
    expect(first.code).toBe(0);
    const sessionId = String(first.events[0]?.sessionId);
    expect(first.stderr).toContain(`session: ${sessionId}`);

    const second = await runCli([...args('two.json'), '--resume', 'now swap multiply'], { home });
    expect(second.stderr).toContain('stopped: done');
    expect(second.code).toBe(0);
    expect(second.events[0]).toMatchObject({
      type: 'session_start',
      sessionId,
      run: 2,
      task: 'now swap multiply',
    });
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return b * a;');

    const listed = await runCli(['sessions', '--folder', project], { home });
    expect(listed.stdout).toContain(sessionId);
    expect(listed.stdout).toContain('2 runs, done');

    const bad = await runCli([...args('two.json'), '--resume', 'no-such-id', 'go on'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/No session "no-such-id".*local-coder sessions --folder/);

    // `undo` takes back the resumed run only.
    expect((await runCli(['undo', '--folder', project], { home })).code).toBe(0);
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a * b;');
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a + b;');
  });
});

describe('resume in the window', () => {
  it('"Continue" (agent.send with resume) runs on in the same session', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_CODER_HOME: home };
    delete env.LOCAL_CODER_SCRIPT;
    const script = path.join(tmp, 'window.json');
    await writeFile(script, JSON.stringify(fixAdd));
    const h = makeHarness(env, {
      modelFactory: scriptedModelFactory(script),
      runDefaults: { verify: false },
    });
    // The window's default mode asks before an edit: approve as a person would.
    h.backend.subscribe((event) => {
      if (event.type === 'approval')
        void h.call('agent.decide', { requestId: event.request.id, decision: { approved: true } });
    });
    try {
      await h.call('workspace.open', { path: project });
      const sent = await h.call('agent.send', { text: 'fix add' });
      if ('ok' in sent) throw new Error(sent.message);
      await runEnded(h);
      const [listed] = await h.call('sessions.list', {});
      expect(listed).toMatchObject({ sessionId: sent.sessionId, resumable: true });

      const from = h.events.length;
      const again = await h.call('agent.send', { text: 'and again', resume: sent.sessionId });
      if ('ok' in again) throw new Error(again.message);
      expect(again.sessionId).toBe(sent.sessionId);
      await runEnded(h, from);
      const start = agentEvents(h.events.slice(from)).find((e) => e.type === 'session_start');
      expect(start).toMatchObject({ sessionId: sent.sessionId, run: 2, task: 'and again' });
      expect(await h.call('sessions.list', {})).toHaveLength(1);
      expect(await h.call('agent.send', { text: 'x', resume: 'no-such-id' })).toMatchObject({
        ok: false,
        code: 'session_not_found',
      });
    } finally {
      await h.backend.dispose();
    }
  });
});
