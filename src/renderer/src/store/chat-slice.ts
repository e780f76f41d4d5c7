// The live chat: the agent's events reduced in batches, sending (a start or a steer), cancel and undo.
import type { AgentEvent } from '../../../shared/agent-events';
import { call, isFailure } from '../api/client';
import {
  addPendingUserMessage,
  dropPendingUserMessage,
  emptyChat,
  noteUndone,
  reduceChat,
  type ChatState,
} from '../chat/chat-model';
import type { SliceCreator } from './types';

export interface ChatSlice {
  chat: ChatState;
  running: boolean;
  sessionId: string | null;
  /** The past session the live chat continues: a message that starts a run resumes it. */
  resumeId: string | null;
  resetChat(): void;
  applyAgentEvents(events: readonly AgentEvent[]): void;
  setRunState(running: boolean, sessionId: string | null): void;
  /** Starts a run, or steers the running one; false when the core refused (the failure is shown). */
  send(text: string): Promise<boolean>;
  cancel(): Promise<void>;
  undoTurn(): Promise<void>;
}

export const createChatSlice: SliceCreator<ChatSlice> = (set, get) => ({
  chat: emptyChat(),
  running: false,
  sessionId: null,
  resumeId: null,
  resetChat: () => set({ chat: emptyChat(), resumeId: null }),
  applyAgentEvents(events) {
    set((s) => {
      const chat = reduceChat(s.chat, events);
      const stopped = events.some((e) => e.type === 'stop');
      return stopped ? { chat, running: false } : { chat };
    });
  },
  setRunState: (running, sessionId) => set({ running, sessionId }),
  async send(text) {
    const steering = get().running;
    set((s) => ({ chat: addPendingUserMessage(s.chat, text, steering) }));
    const resume = steering ? null : get().resumeId;
    const result = await call('agent.send', resume ? { text, resume } : { text });
    if (isFailure(result)) {
      set((s) => ({ chat: dropPendingUserMessage(s.chat, text) }));
      get().reportFailure(result, steering ? 'Could not steer the run' : 'Could not start the run');
      return false;
    }
    set({ running: true, sessionId: result.sessionId });
    return true;
  },
  async cancel() {
    const result = await call('agent.cancel', {});
    if (isFailure(result)) get().reportFailure(result, 'Could not cancel the run');
  },
  async undoTurn() {
    const result = await call('agent.undoTurn', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not undo the last turn');
    set((s) => ({ chat: noteUndone(s.chat, result.restored.length) }));
  },
});
