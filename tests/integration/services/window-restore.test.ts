// A window that reloads asks app.restore and gets the backend's state as one `restore` event in the
// ordered stream: the open folder, the run with its events so far (streamed pieces merged, the reduced
// chat the same as from the live events), the open questions, the model; reopening the folder the run
// works in is allowed (a reloaded window does that) while another folder is still refused.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import type { DesktopEvent, WindowSnapshot } from '../../../src/shared/ipc.js';
import { scriptedModelFactory } from '../../../src/main/services/desktop-backend.js';
import { emptyChat, reduceChat } from '../../../src/renderer/src/chat/chat-model.js';
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

type Restore = Extract<DesktopEvent, { type: 'restore' }>;
const isRestore = (e: DesktopEvent): e is Restore => e.type === 'restore';

async function restore(): Promise<WindowSnapshot> {
  const from = h.events.length;
  expect(await h.call('app.restore', {})).toEqual({ ok: true });
  return (await h.waitFor(isRestore, 5_000, from)).state;
}

async function scripted(turns: unknown[]): Promise<void> {
  const script = path.join(box.tmp, 'script.json');
  await writeFile(script, JSON.stringify({ turns }));
  h = makeHarness(box.env, { modelFactory: scriptedModelFactory(script), runDefaults: { verify: false } });
}

const FIX = { path: 'math.js', old_text: '  return a - b;', new_text: '  return a + b;' };

describe('app.restore', () => {
  it('says nothing is open before a folder is, with the model empty', async () => {
    await scripted([{ text: 'Hi.' }]);
    expect(await restore()).toEqual({
      workspace: null,
      run: { running: false, sessionId: null, events: [] },
      approvals: [],
      downloads: [],
      model: { status: 'empty' },
    });
  });

  it('gives a run waiting on a question: folder, events so far, the question; the chat reduces the same', async () => {
    await scripted([
      {
        text: 'Reading the file first. '.repeat(8),
        calls: [{ name: 'read_file', args: { path: 'math.js' } }],
      },
      { calls: [{ name: 'edit_file', args: FIX }] },
      { text: 'Fixed.' },
    ]);
    const opened = await h.call('workspace.open', { path: box.project });
    await h.call('settings.update', { approvalMode: 'ask' });
    const sent = await h.call('agent.send', { text: 'fix add' });
    if ('ok' in sent) throw new Error(sent.message);
    const asked = await h.waitFor((e) => e.type === 'approval');
    const state = await restore();

    expect(state.workspace).toEqual(opened);
    expect(state.run.running).toBe(true);
    expect(state.run.sessionId).toBe(sent.sessionId);
    expect(state.approvals).toEqual([(asked as Extract<DesktopEvent, { type: 'approval' }>).request]);
    const live = agentEvents(h.events);
    // Fewer entries (text deltas merged), the same chat.
    expect(state.run.events.length).toBeLessThan(live.length);
    expect(state.run.events.filter((e) => e.type === 'text_delta').length).toBeLessThan(
      live.filter((e) => e.type === 'text_delta').length,
    );
    const chat = (events: AgentEvent[]) => reduceChat(emptyChat(), events).items;
    expect(chat(state.run.events)).toEqual(chat(live));

    // The reloaded window opens the folder again: allowed, nothing changes; another folder is refused.
    expect(await h.call('workspace.open', { path: box.project })).toEqual(opened);
    const other = path.join(box.tmp, 'other');
    await mkdir(other);
    expect(await h.call('workspace.open', { path: other })).toMatchObject({ ok: false, code: 'busy' });

    // Cancelled from the restored window: the question closes, the run ends, the events stay for the chat.
    expect(await h.call('agent.cancel', {})).toEqual({ cancelled: true });
    await runEnded(h);
    const after = await restore();
    expect(after.run.running).toBe(false);
    expect(after.approvals).toEqual([]);
    expect(after.run.events.at(-1)).toMatchObject({ type: 'stop', reason: 'cancelled' });
    expect(after.run.sessionId).toBe(sent.sessionId);
  });

  it('gives no chat of a run in another folder than the open one', async () => {
    await scripted([{ text: 'Done.' }]);
    await h.call('workspace.open', { path: box.project });
    await h.call('agent.send', { text: 'hello' });
    await runEnded(h);
    expect((await restore()).run.events.length).toBeGreaterThan(0);
    const other = path.join(box.tmp, 'other');
    await mkdir(other);
    await h.call('workspace.open', { path: other });
    const state = await restore();
    expect(state.workspace?.root).toContain('other');
    expect(state.run).toEqual({ running: false, sessionId: null, events: [] });
  });
});
