// Our Message[] -> node-llama-cpp ChatHistoryItem[], shaped the way LlamaChatSession builds it, so the
// rendered prompt is what the model was trained to see and stays byte-identical from turn to turn.
import type {
  ChatHistoryItem,
  ChatModelFunctionCall,
  ChatModelResponse,
  LlamaTextJSON,
} from 'node-llama-cpp';
import { ModelError, type Message, type ToolCall } from './turn.js';

export interface HistoryOptions {
  /**
   * The call as generated (prefix, name, params, suffix), so its rendering matches the KV cache exactly.
   * Given the whole call: ids repeat across the runs of a resumed session, so an id alone is not enough.
   */
  rawCallFor: (call: ToolCall) => LlamaTextJSON | undefined;
  descriptionFor: (toolName: string) => string | undefined;
  /** The chat wrapper has parallel function calling: the first call of each batch starts a new chunk. */
  parallelCalls: boolean;
}

/** Rendered in place of a result that never came (the turn was stopped before the call ran). */
export const MISSING_RESULT = '(no result: the call was not run)';

/**
 * Deterministic: the same messages and options give an equal history. As in LlamaChatSession, everything
 * the assistant did after a user message (text, calls with their results, more text) is one model item.
 */
export function toChatHistory(messages: readonly Message[], options: HistoryOptions): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (message === undefined) continue;
    if (message.role === 'system') items.push({ type: 'system', text: message.content });
    else if (message.role === 'user') items.push({ type: 'user', text: message.content });
    else if (message.role === 'tool') {
      throw new ModelError(
        'generation_failed',
        `Tool result ${message.callId} does not follow a call of it.`,
      );
    } else {
      const results = new Map<string, string>();
      while (messages[i + 1]?.role === 'tool') {
        const result = messages[++i] as Extract<Message, { role: 'tool' }>;
        results.set(result.callId, result.content);
      }
      const response = currentModelResponse(items);
      if (message.content !== '') response.push(message.content);
      message.toolCalls.forEach((call, index) => {
        response.push(toFunctionCall(call, results, index === 0 && options.parallelCalls, options));
        results.delete(call.id);
      });
      const orphan = results.keys().next();
      if (orphan.done !== true) {
        throw new ModelError(
          'generation_failed',
          `Tool result ${orphan.value} does not follow a call of it.`,
        );
      }
    }
  }
  return items;
}

function currentModelResponse(items: ChatHistoryItem[]): ChatModelResponse['response'] {
  const last = items.at(-1);
  if (last?.type === 'model') return last.response;
  const item: ChatModelResponse = { type: 'model', response: [] };
  items.push(item);
  return item.response;
}

function toFunctionCall(
  call: ToolCall,
  results: ReadonlyMap<string, string>,
  startsNewChunk: boolean,
  options: HistoryOptions,
): ChatModelFunctionCall {
  // Same fields, same order as LlamaChatSession's addFunctionCallToChatHistory.
  const description = options.descriptionFor(call.name);
  const item: ChatModelFunctionCall = {
    type: 'functionCall',
    name: call.name,
    ...(description === undefined ? {} : { description }),
    params: call.args,
    result: results.get(call.id) ?? MISSING_RESULT,
  };
  const rawCall = options.rawCallFor(call);
  if (rawCall !== undefined) item.rawCall = rawCall;
  if (startsNewChunk) item.startsNewChunk = true;
  return item;
}

export interface LastEvaluation {
  /** The history the previous turn was given, plus what it generated. */
  cleanHistory: ChatHistoryItem[];
  /** What is loaded in the context sequence: equals cleanHistory unless a context shift dropped items. */
  contextWindow: ChatHistoryItem[];
}

/**
 * The previous context window with what `next` appended since the previous turn, as LlamaChatSession
 * keeps it (`lastEvaluationContextWindow`). Undefined when `next` does not extend the previous history:
 * LlamaChat then renders `next` in full and still reuses the common token prefix.
 */
export function extendContextWindow(
  last: LastEvaluation,
  next: readonly ChatHistoryItem[],
): ChatHistoryItem[] | undefined {
  const previous = last.cleanHistory;
  const lastIndex = previous.length - 1;
  const previousLast = previous[lastIndex];
  const nextAtLast = next[lastIndex];
  if (previousLast === undefined || nextAtLast === undefined) return undefined;
  for (let i = 0; i < lastIndex; i++) if (!same(previous[i], next[i])) return undefined;

  let appended: ChatModelResponse['response'] = [];
  if (previousLast.type === 'model' && nextAtLast.type === 'model') {
    // The previous turn's model item grows by the calls (with results) and any text after them.
    const head = nextAtLast.response.slice(0, previousLast.response.length);
    if (!same(head, previousLast.response)) return undefined;
    appended = nextAtLast.response.slice(previousLast.response.length);
  } else if (!same(previousLast, nextAtLast)) return undefined;

  const window = last.contextWindow.slice();
  if (appended.length > 0) {
    const windowLast = window.at(-1);
    if (windowLast?.type !== 'model') return undefined;
    window[window.length - 1] = { ...windowLast, response: [...windowLast.response, ...appended] };
  }
  return [...window, ...next.slice(previous.length)];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
