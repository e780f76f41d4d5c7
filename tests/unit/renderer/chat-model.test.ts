import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events';
import {
  addPendingUserMessage,
  dropPendingUserMessage,
  emptyChat,
  LIVE_TEXT_MAX,
  noteUndone,
  reduceChat,
  type ChatItem,
} from '../../../src/renderer/src/chat/chat-model';

const start: AgentEvent = {
  type: 'session_start',
  sessionId: 's1',
  folder: '/p',
  model: 'tiny.gguf',
  task: 'fix it',
  time: '2025-01-01T00:00:00Z',
};
const stats = {
  promptTokens: 100,
  evaluatedTokens: 20,
  reusedTokens: 80,
  generatedTokens: 5,
  tokensPerSecond: 10,
  durationMs: 500,
};

const kinds = (items: readonly ChatItem[]) => items.map((i) => i.kind);

describe('chat reducer', () => {
  it('confirms the pending task on session_start instead of adding it twice', () => {
    const pending = addPendingUserMessage(emptyChat(), 'fix it', false);
    const chat = reduceChat(pending, [start]);
    expect(kinds(chat.items)).toEqual(['user', 'session']);
    expect(chat.items[0]).toMatchObject({ kind: 'user', text: 'fix it', pending: false });
    // Without a pending message the task appears as the person's message.
    expect(kinds(reduceChat(emptyChat(), [start]).items)).toEqual(['session', 'user']);
  });

  it('streams deltas into one assistant message and finalises it', () => {
    let chat = reduceChat(emptyChat(), [start, { type: 'turn_start', step: 1 }]);
    chat = reduceChat(chat, [
      { type: 'text_delta', step: 1, text: 'Hel' },
      { type: 'text_delta', step: 1, text: 'lo' },
    ]);
    const streaming = chat.items.at(-1);
    expect(streaming).toMatchObject({ kind: 'assistant', text: 'Hello', streaming: true });
    chat = reduceChat(chat, [
      { type: 'token_stats', step: 1, ...stats },
      { type: 'assistant_message', step: 1, text: 'Hello!' },
    ]);
    const assistant = chat.items.filter((i) => i.kind === 'assistant');
    expect(assistant).toHaveLength(1);
    expect(assistant[0]).toMatchObject({ text: 'Hello!', streaming: false });
    expect(chat.items.at(-1)).toMatchObject({ kind: 'stats', step: 1, promptTokens: 100, reusedTokens: 80 });
  });

  it('keeps untouched items identical so memoised views skip them', () => {
    const chat = reduceChat(emptyChat(), [start, { type: 'text_delta', step: 1, text: 'a' }]);
    const next = reduceChat(chat, [{ type: 'text_delta', step: 1, text: 'b' }]);
    expect(next.items[0]).toBe(chat.items[0]);
    expect(next.items[1]).toBe(chat.items[1]);
    expect(next.items[2]).not.toBe(chat.items[2]);
    expect(reduceChat(next, [])).toBe(next);
    expect(reduceChat(next, [{ type: 'turn_start', step: 2 }])).toBe(next);
  });

  it('tracks a tool call from start through updates to its result', () => {
    let chat = reduceChat(emptyChat(), [
      start,
      { type: 'tool_call', step: 1, id: 'c1', name: 'run_command', args: { command: 'npm test' } },
      { type: 'tool_update', step: 1, id: 'c1', name: 'run_command', text: 'line 1\n' },
      { type: 'tool_update', step: 1, id: 'c1', name: 'run_command', text: 'line 2\n' },
    ]);
    expect(chat.items.at(-1)).toMatchObject({ kind: 'tool', status: 'running', live: 'line 1\nline 2\n' });
    chat = reduceChat(chat, [
      {
        type: 'tool_result',
        step: 1,
        id: 'c1',
        name: 'run_command',
        ok: false,
        output: 'exit 1',
        durationMs: 1200,
        truncated: true,
      },
    ]);
    expect(chat.items.filter((i) => i.kind === 'tool')).toHaveLength(1);
    expect(chat.items.at(-1)).toMatchObject({
      status: 'failed',
      output: 'exit 1',
      durationMs: 1200,
      truncated: true,
      args: { command: 'npm test' },
    });
  });

  it("keeps a result's display (a command's exit) on its tool item", () => {
    const display = { kind: 'command', exitCode: 1, timedOut: false } as const;
    const chat = reduceChat(emptyChat(), [
      { type: 'tool_call', step: 1, id: 'c', name: 'run_command', args: { command: 'npm test' } },
      {
        type: 'tool_result',
        step: 1,
        id: 'c',
        name: 'run_command',
        ok: false,
        output: 'x',
        durationMs: 5,
        truncated: false,
        display,
      },
    ]);
    expect(chat.items.at(-1)).toMatchObject({ kind: 'tool', status: 'failed', display });
  });

  it('caps live tool text to its tail', () => {
    const big = 'x'.repeat(LIVE_TEXT_MAX);
    const chat = reduceChat(emptyChat(), [
      { type: 'tool_call', step: 1, id: 'c', name: 't', args: {} },
      { type: 'tool_update', step: 1, id: 'c', name: 't', text: big },
      { type: 'tool_update', step: 1, id: 'c', name: 't', text: 'END' },
    ]);
    const tool = chat.items.at(-1);
    expect(tool?.kind === 'tool' && tool.live.length).toBe(LIVE_TEXT_MAX);
    expect(tool?.kind === 'tool' && tool.live.endsWith('END')).toBe(true);
  });

  it('keeps steps of different sessions apart', () => {
    const second: AgentEvent = { ...start, sessionId: 's2', task: 'again' };
    const chat = reduceChat(emptyChat(), [
      start,
      { type: 'assistant_message', step: 1, text: 'first' },
      second,
      { type: 'assistant_message', step: 1, text: 'second' },
    ]);
    expect(
      chat.items.filter((i) => i.kind === 'assistant').map((i) => i.kind === 'assistant' && i.text),
    ).toEqual(['first', 'second']);
  });

  it('marks steering messages and confirms a pending steer', () => {
    let chat = reduceChat(emptyChat(), [start]);
    chat = addPendingUserMessage(chat, 'also add tests', true);
    chat = reduceChat(chat, [{ type: 'user_message', step: 2, text: 'also add tests', steering: true }]);
    const steers = chat.items.filter((i) => i.kind === 'user' && i.steering);
    expect(steers).toHaveLength(1);
    expect(steers[0]).toMatchObject({ pending: false });
  });

  it('drops a pending message whose send failed, and rebuilds the index', () => {
    let chat = addPendingUserMessage(emptyChat(), 'hello', false);
    chat = dropPendingUserMessage(chat, 'hello');
    expect(chat.items).toHaveLength(0);
    chat = reduceChat(chat, [{ type: 'assistant_message', step: 1, text: 'x' }]);
    chat = reduceChat(chat, [{ type: 'assistant_message', step: 1, text: 'y' }]);
    expect(chat.items).toHaveLength(1);
  });

  it('adds notices for warnings, compaction and verification, and ends streaming on stop', () => {
    const chat = reduceChat(emptyChat(), [
      start,
      { type: 'text_delta', step: 1, text: 'partial' },
      { type: 'warning', step: 1, code: 'loop_warning', message: 'same call twice' },
      { type: 'compaction', step: 2, method: 'summarize', tokensBefore: 9000, tokensAfter: 3000 },
      {
        type: 'verification',
        step: 3,
        round: 1,
        passed: false,
        checks: [{ name: 'test', command: 'npm test', status: 'failed', exitCode: 1, durationMs: 10 }],
      },
      { type: 'stop', reason: 'cancelled', message: 'Cancelled by the user.', steps: 3 },
    ]);
    expect(kinds(chat.items)).toEqual(['session', 'user', 'assistant', 'notice', 'notice', 'checks', 'stop']);
    expect(chat.items[2]).toMatchObject({ streaming: false });
    expect(chat.items[4]).toMatchObject({
      title: 'Context compacted',
      text: expect.stringContaining('9,000 → 3,000'),
    });
    expect(chat.items[6]).toMatchObject({ reason: 'cancelled', steps: 3 });
  });

  it('offers undo per checkpoint and counts undone turns', () => {
    let chat = reduceChat(emptyChat(), [
      { type: 'checkpoint', step: 1, id: 'k1', files: 1 },
      { type: 'checkpoint', step: 2, id: 'k2', files: 2 },
    ]);
    expect(chat.undoable).toBe(2);
    chat = noteUndone(chat, 2);
    expect(chat.undoable).toBe(1);
    expect(chat.items.at(-1)).toMatchObject({ kind: 'notice', text: 'Last turn undone: 2 files restored.' });
  });

  it('replays a transcript without deltas (sessions.open)', () => {
    const chat = reduceChat(emptyChat(), [
      start,
      { type: 'turn_start', step: 1 },
      { type: 'token_stats', step: 1, ...stats },
      { type: 'assistant_message', step: 1, text: 'done it' },
      { type: 'stop', reason: 'done', message: 'done it', steps: 1 },
    ]);
    expect(kinds(chat.items)).toEqual(['session', 'user', 'stats', 'assistant', 'stop']);
  });
});

describe('whitespace before a tool call', () => {
  it('opens no assistant bubble', () => {
    const chat = reduceChat(emptyChat(), [
      start,
      { type: 'turn_start', step: 1 },
      { type: 'text_delta', step: 1, text: '\n ' },
      { type: 'tool_call', step: 1, id: 'c1', name: 'list_dir', args: {} },
    ]);
    expect(chat.items.filter((i) => i.kind === 'assistant')).toEqual([]);
  });
});
