// The chat as data, reduced from the agent's events in batches. An item that an event does not touch
// keeps its identity, so memoised item components re-render only when their own item changes.
import type {
  AgentEvent,
  CheckRun,
  StopReason,
  TokenStats,
  ToolResultDisplay,
  VerificationOutcome,
} from '../../../shared/agent-events';
import { Draft } from './chat-draft';

export type ToolStatus = 'running' | 'ok' | 'failed';

export type ChatItem =
  | {
      kind: 'session';
      id: string;
      sessionId: string;
      model: string;
      folder: string;
      time: string;
      /** The project's instruction files loaded into the model's prompt. */
      instructionFiles?: string[];
    }
  | { kind: 'user'; id: string; text: string; steering: boolean; pending: boolean }
  | { kind: 'assistant'; id: string; step: number; text: string; streaming: boolean }
  | {
      kind: 'tool';
      id: string;
      step: number;
      callId: string;
      name: string;
      args: unknown;
      status: ToolStatus;
      /** Live progress text while running (tool_update), capped to its tail. */
      live: string;
      output?: string;
      durationMs?: number;
      truncated: boolean;
      /** What the tool made for the window (an edit's diff, a command's exit code). */
      display?: ToolResultDisplay;
    }
  | ({ kind: 'stats'; id: string; step: number } & TokenStats)
  | { kind: 'notice'; id: string; level: 'info' | 'warning' | 'error'; title: string; text: string }
  | { kind: 'checks'; id: string; round: number; passed: boolean; checks: CheckRun[] }
  | {
      kind: 'stop';
      id: string;
      reason: StopReason;
      message: string;
      steps: number;
      verification?: VerificationOutcome;
    };

export interface ChatState {
  items: readonly ChatItem[];
  /** Item id -> position in `items` (items are only appended). */
  index: Readonly<Record<string, number>>;
  /** The session the current events belong to (keys assistant and tool items across runs). */
  run: string;
  /** Checkpoints seen minus turns undone: "Undo last turn" is offered while positive. */
  undoable: number;
  seq: number;
}

/** Longest live text kept per running tool card. */
export const LIVE_TEXT_MAX = 16_000;

export function emptyChat(): ChatState {
  return { items: [], index: {}, run: 'local', undoable: 0, seq: 0 };
}

/** A message the person sent, shown before the core confirms it (session_start or user_message). */
export function addPendingUserMessage(state: ChatState, text: string, steering: boolean): ChatState {
  const draft = new Draft(state);
  draft.push({ kind: 'user', id: draft.nextId('u'), text, steering, pending: true });
  return draft.done();
}

/** Drops a pending message whose send failed. */
export function dropPendingUserMessage(state: ChatState, text: string): ChatState {
  const at = findPending(state.items, text);
  if (at < 0) return state;
  const items = state.items.filter((_, i) => i !== at);
  const index: Record<string, number> = {};
  items.forEach((item, i) => (index[item.id] = i));
  return { ...state, items, index };
}

export function noteUndone(state: ChatState, restored: number): ChatState {
  const draft = new Draft(state);
  draft.undoable = Math.max(0, draft.undoable - 1);
  draft.push({
    kind: 'notice',
    id: draft.nextId('n'),
    level: 'info',
    title: 'Undone',
    text: `Last turn undone: ${restored} file${restored === 1 ? '' : 's'} restored.`,
  });
  return draft.done();
}

function findPending(items: readonly ChatItem[], text: string): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind === 'user' && item.pending && item.text === text) return i;
  }
  return -1;
}

function confirmUser(draft: Draft, text: string, steering: boolean): void {
  const at = findPending(draft.list, text);
  const pending = at >= 0 ? draft.list[at] : undefined;
  if (pending && pending.kind === 'user') draft.replace({ ...pending, pending: false, steering });
  else draft.push({ kind: 'user', id: draft.nextId('u'), text, steering, pending: false });
}

function finishStreaming(draft: Draft, step?: number): void {
  for (const item of draft.list) {
    if (item.kind === 'assistant' && item.streaming && (step === undefined || item.step === step)) {
      draft.replace({ ...item, streaming: false });
    }
  }
}

function formatTokens(n: number): string {
  return n.toLocaleString('en-US');
}

function applyEvent(draft: Draft, event: AgentEvent): void {
  const assistantId = (step: number) => `a:${draft.run}:${step}`;
  const toolId = (callId: string) => `t:${draft.run}:${callId}`;
  switch (event.type) {
    case 'session_start':
      // A resumed session's later runs count their steps and calls anew: keyed apart from the first.
      draft.run = event.run ? `${event.sessionId}#${event.run}` : event.sessionId;
      draft.push({
        kind: 'session',
        id: `s:${draft.run}`,
        sessionId: event.sessionId,
        model: event.model,
        folder: event.folder,
        time: event.time,
        ...(event.instructionFiles ? { instructionFiles: event.instructionFiles } : {}),
      });
      confirmUser(draft, event.task, false);
      return;
    case 'turn_start':
      return;
    case 'user_message':
      confirmUser(draft, event.text, event.steering);
      return;
    case 'text_delta': {
      const found = draft.find(assistantId(event.step));
      if (found?.kind === 'assistant') draft.replace({ ...found, text: found.text + event.text });
      // Whitespace before a tool call is not a message: no empty bubble.
      else if (event.text.trim() !== '') {
        draft.push({
          kind: 'assistant',
          id: assistantId(event.step),
          step: event.step,
          text: event.text,
          streaming: true,
        });
      }
      return;
    }
    case 'assistant_message': {
      const found = draft.find(assistantId(event.step));
      const item = {
        kind: 'assistant',
        id: assistantId(event.step),
        step: event.step,
        text: event.text,
        streaming: false,
      } as const;
      if (found) draft.replace(item);
      else draft.push(item);
      return;
    }
    case 'token_stats': {
      finishStreaming(draft, event.step);
      const { type: _type, ...stats } = event;
      draft.push({ kind: 'stats', id: draft.nextId('k'), ...stats });
      return;
    }
    case 'tool_call':
      draft.push({
        kind: 'tool',
        id: toolId(event.id),
        step: event.step,
        callId: event.id,
        name: event.name,
        args: event.args,
        status: 'running',
        live: '',
        truncated: false,
      });
      return;
    case 'tool_update': {
      const found = draft.find(toolId(event.id));
      if (found?.kind !== 'tool') return;
      const live = (found.live + event.text).slice(-LIVE_TEXT_MAX);
      draft.replace({ ...found, live });
      return;
    }
    case 'tool_result': {
      const found = draft.find(toolId(event.id));
      const base =
        found?.kind === 'tool'
          ? found
          : {
              kind: 'tool' as const,
              id: toolId(event.id),
              step: event.step,
              callId: event.id,
              name: event.name,
              args: undefined,
              live: '',
            };
      const item = {
        ...base,
        status: event.ok ? ('ok' as const) : ('failed' as const),
        output: event.output,
        durationMs: event.durationMs,
        truncated: event.truncated,
        ...(event.display ? { display: event.display } : {}),
      };
      if (found) draft.replace(item);
      else draft.push(item);
      return;
    }
    case 'warning':
      draft.push({
        kind: 'notice',
        id: draft.nextId('n'),
        level: 'warning',
        title: event.code,
        text: event.message,
      });
      return;
    case 'compaction': {
      const how = event.method === 'summarize' ? 'older turns summarised' : 'old tool outputs stubbed';
      draft.push({
        kind: 'notice',
        id: draft.nextId('n'),
        level: 'info',
        title: 'Context compacted',
        text: `${how}: ${formatTokens(event.tokensBefore)} → ${formatTokens(event.tokensAfter)} tokens`,
      });
      return;
    }
    case 'verification':
      draft.push({
        kind: 'checks',
        id: draft.nextId('v'),
        round: event.round,
        passed: event.passed,
        checks: event.checks,
      });
      return;
    case 'checkpoint':
      draft.undoable++;
      return;
    case 'stop':
      finishStreaming(draft);
      draft.push({
        kind: 'stop',
        id: draft.nextId('x'),
        reason: event.reason,
        message: event.message,
        steps: event.steps,
        ...(event.verification ? { verification: event.verification } : {}),
      });
      return;
  }
}

/** Applies a batch of events in order; returns `state` itself when nothing changed. */
export function reduceChat(state: ChatState, events: readonly AgentEvent[]): ChatState {
  if (events.length === 0) return state;
  const draft = new Draft(state);
  for (const event of events) applyEvent(draft, event);
  return draft.done();
}
