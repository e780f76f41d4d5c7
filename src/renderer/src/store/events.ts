// Routes the main process's events into the store. Events are queued and applied once per animation
// frame (a timer covers a hidden window), in order, so a stream of tokens costs one render per frame.
import type { AgentEvent } from '../../../shared/agent-events';
import type { DesktopEvent } from '../../../shared/ipc';
import { subscribe } from '../api/client';
import type { AppState } from './types';

/** Longest wait for a flush when no frame comes (a hidden or throttled window). */
const FLUSH_FALLBACK_MS = 100;

function dispatch(state: AppState, events: readonly DesktopEvent[]): void {
  let agent: AgentEvent[] = [];
  const flushAgent = () => {
    if (agent.length > 0) state.applyAgentEvents(agent);
    agent = [];
  };
  for (const event of events) {
    if (event.type === 'agent') {
      agent.push(event.event);
      continue;
    }
    flushAgent();
    switch (event.type) {
      case 'approval':
        state.onApproval(event.request);
        break;
      case 'approval_closed':
        state.onApprovalClosed(event.requestId);
        break;
      case 'run_state':
        state.setRunState(event.running, event.sessionId);
        if (!event.running) void state.loadSessions();
        break;
      case 'tree':
        state.applyTreeEvent(event.changes);
        break;
      case 'watch_status':
        state.setWatch({ status: event.status, ...(event.message ? { message: event.message } : {}) });
        break;
      case 'download':
        state.onDownload(event.download);
        break;
      case 'model':
        state.onModelState(event.state);
        break;
      case 'mcp':
        state.onMcpOverview(event.overview);
        break;
      case 'restore':
        state.restoreWindow(event.state);
        break;
    }
  }
  flushAgent();
}

/** Subscribes the store to the main process; returns the unsubscribe function. */
export function connectEvents(getState: () => AppState): () => void {
  let queue: DesktopEvent[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length > 0) dispatch(getState(), batch);
  };
  const unsubscribe = subscribe((event) => {
    queue.push(event);
    if (timer === undefined) {
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, FLUSH_FALLBACK_MS);
    }
  });
  return () => {
    unsubscribe();
    flush();
  };
}
