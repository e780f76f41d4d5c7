// The real model: a GGUF through node-llama-cpp's stateless LlamaChat over one context sequence kept for
// the model's life. The loop owns the history and passes it whole each turn; the rendered prompt is
// append-only, so each turn evaluates only the tokens after the common prefix already in the KV cache.
import path from 'node:path';
import {
  InsufficientMemoryError,
  LlamaChat,
  LlamaText,
  type ChatHistoryItem,
  type ChatModelFunctions,
  type ChatWrapper,
  type LlamaChatResponse,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type LlamaTextJSON,
  type Token,
} from 'node-llama-cpp';
import {
  ModelError,
  type AgentModel,
  type FinishReason,
  type Message,
  type ToolSpec,
  type TurnRequest,
  type TurnResult,
} from './turn.js';
import type { TokenStats } from '../../shared/agent-events.js';
import { extendContextWindow, toChatHistory, type LastEvaluation } from './chat-history.js';
import { getLlamaRuntime } from './llama-runtime.js';
import type { ContextBounds } from './fit.js';
import {
  contextBounds,
  contextSizeOption,
  insufficientMemoryMessage,
  isOutOfMemory,
} from './load-options.js';
import { checkModelFile } from './model-file.js';
import { createToolChoiceWrapper, type ToolChoiceWrapper } from './tool-choice.js';
import { resolveAgentChatWrapper, toFunctions } from './wrapper-settings.js';

/** Prompt tokens a prefix checkpoint evaluates between two looks at the cancel signal. */
const CHECKPOINT_CHUNK = 256;

export interface LoadLlamaModelOptions {
  modelPath: string;
  /**
   * Tokens. A number asks for that size (clamped to the model's train context, fitted down to 2048 if
   * memory is short); bounds `{min, max}` take the largest size in range that fits (default 2048..8192,
   * max capped by the train context); `auto` lets node-llama-cpp fit to memory.
   */
  contextSize?: number | 'auto' | Partial<ContextBounds>;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /** 0..1 */
  onLoadProgress?: (progress: number) => void;
  /** Sampling: default greedy (temperature 0). A seed makes a non-zero temperature reproducible. */
  sampling?: Sampling;
  /**
   * Checkpoint the KV state at the end of each new prompt prefix where the model needs it (sliding-window
   * attention: Gemma 3): a compaction then re-evaluates from there, not from the start. Default true.
   */
  prefixCheckpoints?: boolean;
}

export interface Sampling {
  temperature?: number;
  seed?: number;
}

/** Throws ModelError: model_not_found, invalid_model_file or model_load_failed (with what to change). */
export async function loadLlamaModel(options: LoadLlamaModelOptions): Promise<LlamaAgentModel> {
  const modelPath = path.resolve(options.modelPath);
  const name = path.basename(modelPath);
  let model: LlamaModel | undefined;
  let stage: 'model' | 'context' = 'model';
  const bounds = contextBounds(options.contextSize);
  try {
    const llama = await getLlamaRuntime();
    await checkModelFile(modelPath, llama);
    options.signal?.throwIfAborted();
    // gpuLayers 'auto' (the default) offloads as many layers as fit while leaving room for the context.
    model = await llama.loadModel({
      modelPath,
      loadSignal: options.signal,
      onLoadProgress: options.onLoadProgress,
    });
    stage = 'context';
    const context = await model.createContext({
      contextSize: contextSizeOption(options.contextSize, bounds, model.trainContextSize),
      createSignal: options.signal,
    });
    return new LlamaAgentModel(
      modelPath,
      model,
      context,
      options.sampling,
      options.prefixCheckpoints ?? true,
    );
  } catch (error) {
    await model?.dispose();
    if (error instanceof ModelError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof InsufficientMemoryError || isOutOfMemory(error)) {
      throw new ModelError('model_load_failed', insufficientMemoryMessage(name, stage, bounds), {
        cause: error,
      });
    }
    const text = `Could not load ${name}: ${error instanceof Error ? error.message : String(error)}.`;
    throw new ModelError('model_load_failed', text, { cause: error });
  }
}

interface Evaluation extends LastEvaluation {
  contextShiftMetadata: object | null | undefined;
}

export class LlamaAgentModel implements AgentModel {
  readonly id: string;
  readonly contextSize: number;
  /** Name of the chat wrapper resolved from the GGUF (its chat template or metadata). */
  readonly chatWrapperName: string;
  private readonly sequence: LlamaContextSequence;
  private readonly baseWrapper: ChatWrapper;
  private readonly toolChoice: ToolChoiceWrapper;
  private readonly chat: LlamaChat;
  /**
   * Raw generated text of each call by id: re-rendered calls then match the KV cache byte for byte. Used
   * only for the call it was generated for: a resumed session holds calls of another model's c1, c2...
   */
  private readonly rawCalls = new Map<string, { name: string; args: string; raw: LlamaTextJSON }>();
  private nextCallId = 1;
  private last: Evaluation | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly modelPath: string,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    /** Changed between eval repeats (a new seed); read at each turn. */
    public sampling: Sampling = {},
    private readonly prefixCheckpoints = true,
  ) {
    this.id = path.basename(modelPath);
    this.contextSize = context.contextSize;
    this.sequence = context.getSequence();
    this.baseWrapper = resolveAgentChatWrapper(model);
    this.chatWrapperName = this.baseWrapper.wrapperName;
    this.toolChoice = createToolChoiceWrapper(this.baseWrapper);
    this.chat = new LlamaChat({ contextSequence: this.sequence, chatWrapper: this.toolChoice.wrapper });
  }

  /** Tokens of `text` in this model's tokenizer (for budgets). */
  countTokens(text: string): number {
    return this.model.tokenize(text).length;
  }

  /** Tokens of the whole first-turn prompt, as this model's chat template renders it. */
  countPromptTokens(messages: readonly Message[], tools: readonly ToolSpec[]): number {
    return this.renderPrompt(this.toHistory(messages, tools), toFunctions(tools)).length;
  }

  /** The messages as node-llama-cpp's chat history, calls as this model wrote them where it did. */
  private toHistory(messages: readonly Message[], tools: readonly ToolSpec[]): ChatHistoryItem[] {
    return toChatHistory(messages, {
      rawCallFor: (call) => {
        const kept = this.rawCalls.get(call.id);
        return kept?.name === call.name && kept.args === JSON.stringify(call.args) ? kept.raw : undefined;
      },
      descriptionFor: (name) => tools.find((tool) => tool.name === name)?.description,
      parallelCalls: this.baseWrapper.settings.functions.parallelism != null,
    });
  }

  /** A call as this model's chat wrapper writes it (its native syntax, or node-llama-cpp's fallback). */
  callExample(name: string, args: unknown): string {
    return LlamaText(this.baseWrapper.generateFunctionCall(name, args)).toString();
  }

  /** Turns run one at a time, in call order: they share one context sequence. */
  turn(request: TurnRequest): Promise<TurnResult> {
    const result = this.queue.then(() => this.runTurn(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** False once unloaded. */
  get loaded(): boolean {
    return !this.disposed;
  }

  /** Unloads: frees the context (KV cache) and the weights (RAM and VRAM). Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.chat.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }

  private async runTurn(request: TurnRequest): Promise<TurnResult> {
    if (this.disposed) throw new ModelError('generation_failed', `${this.id} was unloaded; load it again.`);
    const started = performance.now();
    let streamed = '';
    let firstOutputAt: number | undefined;
    const markOutput = (): void => {
      firstOutputAt ??= performance.now();
    };
    const meterBefore = this.sequence.tokenMeter.getState();
    // Evaluated tokens are metered, not inferred from the common prefix: where the KV state could not be
    // rolled back (sliding-window attention), the meter shows the re-evaluation.
    const measure = (prompt: number): TokenStats => {
      const ended = performance.now();
      const after = this.sequence.tokenMeter.getState();
      const generated = after.usedOutputTokens - meterBefore.usedOutputTokens;
      const evaluated = after.usedInputTokens - meterBefore.usedInputTokens;
      return {
        promptTokens: prompt,
        evaluatedTokens: evaluated,
        reusedTokens: Math.max(0, prompt - evaluated),
        generatedTokens: generated,
        tokensPerSecond: rate(
          firstOutputAt === undefined ? generated : generated - 1,
          firstOutputAt ?? started,
          ended,
        ),
        durationMs: Math.round(ended - started),
      };
    };
    if (request.signal.aborted)
      return { text: '', toolCalls: [], finishReason: 'cancelled', stats: measure(0) };

    const functions = toFunctions(request.tools);
    const history = this.toHistory(request.messages, request.tools);
    const window = this.last === undefined ? undefined : extendContextWindow(this.last, history);
    const prompt = this.renderPrompt(window ?? history, functions);
    // LlamaChat keeps the common prefix and always evaluates at least the last prompt token.
    const reused = Math.min(
      this.sequence.compareContextTokens(prompt).firstDifferentIndex,
      Math.max(0, prompt.length - 1),
    );

    let response: LlamaChatResponse<ChatModelFunctions>;
    this.toolChoice.setRequired(request.toolChoice === 'required' && functions !== undefined);
    try {
      if (window === undefined && this.prefixCheckpoints && this.sequence.needsCheckpoints) {
        await this.checkpointPrompt(prompt, reused, this.pinnedEnd(history, functions), request.signal);
      }
      response = await this.chat.generateResponse<ChatModelFunctions>(history, {
        functions,
        documentFunctionParams: true,
        maxTokens: request.maxTokens,
        ...(this.sampling.temperature !== undefined ? { temperature: this.sampling.temperature } : {}),
        ...(this.sampling.seed !== undefined ? { seed: this.sampling.seed } : {}),
        signal: request.signal,
        stopOnAbortSignal: true,
        onTextChunk: (chunk) => {
          markOutput();
          streamed += chunk;
          request.onTextDelta(chunk);
        },
        onFunctionCallParamsChunk: (chunk) => {
          markOutput();
          request.onCallDelta?.(chunk.paramsChunk);
        },
        lastEvaluationContextWindow: { history: window, minimumOverlapPercentageToPreventContextShift: 0.5 },
        contextShift: { lastEvaluationMetadata: this.last?.contextShiftMetadata },
      });
    } catch (error) {
      this.last = undefined;
      if (request.signal.aborted) {
        return {
          text: streamed,
          toolCalls: [],
          finishReason: 'cancelled',
          stats: measure(prompt.length),
        };
      }
      const detail = error instanceof Error ? error.message : String(error);
      throw new ModelError('generation_failed', `Generation failed in ${this.id}: ${detail}`, {
        cause: error,
      });
    } finally {
      this.toolChoice.setRequired(false);
    }

    this.last = {
      cleanHistory: response.lastEvaluation.cleanHistory,
      contextWindow: response.lastEvaluation.contextWindow,
      contextShiftMetadata: response.lastEvaluation.contextShiftMetadata,
    };
    const toolCalls = (response.functionCalls ?? []).map((call) => {
      const id = `c${this.nextCallId++}`;
      this.rawCalls.set(id, { name: call.functionName, args: JSON.stringify(call.params), raw: call.raw });
      return { id, name: call.functionName, args: call.params as unknown };
    });
    return {
      text: response.response,
      toolCalls,
      finishReason: finishReason(response.metadata.stopReason, toolCalls.length > 0),
      stats: measure(prompt.length),
    };
  }

  /**
   * A new prefix (first turn, or a compaction rewrote history): evaluate it up to where the pinned part
   * (system prompt, tools, task) ends, and checkpoint there. With sliding-window attention the KV state
   * cannot be rolled back far, so without this a compaction, which rewrites everything after the task,
   * re-evaluates the whole prompt (measured: bench/swa-reuse.ts).
   */
  private async checkpointPrompt(
    prompt: Token[],
    reused: number,
    pinnedEnd: number,
    signal: AbortSignal,
  ): Promise<void> {
    const end = Math.min(pinnedEnd, prompt.length - 1);
    if (end <= reused) return;
    if (this.sequence.nextTokenIndex > reused) {
      await this.sequence.eraseContextTokenRanges([{ start: reused, end: this.sequence.nextTokenIndex }]);
    }
    // In chunks, so a cancel is seen within one chunk's evaluation (this call takes no signal).
    while (this.sequence.nextTokenIndex < end) {
      if (signal.aborted) return;
      const from = this.sequence.nextTokenIndex;
      await this.sequence.evaluateWithoutGeneratingNewTokens(
        prompt.slice(from, Math.min(end, from + CHECKPOINT_CHUNK)),
      );
    }
    await this.sequence.takeCheckpoint();
  }

  /** Tokens of the rendered prompt that stay the same whatever follows the first user message. */
  private pinnedEnd(history: ChatHistoryItem[], functions: ChatModelFunctions | undefined): number {
    const first = history.findIndex((item) => item.type === 'user');
    if (first < 0) return 0;
    const pinned = history.slice(0, first + 1);
    const a = this.renderPrompt(pinned, functions);
    const b = this.renderPrompt([...pinned, { type: 'user', text: '\u2026' }], functions);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  }

  /** The prompt tokens as LlamaChat renders them (history ending with an open model response). */
  private renderPrompt(history: ChatHistoryItem[], functions: ChatModelFunctions | undefined): Token[] {
    const chatHistory: ChatHistoryItem[] =
      history.at(-1)?.type === 'model' ? history : [...history, { type: 'model', response: [] }];
    const { contextText } = this.baseWrapper.generateContextState({
      chatHistory,
      availableFunctions: functions,
      documentFunctionParams: true,
    });
    return contextText.tokenize(this.model.tokenizer);
  }
}

function finishReason(
  stopReason: LlamaChatResponse['metadata']['stopReason'],
  hasToolCalls: boolean,
): FinishReason {
  if (hasToolCalls) return 'tool_calls';
  if (stopReason === 'maxTokens') return 'max_tokens';
  if (stopReason === 'abort') return 'cancelled';
  return 'stop';
}

function rate(tokens: number, from: number, to: number): number {
  const seconds = (to - from) / 1000;
  return tokens > 0 && seconds > 0 ? Math.round((tokens / seconds) * 10) / 10 : 0;
}
