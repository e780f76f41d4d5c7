// The events of the window's current (or last) run, kept so that a window that reloads can draw the chat
// again. Streamed pieces are merged as they come (a text delta onto the one before it of the same step,
// a tool's live output onto its previous update, cut to its tail), so a long run does not keep one entry
// per token; the reduced chat is the same as from the events one by one.
import type { AgentEvent } from '../../shared/agent-events.js';

/** Live tool output kept per merged update, like the window's own cap (chat-model LIVE_TEXT_MAX). */
const LIVE_TEXT_MAX = 16_000;

export class RunTranscript {
  private readonly kept: AgentEvent[] = [];
  sessionId: string | null = null;

  /** `root`: the folder the run works in; the window is given the run only while that folder is open. */
  constructor(readonly root: string) {}

  add(event: AgentEvent): void {
    if (event.type === 'session_start') this.sessionId = event.sessionId;
    const last = this.kept.at(-1);
    if (event.type === 'text_delta' && last?.type === 'text_delta' && last.step === event.step) {
      this.kept[this.kept.length - 1] = { ...last, text: last.text + event.text };
      return;
    }
    if (event.type === 'tool_update' && last?.type === 'tool_update' && last.id === event.id) {
      this.kept[this.kept.length - 1] = { ...last, text: (last.text + event.text).slice(-LIVE_TEXT_MAX) };
      return;
    }
    this.kept.push(event);
  }

  events(): AgentEvent[] {
    return [...this.kept];
  }
}
