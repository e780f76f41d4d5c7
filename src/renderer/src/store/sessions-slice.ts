// Past sessions: the list, one reopened read-only (its transcript replayed into a chat of its own), and
// "Continue": the replayed session becomes the live chat, and the next message resumes it.
import type { SessionSummary } from '../../../shared/ipc';
import { call, isFailure } from '../api/client';
import { emptyChat, reduceChat, type ChatState } from '../chat/chat-model';
import type { SliceCreator } from './types';

export interface SessionsSlice {
  sessions: SessionSummary[];
  replay: { summary: SessionSummary; chat: ChatState } | null;
  loadSessions(): Promise<void>;
  openSession(sessionId: string): Promise<void>;
  closeReplay(): void;
  /** Makes the replayed session the live chat; the next message sent continues it. */
  continueReplay(): void;
}

export const createSessionsSlice: SliceCreator<SessionsSlice> = (set, get) => ({
  sessions: [],
  replay: null,
  async loadSessions() {
    const result = await call('sessions.list', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not list sessions');
    set({ sessions: result });
  },
  async openSession(sessionId) {
    const result = await call('sessions.open', { sessionId });
    if (isFailure(result)) return get().reportFailure(result, 'Could not open the session');
    set({
      replay: { summary: result.summary, chat: reduceChat(emptyChat(), result.events) },
      center: 'chat',
    });
  },
  closeReplay: () => set({ replay: null }),
  continueReplay() {
    const replay = get().replay;
    if (!replay || get().running) return;
    set({ chat: replay.chat, resumeId: replay.summary.sessionId, replay: null, center: 'chat' });
  },
});
