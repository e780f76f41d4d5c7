// The window shows which instruction files steered the model: session_start's list reaches the session item.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events';
import { emptyChat, reduceChat } from '../../../src/renderer/src/chat/chat-model';

const start: AgentEvent = {
  type: 'session_start',
  sessionId: 's1',
  folder: '/p',
  model: 'tiny.gguf',
  task: 'fix it',
  time: '2025-01-01T00:00:00Z',
};

describe('instruction files on the session item', () => {
  it('carries the loaded files, in order', () => {
    const chat = reduceChat(emptyChat(), [
      { ...start, instructionFiles: ['.local-coder/instructions.md', 'AGENTS.md'] },
    ]);
    const session = chat.items.find((i) => i.kind === 'session');
    expect(session).toMatchObject({ instructionFiles: ['.local-coder/instructions.md', 'AGENTS.md'] });
  });

  it('has none when the session loaded none', () => {
    const session = reduceChat(emptyChat(), [start]).items.find((i) => i.kind === 'session');
    expect(session && 'instructionFiles' in session).toBe(false);
  });
});
