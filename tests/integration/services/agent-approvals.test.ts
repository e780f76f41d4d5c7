// Questions, steering and cancellation through the desktop backend, with the scripted model running
// the real loop: an approval goes out as an event and the person's decision comes back through
// agent.decide; messages sent while a run works steer it; cancel stops it with the reason `cancelled`.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopEvent } from '../../../src/shared/ipc.js';
import { scriptedModelFactory } from '../../../src/main/services/desktop-backend.js';
import {
  agentEvents,
  makeHarness,
  makeSandbox,
  removeSandbox,
  runEnded,
  type Harness,
} from './backend-harness.js';

let box: Awaited<ReturnType<typeof makeSandbox>>;
let h: Harness;

beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await h?.backend.dispose();
  await removeSandbox(box.tmp);
});

const FIX = { path: 'math.js', old_text: '  return a - b;', new_text: '  return a + b;' };
/** edit_file needs the file read first. */
const READ = { name: 'read_file', args: { path: 'math.js' } };

async function scripted(turns: unknown[], runDefaults = { verify: false }): Promise<Harness> {
  const script = path.join(box.tmp, 'script.json');
  await writeFile(script, JSON.stringify({ turns }));
  const harness = makeHarness(box.env, { modelFactory: scriptedModelFactory(script), runDefaults });
  await harness.call('workspace.open', { path: box.project });
  return harness;
}

type Approval = Extract<DesktopEvent, { type: 'approval' }>;
const isApproval = (e: DesktopEvent): e is Approval => e.type === 'approval';

describe('approvals in ask mode', () => {
  it('asks before an edit, applies the text the person edited, and closes the question', async () => {
    h = await scripted([
      { calls: [READ] },
      { calls: [{ name: 'edit_file', args: FIX }] },
      { text: 'Fixed.' },
    ]);
    await h.call('settings.update', { approvalMode: 'ask' });
    await h.call('agent.send', { text: 'fix add' });
    const asked = await h.waitFor(isApproval);
    expect(asked.request).toMatchObject({ kind: 'edit', tool: 'edit_file' });
    if (asked.request.kind !== 'edit') throw new Error('expected an edit');
    expect(asked.request.changes).toHaveLength(1);
    expect(asked.request.changes[0]?.path).toBe('math.js');
    expect(asked.request.changes[0]?.after).toContain('return a + b;');
    // Nothing is written while the question is open.
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return a - b;');

    expect(
      await h.call('agent.decide', { requestId: 'no-such-question', decision: { approved: true } }),
    ).toMatchObject({ ok: false, code: 'unknown_request' });
    const mine = (asked.request.changes[0]?.after ?? '').replace(
      'return a + b;',
      'return b + a; // reviewed',
    );
    const decided = await h.call('agent.decide', {
      requestId: asked.request.id,
      decision: { approved: true, files: [{ path: 'math.js', after: mine }] },
    });
    expect(decided).toEqual({ ok: true });
    expect(h.events).toContainEqual({ type: 'approval_closed', requestId: asked.request.id });
    // Answering twice is refused.
    expect(
      await h.call('agent.decide', { requestId: asked.request.id, decision: { approved: true } }),
    ).toMatchObject({
      code: 'unknown_request',
    });
    await runEnded(h);
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return b + a; // reviewed');
    const result = agentEvents(h.events).find((e) => e.type === 'tool_result' && e.name === 'edit_file');
    expect(result).toMatchObject({ name: 'edit_file', ok: true });
  });

  it('a rejection reaches the model as a failed tool result and leaves the file alone', async () => {
    h = await scripted([
      { calls: [READ] },
      { calls: [{ name: 'edit_file', args: FIX }] },
      { text: 'Understood.' },
    ]);
    await h.call('settings.update', { approvalMode: 'ask' });
    await h.call('agent.send', { text: 'fix add' });
    const asked = await h.waitFor(isApproval);
    await h.call('agent.decide', {
      requestId: asked.request.id,
      decision: { approved: false, note: 'not like this' },
    });
    await runEnded(h);
    const result = agentEvents(h.events).find((e) => e.type === 'tool_result' && e.name === 'edit_file');
    expect(result).toMatchObject({ name: 'edit_file', ok: false });
    expect(result?.type === 'tool_result' && result.output).toContain('not like this');
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return a - b;');
  });
});

describe('steering, busy and cancel', () => {
  it('a message sent while the run waits steers it; undo, folder and model switches wait for the run', async () => {
    h = await scripted([
      { calls: [READ] },
      { calls: [{ name: 'edit_file', args: FIX }] },
      { text: 'Done, and noted.' },
    ]);
    await h.call('settings.update', { approvalMode: 'ask' });
    const first = await h.call('agent.send', { text: 'fix add' });
    const asked = await h.waitFor(isApproval);

    const steered = await h.call('agent.send', { text: 'also keep multiply as it is' });
    expect(steered).toEqual({ sessionId: (first as { sessionId: string }).sessionId, steered: true });
    expect(await h.call('agent.undoTurn', {})).toMatchObject({ ok: false, code: 'busy' });
    expect(await h.call('workspace.open', { path: box.tmp })).toMatchObject({ ok: false, code: 'busy' });
    expect(await h.call('models.activate', { fileName: 'x.gguf' })).toMatchObject({
      ok: false,
      code: 'busy',
    });

    await h.call('agent.decide', { requestId: asked.request.id, decision: { approved: true } });
    await runEnded(h);
    const agent = agentEvents(h.events);
    expect(agent).toContainEqual(
      expect.objectContaining({ type: 'user_message', text: 'also keep multiply as it is', steering: true }),
    );
    expect(agent.at(-1)).toMatchObject({ type: 'stop', reason: 'done' });
  });

  it('cancel stops a run waiting on the model, and closes an open question', async () => {
    h = await scripted([{ text: 'thinking', delay_ms: 120_000 }]);
    await h.call('agent.send', { text: 'take your time' });
    await h.waitFor((e) => e.type === 'agent' && e.event.type === 'turn_start');
    expect(await h.call('agent.cancel', {})).toEqual({ cancelled: true });
    await runEnded(h);
    expect(agentEvents(h.events).at(-1)).toMatchObject({ type: 'stop', reason: 'cancelled' });
    expect(await h.call('agent.cancel', {})).toEqual({ cancelled: false });
  });

  it('cancel answers an open question as refused', async () => {
    h = await scripted([
      { calls: [READ] },
      { calls: [{ name: 'edit_file', args: FIX }] },
      { text: 'never reached' },
    ]);
    await h.call('settings.update', { approvalMode: 'ask' });
    await h.call('agent.send', { text: 'fix add' });
    const asked = await h.waitFor(isApproval);
    await h.call('agent.cancel', {});
    await runEnded(h);
    expect(h.events).toContainEqual({ type: 'approval_closed', requestId: asked.request.id });
    expect(agentEvents(h.events).at(-1)).toMatchObject({ type: 'stop', reason: 'cancelled' });
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return a - b;');
  });

  it('plan mode refuses edits without asking', async () => {
    h = await scripted([
      { calls: [READ] },
      { calls: [{ name: 'edit_file', args: FIX }] },
      { text: 'I would change add().' },
    ]);
    await h.call('settings.update', { approvalMode: 'plan' });
    await h.call('agent.send', { text: 'fix add' });
    await runEnded(h);
    expect(h.events.some((e) => e.type === 'approval')).toBe(false);
    const result = agentEvents(h.events).find((e) => e.type === 'tool_result' && e.name === 'edit_file');
    expect(result).toMatchObject({ name: 'edit_file', ok: false });
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return a - b;');
  });
});
