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
import type { SpeculationKind, TokenStats } from '../../shared/agent-events.js';
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
import {
  countsSince,
  createDraftPredictor,
  createLookupPredictor,
  draftMismatch,
  GatedPredictor,
  LOOKUP_BACKOFF,
  lookupEnabled,
  type PredictionCounts,
  type SpeculationOptions,
} from './speculation.js';
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
  /** Speculative decoding: prompt lookup (`auto` by default) or a draft model (see speculation.ts). */
  speculation?: SpeculationOptions;
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
  let draft: { model: LlamaModel; context?: LlamaContext } | undefined;
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
    let speculator: Speculator | undefined;
    const draftPath = options.speculation?.draftModelPath;
    if (draftPath !== undefined) {
      draft = await loadDraft(llama, draftPath, model, name, context.contextSize, options.signal);
      speculator = {
        kind: 'draft',
        predictor: new GatedPredictor(createDraftPredictor(draft.context!.getSequence())),
        draft,
      };
    } else if (
      lookupEnabled(options.speculation?.lookup ?? 'auto', llama.gpu === false ? 'cpu' : llama.gpu)
    ) {
      speculator = { kind: 'lookup', predictor: new GatedPredictor(createLookupPredictor(), LOOKUP_BACKOFF) };
    }
    return new LlamaAgentModel(
      modelPath,
      model,
      context,
      options.sampling,
      options.prefixCheckpoints ?? true,
      speculator,
    );
  } catch (error) {
    await draft?.context?.dispose();
    await draft?.model.dispose();
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

/** The predictor on the model's sequence, and the draft model it owns. */
interface Speculator {
  kind: SpeculationKind;
  predictor: GatedPredictor;
  draft?: { model: LlamaModel; context?: LlamaContext };
}

/**
 * Loads a draft for `target`: same tokenizer, a context as large as the model's. Throws ModelError
 * naming the draft (a missing or broken file, another tokenizer, too little memory).
 */
async function loadDraft(
  llama: Awaited<ReturnType<typeof getLlamaRuntime>>,
  draftPath: string,
  target: LlamaModel,
  targetName: string,
  contextSize: number,
  signal: AbortSignal | undefined,
): Promise<{ model: LlamaModel; context: LlamaContext }> {
  const resolved = path.resolve(draftPath);
  const name = path.basename(resolved);
  let model: LlamaModel | undefined;
  try {
    await checkModelFile(resolved, llama);
    model = await llama.loadModel({ modelPath: resolved, loadSignal: signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ModelError(
      error instanceof ModelError ? error.code : 'model_load_failed',
      `Could not load the draft model ${name}: ${detail} Pick another draft or run without one.`,
      { cause: error },
    );
  }
  const mismatch = draftMismatch(target, model);
  if (mismatch !== null) {
    await model.dispose();
    throw new ModelError(
      'model_load_failed',
      `${name} cannot draft for ${targetName}: ${mismatch}. A draft needs the model's tokenizer (a smaller ` +
        'model of the same family; the catalog pairs them). Pick another draft or run without one.',
    );
  }
  try {
    const context = await model.createContext({ contextSize, createSignal: signal });
    return { model, context };
  } catch (error) {
    await model.dispose();
    if (signal?.aborted) throw signal.reason;
    throw new ModelError(
      'model_load_failed',
      `The draft model ${name} needs its own ${contextSize}-token context, and it does not fit in memory ` +
        `(${error instanceof Error ? error.message : String(error)}). Run without the draft, or with a smaller context.`,
      { cause: error },
    );
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
    private readonly speculator?: Speculator,
  ) {
    this.id = path.basename(modelPath);
    this.contextSize = context.contextSize;
    this.sequence = context.getSequence(speculator ? { tokenPredictor: speculator.predictor } : {});
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

  /** The speculative decoding in use: lookup, a draft (its file name), or none. */
  get speculation(): { kind: SpeculationKind; draftModel?: string } | null {
    if (!this.speculator) return null;
    const draft = this.speculator.draft?.model.filename;
    return { kind: this.speculator.kind, ...(draft ? { draftModel: draft } : {}) };
  }

  /** Unloads: frees the context (KV cache) and the weights (RAM and VRAM), the draft's too. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.chat.dispose();
    await this.context.dispose();
    await this.speculator?.draft?.context?.dispose();
    await this.speculator?.draft?.model.dispose();
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
    const predictionsBefore = { ...this.sequence.tokenPredictions };
    // Evaluated tokens are metered, not inferred from the common prefix: where the KV state could not be
    // rolled back (sliding-window attention), the meter shows the re-evaluation.
    const measure = (prompt: number): TokenStats => {
      const ended = performance.now();
      const after = this.sequence.tokenMeter.getState();
      const evaluated = after.usedInputTokens - meterBefore.usedInputTokens;
      // The meter's output count also holds every guess a predictor had evaluated that was not kept
      // (measured: 102 for 54 with lookup): those are not generated tokens.
      const guesses = this.sequence.tokenPredictions;
      const discarded =
        guesses.refuted - predictionsBefore.refuted + (guesses.unused - predictionsBefore.unused);
      const generated = Math.max(0, after.usedOutputTokens - meterBefore.usedOutputTokens - discarded);
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
        ...(firstOutputAt !== undefined ? { firstTokenMs: Math.round(firstOutputAt - started) } : {}),
        ...this.speculationStats(predictionsBefore),
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

  private speculationStats(before: PredictionCounts): Pick<TokenStats, 'speculation'> {
    if (!this.speculator) return {};
    const counts = countsSince(before, this.sequence);
    if (counts.validated + counts.refuted === 0) return {};
    return { speculation: { kind: this.speculator.kind, ...counts } };
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
