// "Continue" on a past session: the replay becomes the live chat, the next message resumes that session,
// and the resumed run's items (steps and call ids counted anew) sit beside the earlier run's.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events';
import {
  METHOD_NAMES,
  type DesktopApi,
  type MethodInput,
  type MethodName,
  type MethodOutputs,
} from '../../../src/shared/ipc';
import { useAppStore } from '../../../src/renderer/src/store';

type Handlers = {
  [M in MethodName]?: (input: MethodInput<M>) => MethodOutputs[M] | Promise<MethodOutputs[M]>;
};

function installBridge(handlers: Handlers): { method: string; input: unknown }[] {
  const calls: { method: string; input: unknown }[] = [];
  const api: Record<string, unknown> = { onEvent: () => () => {} };
  for (const name of METHOD_NAMES) {
    api[name] = async (input: unknown) => {
      calls.push({ method: name, input });
      const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`Invalid input for ${name}: not expected in this test`);
      return handler(input);
    };
  }
  (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
  return calls;
}

const state = () => useAppStore.getState();
const start = { sessionId: 's1', folder: '/p', model: 'm', time: 't' };
const runEvents = (task: string, run?: number): AgentEvent[] => [
  { type: 'session_start', ...start, task, ...(run ? { run } : {}) },
  { type: 'turn_start', step: 1 },
  { type: 'tool_call', step: 1, id: 'c1', name: 'read_file', args: { path: 'a' } },
  {
    type: 'tool_result',
    step: 1,
    id: 'c1',
    name: 'read_file',
    ok: true,
    output: task,
    durationMs: 1,
    truncated: false,
  },
  { type: 'assistant_message', step: 2, text: `done ${task}` },
  { type: 'stop', reason: 'done', message: 'ok', steps: 2 },
];

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('continuing a past session', () => {
  it('makes the replay the live chat and resumes the session with the next message', async () => {
    const summary = {
      sessionId: 's1',
      task: 'first',
      folder: '/p',
      startedAt: 't',
      stopReason: 'done',
      resumable: true,
    };
    const calls = installBridge({
      'sessions.open': () => ({ summary, events: runEvents('first') }),
      'agent.send': () => ({ sessionId: 's1', steered: false }),
    });
    await state().openSession('s1');
    state().continueReplay();
    expect(state().replay).toBeNull();
    expect(state().resumeId).toBe('s1');
    expect(state().chat.items.map((i) => i.kind)).toContain('tool');

    expect(await state().send('second')).toBe(true);
    expect(calls.at(-1)).toEqual({ method: 'agent.send', input: { text: 'second', resume: 's1' } });
    state().applyAgentEvents(runEvents('second', 2));
    const tools = state().chat.items.filter((i) => i.kind === 'tool');
    expect(tools.map((t) => (t.kind === 'tool' ? t.output : ''))).toEqual(['first', 'second']);
    const answers = state().chat.items.filter((i) => i.kind === 'assistant');
    expect(answers.map((a) => (a.kind === 'assistant' ? a.text : ''))).toEqual(['done first', 'done second']);

    // A follow-up continues the same session; a new chat does not.
    await state().send('third');
    expect(calls.at(-1)?.input).toEqual({ text: 'third', resume: 's1' });
    state().resetChat();
    await state().send('fresh');
    expect(calls.at(-1)?.input).toEqual({ text: 'fresh' });
  });

  it('does nothing while a run works', async () => {
    installBridge({
      'sessions.open': () => ({
        summary: {
          sessionId: 's1',
          task: 'x',
          folder: '/p',
          startedAt: 't',
          stopReason: 'done',
          resumable: true,
        },
        events: runEvents('x'),
      }),
    });
    await state().openSession('s1');
    state().setRunState(true, 's2');
    state().continueReplay();
    expect(state().resumeId).toBeNull();
    expect(state().replay).not.toBeNull();
  });
});
