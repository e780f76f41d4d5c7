// The conversation as the model sees it, kept within token budgets. Append-only between compactions,
// so the rendered prompt only grows at the end and the KV cache prefix is reused. The system prompt and
// the first user message (the task) are pinned: compaction never removes them.
import type { Message, ToolCall, ToolSpec } from '../model/turn.js';
import type { ContextBudget } from './budget.js';
import { omissionMarker, shapeOutput } from './shape-output.js';
import { SPILL_PREFIX } from './spill.js';
import { spillBudgetFor } from '../workspace/spill-budget.js';

/** Template tokens around one message (role markers, separators); errs high on purpose. */
const MESSAGE_OVERHEAD = 10;
/** Slack on every estimate: the tokenizer may merge differently across message boundaries. */
const ESTIMATE_MARGIN = 0.02;

export interface ConversationOptions {
  system: string;
  /** The task, with whatever standing context goes with it (repository map). */
  task: string;
  tools: readonly ToolSpec[];
  budget: ContextBudget;
  countTokens: (text: string) => number;
  /** Where full tool outputs are kept when they are shaped; none means nothing is spilled. */
  spillDir?: string;
  /**
   * False: a long tool output is only cut at its budget, head kept, without a marker or spill file
   * (what a harness without output shaping does; an ablation of the eval). Default true.
   */
  shapeOutputs?: boolean;
  /**
   * The messages an earlier run ended with (a resumed session): kept from the pinned task on, so the
   * rendered prompt repeats the cached one. The system prompt is `system`, which may have changed.
   */
  history?: readonly Message[];
}

export interface ShapedResult {
  content: string;
  truncated: boolean;
}

export class Conversation {
  private list: Message[];
  private readonly sizes = new WeakMap<Message, number>();
  /** The last prompt size the model measured, and how many messages it covered. */
  private anchor: { length: number; tokens: number } | undefined;
  private readonly toolsTokens: number;
  /** Call id -> the spill file written for it. */
  private readonly spilled = new Map<string, string>();

  constructor(private readonly options: ConversationOptions) {
    const pinned: Message = { role: 'system', content: options.system };
    this.list = options.history
      ? [pinned, ...options.history.slice(1)]
      : [pinned, { role: 'user', content: options.task }];
    this.toolsTokens = options.countTokens(JSON.stringify(options.tools)) + 64;
  }

  get messages(): readonly Message[] {
    return this.list;
  }

  get budget(): ContextBudget {
    return this.options.budget;
  }

  get spillDir(): string | undefined {
    return this.options.spillDir;
  }

  countTokens(text: string): number {
    return this.options.countTokens(text);
  }

  push(message: Message): void {
    this.list.push(message);
  }

  pushAssistant(content: string, toolCalls: readonly ToolCall[]): void {
    this.list.push({ role: 'assistant', content, toolCalls });
  }

  pushUser(content: string): void {
    this.list.push({ role: 'user', content });
  }

  /**
   * Caps a tool result to the budget (head and tail kept) and spills the full text to a file, or points
   * at `spilled`, a file in the spill folder the tool already wrote with its whole output.
   */
  async pushToolResult(
    call: ToolCall,
    output: string,
    note?: string,
    spilled?: string,
  ): Promise<ShapedResult> {
    const shaped = await this.shape(call.id, output, this.options.budget.toolResult, spilled);
    // A note from the harness (a loop warning) is appended after shaping, so it is never cut.
    const content = note ? `${shaped.content}\n${note}` : shaped.content;
    this.list.push({ role: 'tool', callId: call.id, name: call.name, content });
    return { content, truncated: shaped.truncated };
  }

  /** Records the prompt size the model reported for a turn over the first `length` messages. */
  calibrate(promptTokens: number, length: number): void {
    if (promptTokens > 0) this.anchor = { length, tokens: promptTokens };
  }

  /** Estimated prompt tokens for the conversation as it stands, tool definitions included. */
  estimate(): number {
    let total: number;
    if (this.anchor && this.anchor.length <= this.list.length) {
      total = this.anchor.tokens + this.sumTokens(this.anchor.length, this.list.length);
    } else {
      total = this.toolsTokens + this.sumTokens(0, this.list.length);
    }
    return Math.ceil(total * (1 + ESTIMATE_MARGIN));
  }

  messageTokens(message: Message): number {
    let size = this.sizes.get(message);
    if (size === undefined) {
      size = this.options.countTokens(message.content) + MESSAGE_OVERHEAD;
      if (message.role === 'assistant') {
        for (const call of message.toolCalls) {
          size += this.options.countTokens(`${call.name} ${JSON.stringify(call.args)}`) + MESSAGE_OVERHEAD;
        }
      }
      this.sizes.set(message, size);
    }
    return size;
  }

  /** Replaces messages [start, end) (compaction). Earlier text changes, so the measured anchor is dropped. */
  replace(start: number, end: number, replacement: readonly Message[]): void {
    this.list = [...this.list.slice(0, start), ...replacement, ...this.list.slice(end)];
    this.anchor = undefined;
  }

  /** Writes the full text of a tool result to the spill folder once; returns its read_file path. */
  async spill(callId: string, text: string): Promise<string | undefined> {
    const dir = this.options.spillDir;
    if (!dir) return undefined;
    let name = this.spilled.get(callId);
    if (name === undefined) {
      // The folder's one budget; a name an earlier run of the session used gets a free variant.
      name = await spillBudgetFor(dir).write(`${callId.replace(/[^\w.-]/g, '_')}.txt`, text);
      if (name === undefined) return undefined;
      this.spilled.set(callId, name);
    }
    return `${SPILL_PREFIX}${name}`;
  }

  private sumTokens(from: number, to: number): number {
    let sum = 0;
    for (let i = from; i < to; i++) sum += this.messageTokens(this.list[i] as Message);
    return sum;
  }

  private async shape(callId: string, text: string, cap: number, spilled?: string): Promise<ShapedResult> {
    const count = this.options.countTokens;
    const tokens = count(text);
    if (tokens <= cap) return { content: text, truncated: false };
    if (this.options.shapeOutputs === false) {
      let chars = Math.floor((text.length * cap) / tokens);
      while (chars > 0 && count(text.slice(0, chars)) > cap) chars = Math.floor(chars * 0.9);
      return { content: text.slice(0, chars), truncated: true };
    }
    const where =
      spilled && this.options.spillDir ? `${SPILL_PREFIX}${spilled}` : await this.spill(callId, text);
    const pointer = where ? `; full output: read_file ${where}` : '';
    // Characters per token vary with the text; shrink until the token count fits.
    let chars = Math.floor((text.length * cap) / tokens);
    for (let attempt = 0; attempt < 6; attempt++) {
      const shaped = shapeOutput(text, chars);
      const marker = omissionMarker(shaped.omittedLines, shaped.omittedChars);
      const content = shaped.text.replace(marker, `${marker.slice(0, -5)}${pointer} ...]`);
      if (count(content) <= cap || chars < 40) return { content, truncated: true };
      chars = Math.floor(chars * 0.8);
    }
    return { content: `[output of ${tokens} tokens omitted${pointer}]`, truncated: true };
  }
}
