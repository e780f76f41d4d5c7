// The turn types: the model as the agent loop sees it (one streaming turn function), the messages and
// tool specs it takes. Every room that talks to a model imports these from here; the implementations
// (node-llama-cpp, the scripted model) sit next to this file.
import type { TokenStats } from '../../shared/agent-events.js';

/** A JSON schema subset that node-llama-cpp can turn into a grammar (GbnfJsonSchema compatible). */
export type ParamsSchema = Readonly<Record<string, unknown>>;

export interface ToolSpec {
  name: string;
  description: string;
  /** An object schema; every property present, optional ones typed as nullable. */
  parameters: ParamsSchema;
}

export interface ToolCall {
  /** Unique within a session (`c1`, `c2`, ...). */
  id: string;
  name: string;
  /** As produced by the model: not validated yet. */
  args: unknown;
}

export type Message =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls: readonly ToolCall[] }
  | { role: 'tool'; callId: string; name: string; content: string };

export interface TurnRequest {
  messages: readonly Message[];
  tools: readonly ToolSpec[];
  signal: AbortSignal;
  /** Streamed text as it is generated; only whole-turn results are ever acted on. */
  onTextDelta: (text: string) => void;
  /** Streamed text of tool-call arguments as they are generated (watched, never acted on). */
  onCallDelta?: (text: string) => void;
  /** `required` forces the turn to start with a tool call (grammar-constrained). Default `auto`. */
  toolChoice?: 'auto' | 'required';
  /** Cap on generated tokens for this turn. */
  maxTokens?: number;
  /** `summary`: a compaction request (no tools); a scripted model answers it without using a turn. */
  purpose?: 'agent' | 'summary';
}

export type FinishReason = 'stop' | 'tool_calls' | 'max_tokens' | 'cancelled';

export interface TurnResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  stats: TokenStats;
}

export interface AgentModel {
  /** A name for people: file name or script name. */
  readonly id: string;
  /** Context window in tokens. */
  readonly contextSize: number;
  /** One line for people on how the model is served, where that is not obvious (an engine's tool mode). */
  readonly about?: string;
  /** Throws ModelError on a model failure; resolves with finishReason `cancelled` when aborted. */
  turn(request: TurnRequest): Promise<TurnResult>;
  /** Tokens of `text` in the model's own tokenizer, where the model has one. */
  countTokens?(text: string): number;
  /** Tokens of the whole prompt these messages and tools render to (chat template included). */
  countPromptTokens?(messages: readonly Message[], tools: readonly ToolSpec[]): number;
  /** How this model calls a tool, written out (for telling a model that wrote a call as text). */
  callExample?(name: string, args: unknown): string;
  dispose(): Promise<void>;
}

export type ModelErrorCode =
  | 'model_not_found'
  | 'invalid_model_file'
  | 'model_load_failed'
  | 'generation_failed'
  | 'invalid_script'
  // An OpenAI-compatible engine (engine/):
  | 'invalid_server_url'
  | 'server_unreachable'
  | 'server_timeout'
  | 'server_unauthorized'
  | 'server_model_not_found'
  | 'context_too_small'
  | 'context_unknown'
  | 'rate_limited'
  | 'server_error';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelError';
  }
}

export function emptyStats(): TokenStats {
  return {
    promptTokens: 0,
    evaluatedTokens: 0,
    reusedTokens: 0,
    generatedTokens: 0,
    tokensPerSecond: 0,
    durationMs: 0,
  };
}
