// Keeps the conversation inside the window, cheapest step first: (1) stub old tool outputs outside the
// protected recent window (the full text stays readable through its spill file); (2) have the model
// summarise older turns into a structured note, keeping the latest turns verbatim. The system prompt
// and the task are never touched. A compaction that does not shrink the prompt is rejected.
import type { AgentEvent } from '../../shared/agent-events.js';
import type { AgentModel, Message, ToolSpec, TurnRequest } from '../model/turn.js';
import type { Conversation } from './conversation.js';
import { buildSummaryRequest, SUMMARY_HEADER, SUMMARY_INSTRUCTION } from './summary-prompt.js';

/** Messages 0 and 1 (system prompt, task) are pinned. */
const PINNED = 2;
/** What a stubbed output starts with; stubs are never stubbed again. */
const STUB = /^\[\w+ output \(\d+ tokens\) removed to save context/;
/** Tool outputs shorter than this are left alone: a stub would save nothing. */
const STUB_MIN_TOKENS = 48;

export type FitResult = { ok: true; maxTokens: number } | { ok: false; message: string };

export interface FitDeps {
  model: AgentModel;
  /** The agent's tools, in their fixed order: a summary asked as a continuation keeps the cached prefix. */
  tools: readonly ToolSpec[];
  signal: AbortSignal;
  step: number;
  emit: (event: AgentEvent) => void;
}

/**
 * Tracks compactions across turns: repeated compactions that cannot bring the prompt under the
 * threshold end the run (named reason) instead of looping.
 */
export class ContextKeeper {
  private fruitless = 0;

  private readonly maxFruitless: number;
  private readonly compacts: boolean;

  /** `compact: false` never compacts: the run ends once the window is full (an ablation of the eval). */
  constructor(
    private readonly conversation: Conversation,
    options: { maxFruitless?: number; compact?: boolean } = {},
  ) {
    this.maxFruitless = options.maxFruitless ?? 3;
    this.compacts = options.compact ?? true;
  }

  /** Makes room for the next turn; returns the generation cap that still fits the window. */
  async fit(deps: FitDeps): Promise<FitResult> {
    const conv = this.conversation;
    const { window, reserve, compactAt, compactTo } = conv.budget;
    if (this.compacts && conv.estimate() > compactAt) {
      // Stubbing alone is enough when it leaves room for a few more turns; else summarise too.
      const enough = Math.floor((compactAt + compactTo) / 2);
      await compact(conv, deps, conv.budget.protectedRecent, enough);
      if (conv.estimate() > compactAt) {
        // Last resort before giving up: protect less of the recent conversation.
        await compact(conv, deps, Math.floor(conv.budget.protectedRecent / 4), enough);
      }
      this.fruitless = conv.estimate() > compactAt ? this.fruitless + 1 : 0;
    }
    const room = window - conv.estimate();
    if (room < Math.min(reserve, 256) || this.fruitless >= this.maxFruitless) {
      return {
        ok: false,
        message: `The conversation no longer fits the ${window}-token context window, even after compaction (${conv.estimate()} tokens). Start a new session with a narrower task, or load the model with a larger context.`,
      };
    }
    return { ok: true, maxTokens: Math.min(reserve, room) };
  }
}

/** Index where the protected tail starts: the latest messages within `protect` tokens, cut at an assistant message. */
export function protectedStart(conv: Conversation, protect: number): number {
  const list = conv.messages;
  let tokens = 0;
  let start = list.length;
  for (let i = list.length - 1; i >= PINNED; i--) {
    tokens += conv.messageTokens(list[i] as Message);
    if (tokens > protect) break;
    start = i;
  }
  // Never split an assistant message from its tool results: the tail starts at an assistant turn.
  while (start < list.length && list[start]?.role !== 'assistant') start++;
  return Math.max(PINNED, start);
}

async function compact(conv: Conversation, deps: FitDeps, protect: number, target: number): Promise<void> {
  const before = conv.estimate();
  const unstubbed = [...conv.messages];
  if (await stubToolOutputs(conv, protectedStart(conv, protect))) {
    const after = conv.estimate();
    if (after <= target) {
      deps.emit({
        type: 'compaction',
        step: deps.step,
        method: 'stub_tool_outputs',
        tokensBefore: before,
        tokensAfter: after,
      });
      return;
    }
    // Stubs alone are not enough, so a summary follows. Ask for it over the conversation as the model
    // last saw it (all in its KV cache), not over freshly stubbed text it would have to evaluate again.
    conv.replace(0, conv.messages.length, unstubbed);
  }
  await summarize(conv, deps, protectedStart(conv, protect));
  const summarized = conv.estimate();
  if (summarized > target && (await stubToolOutputs(conv, protectedStart(conv, protect)))) {
    deps.emit({
      type: 'compaction',
      step: deps.step,
      method: 'stub_tool_outputs',
      tokensBefore: summarized,
      tokensAfter: conv.estimate(),
    });
  }
}

async function stubToolOutputs(conv: Conversation, end: number): Promise<boolean> {
  const list = conv.messages;
  let changed = false;
  for (let i = PINNED; i < end; i++) {
    const message = list[i] as Message;
    if (
      message.role !== 'tool' ||
      STUB.test(message.content) ||
      conv.messageTokens(message) < STUB_MIN_TOKENS
    ) {
      continue;
    }
    const where = await conv.spill(message.callId, message.content);
    const stub = `[${message.name} output (${conv.countTokens(message.content)} tokens) removed to save context${
      where ? `; full output: read_file ${where}` : '; call the tool again if you need it'
    }]`;
    conv.replace(i, i + 1, [{ ...message, content: stub }]);
    changed = true;
  }
  return changed;
}

async function summarize(conv: Conversation, deps: FitDeps, end: number): Promise<void> {
  if (end <= PINNED) return;
  const before = conv.estimate();
  const note = await writeNote(conv, deps, end);
  if (note === undefined) return;
  // The note joins the pinned task message, so no two user messages stand side by side.
  const task = conv.messages[1]?.content ?? '';
  const base = task.includes(SUMMARY_HEADER) ? task.slice(0, task.indexOf(SUMMARY_HEADER)).trimEnd() : task;
  const saved = [...conv.messages];
  conv.replace(1, end, [{ role: 'user', content: `${base}\n\n${SUMMARY_HEADER}\n${note}` }]);
  const after = conv.estimate();
  if (after >= before) {
    conv.replace(0, conv.messages.length, saved); // rejected: it did not shrink the prompt
    return;
  }
  deps.emit({
    type: 'compaction',
    step: deps.step,
    method: 'summarize',
    tokensBefore: before,
    tokensAfter: after,
  });
}

/**
 * Asks the model for the note. First as a continuation of the conversation itself (same system prompt,
 * same tools, one more user message): the model has every earlier turn in its KV cache, so only the
 * request is evaluated, and the compacted prompt that follows still shares the cached system prompt and
 * task. Where that would not fit the window, or the model answers with a call instead of a note, a
 * separate request with a clipped transcript of the older turns is used.
 */
async function writeNote(conv: Conversation, deps: FitDeps, end: number): Promise<string | undefined> {
  const maxTokens = Math.min(1024, Math.floor(conv.budget.window * 0.15));
  const instructionTokens = conv.countTokens(SUMMARY_INSTRUCTION) + 16;
  const attempts: Array<Pick<TurnRequest, 'messages' | 'tools'>> = [];
  if (conv.estimate() + instructionTokens + maxTokens <= conv.budget.window) {
    attempts.push({
      messages: [...conv.messages, { role: 'user', content: SUMMARY_INSTRUCTION }],
      tools: deps.tools,
    });
  }
  attempts.push({ messages: buildSummaryRequest(conv.messages.slice(PINNED, end), conv), tools: [] });
  for (const attempt of attempts) {
    try {
      const result = await deps.model.turn({
        ...attempt,
        signal: deps.signal,
        onTextDelta: () => {},
        maxTokens,
        purpose: 'summary',
      });
      if (result.finishReason === 'cancelled') return undefined;
      const note = result.text.trim();
      if (note !== '' && result.toolCalls.length === 0) return note;
    } catch {
      // A failed summary is a compaction that made no progress, not the end of the run.
    }
  }
  return undefined;
}
