// A model served by an OpenAI-compatible engine, behind the same AgentModel port as the in-process
// GGUF: the loop, tools, budgets, stops and safety are the same. Turns stream; a call is acted on only
// once the turn has finished (a cut-off or cancelled call is dropped); the prompt is rendered as a pure
// function of the history (calls re-sent as the engine wrote them) so the engine's prompt cache serves
// each turn (llama-server `cache_prompt`), and the stats report the engine's own cached-token count.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { TokenStats } from '../../../shared/agent-events.js';
import {
  ModelError,
  type AgentModel,
  type FinishReason,
  type Message,
  type ToolCall,
  type ToolSpec,
  type TurnRequest,
  type TurnResult,
} from '../turn.js';
import { approxTokens } from '../../context/budget.js';
import { connectEngine, engineError, isAbort, type ConnectOptions, type EngineConnection } from './client.js';
import { probeEngine, type EngineInfo, type ProbeOptions } from './probe.js';
import { readStep, stepSchema, toEngineMessages, toEngineTools, writeStep, type ToolMode } from './prompt.js';
import { engineLabel, parseEngineSpec } from './spec.js';

/** Counts for budgets err on the large side of the calibrated estimate (the tokenizer varies by text). */
const COUNT_MARGIN = 1.1;
/** Per message: role markers and separators the chat template adds. */
const MESSAGE_OVERHEAD = 8;

export interface OpenEngineOptions extends ConnectOptions, Omit<ProbeOptions, 'signal'> {
  signal?: AbortSignal;
  sampling?: { temperature?: number; seed?: number };
}

/** Connects, probes and returns the model; throws ModelError with a code and what to do. */
export async function openEngineModel(
  specText: string,
  options: OpenEngineOptions = {},
): Promise<EngineModel> {
  const spec = parseEngineSpec(specText);
  const conn = connectEngine(spec, options);
  const info = await probeEngine(conn, options);
  return new EngineModel(conn, info, options.sampling);
}

interface LastPrompt {
  messages: readonly Message[];
  tokens: number;
}

export class EngineModel implements AgentModel {
  readonly id: string;
  readonly contextSize: number;
  /** Call arguments as the engine wrote them, by call id: re-sent byte for byte. */
  private readonly rawArgs = new Map<string, { name: string; json: string; raw: string }>();
  /** Schema mode: the step's whole text as the engine wrote it, by its call's id (whitespace and all). */
  private readonly rawSteps = new Map<string, { fingerprint: string; raw: string }>();
  private nextCallId = 1;
  private last: LastPrompt | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly conn: EngineConnection,
    readonly info: EngineInfo,
    /** Changed between eval repeats (a new seed); read at each turn. */
    public sampling: { temperature?: number; seed?: number } = {},
  ) {
    this.id = engineLabel(conn.spec, info.model);
    this.contextSize = info.contextSize;
    this.about = describeEngine(info);
  }

  readonly about: string;

  get toolMode(): ToolMode {
    return this.info.toolMode;
  }

  /** Budgets: the server's tokenizer's measured characters per token, with a margin; else the stand-in. */
  countTokens(text: string): number {
    if (text === '') return 0;
    const perToken = this.info.charsPerToken;
    return perToken === undefined ? approxTokens(text) : Math.ceil((text.length / perToken) * COUNT_MARGIN);
  }

  /** The last turn's real prompt size plus an estimate of what was appended; else the estimate of all. */
  countPromptTokens(messages: readonly Message[], tools: readonly ToolSpec[]): number {
    const last = this.last;
    if (last && last.messages.length <= messages.length && last.messages.every((m, i) => m === messages[i])) {
      return last.tokens + this.estimate(messages.slice(last.messages.length));
    }
    const toolTokens = tools.length > 0 ? this.countTokens(JSON.stringify(toEngineTools(tools))) : 0;
    return this.estimate(messages) + toolTokens;
  }

  callExample(name: string, args: unknown): string {
    return this.info.toolMode === 'native'
      ? JSON.stringify({ name, arguments: args })
      : writeStep(name, args);
  }

  turn(request: TurnRequest): Promise<TurnResult> {
    const result = this.queue.then(() => this.runTurn(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Aborts any request in flight. Nothing is loaded here: the engine keeps the model. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const controller of this.inFlight) controller.abort();
  }

  private estimate(messages: readonly Message[]): number {
    let n = 0;
    for (const m of messages) {
      n += this.countTokens(m.content) + MESSAGE_OVERHEAD;
      if (m.role === 'assistant') {
        for (const call of m.toolCalls)
          n += this.countTokens(`${call.name} ${JSON.stringify(call.args)}`) + 8;
      }
    }
    return n;
  }

  private async runTurn(request: TurnRequest): Promise<TurnResult> {
    if (this.disposed) throw new ModelError('generation_failed', `${this.id} was closed.`);
    const started = performance.now();
    let firstOutputAt: number | undefined;
    if (request.signal.aborted) return cancelled('', started, firstOutputAt);
    const mode = this.info.toolMode;
    const tools = request.tools;
    const required = request.toolChoice === 'required' && tools.length > 0;
    const messages = toEngineMessages(
      request.messages,
      tools,
      mode,
      (call) => {
        const kept = this.rawArgs.get(call.id);
        return kept && kept.name === call.name && kept.json === JSON.stringify(call.args)
          ? kept.raw
          : undefined;
      },
      (message) => {
        const first = message.toolCalls[0];
        const kept = first ? this.rawSteps.get(first.id) : undefined;
        return kept && kept.fingerprint === stepFingerprint(message) ? kept.raw : undefined;
      },
    );
    const body: Record<string, unknown> = {
      model: this.info.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: this.sampling.temperature ?? 0,
      ...(this.sampling.seed !== undefined ? { seed: this.sampling.seed } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      // llama-server: keep the KV cache of the common prefix (its default; said for older builds). Not
      // sent elsewhere: a strict API refuses a field it does not know.
      ...(this.info.kind === 'llama-server' ? { cache_prompt: true } : {}),
    };
    if (tools.length > 0 && mode === 'native') {
      body.tools = toEngineTools(tools);
      body.tool_choice = required ? 'required' : 'auto';
      body.parallel_tool_calls = true;
    } else if (tools.length > 0 && mode === 'schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: 'step', schema: stepSchema(tools, required), strict: true },
      };
    }

    const controller = new AbortController();
    const onAbort = () => controller.abort();
    request.signal.addEventListener('abort', onAbort, { once: true });
    this.inFlight.add(controller);
    let content = '';
    const calls = new Map<number, { name: string; args: string }>();
    let finish: string | null | undefined;
    let final: ChatCompletionChunk | undefined;
    const timings: {
      prompt_n?: number;
      cache_n?: number;
      predicted_n?: number;
      predicted_per_second?: number;
    } = {};
    // The SDK's timeout covers the wait for the answer's headers; a stream that then goes silent is
    // caught here: no chunk for the same time aborts the request as timed out.
    let stalled = false;
    let idle: NodeJS.Timeout | undefined;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, this.conn.timeoutMs);
    };
    try {
      const stream = await this.conn.client.chat.completions.create(body as never, {
        signal: controller.signal,
      });
      watch();
      for await (const chunk of stream as unknown as AsyncIterable<ChatCompletionChunk>) {
        watch();
        const extra = (chunk as { timings?: typeof timings }).timings;
        if (extra) Object.assign(timings, extra);
        if (chunk.usage) final = chunk;
        const choice = chunk.choices[0];
        if (!choice) continue;
        const delta = choice.delta as {
          content?: string | null;
          tool_calls?: ChatCompletionChunk.Choice.Delta.ToolCall[];
        };
        if (delta.content) {
          firstOutputAt ??= performance.now();
          content += delta.content;
          if (mode === 'schema' && tools.length > 0) request.onCallDelta?.(delta.content);
          else request.onTextDelta(delta.content);
        }
        for (const part of delta.tool_calls ?? []) {
          firstOutputAt ??= performance.now();
          const call = calls.get(part.index) ?? { name: '', args: '' };
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) {
            call.args += part.function.arguments;
            request.onCallDelta?.(part.function.arguments);
          }
          calls.set(part.index, call);
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      // The SDK's stream ends quietly when its request is aborted: a stall or a dispose is no answer.
      if (controller.signal.aborted) throw controller.signal.reason;
    } catch (error) {
      if (stalled && !request.signal.aborted) {
        this.last = undefined;
        throw new ModelError(
          'server_timeout',
          `${this.conn.spec.baseUrl} stopped sending in the middle of an answer (nothing for ` +
            `${Math.round(this.conn.timeoutMs / 1000)} s). The server may be stuck or out of memory; check its log.`,
        );
      }
      if (request.signal.aborted || (isAbort(error) && controller.signal.aborted)) {
        return cancelled(mode === 'schema' ? '' : content, started, firstOutputAt);
      }
      this.last = undefined;
      throw engineError(error, this.conn.spec, this.conn.redact);
    } finally {
      clearTimeout(idle);
      request.signal.removeEventListener('abort', onAbort);
      this.inFlight.delete(controller);
    }
    if (request.signal.aborted) return cancelled(mode === 'schema' ? '' : content, started, firstOutputAt);

    let text = content;
    let toolCalls: ToolCall[] = [];
    const cutOff = finish === 'length';
    if (mode === 'native') {
      // A call cut off by max_tokens is never acted on: its arguments are incomplete.
      if (!cutOff)
        toolCalls = [...calls.values()]
          .filter((c) => c.name !== '')
          .map((c) => this.keepCall(c.name, c.args));
    } else if (mode === 'schema' && tools.length > 0) {
      const step = cutOff ? null : readStep(content, tools);
      text = step ? step.text : content;
      if (step?.call) {
        toolCalls = [this.keepCall(step.call.name, step.call.args)];
        this.rawSteps.set(toolCalls[0]!.id, {
          fingerprint: stepFingerprint({ content: step.text, toolCalls }),
          raw: content,
        });
      }
      if (step && step.text !== '') request.onTextDelta(step.text);
    }
    const stats = this.stats(started, firstOutputAt, final, timings);
    this.last = { messages: request.messages, tokens: stats.promptTokens + stats.generatedTokens };
    const reason: FinishReason = toolCalls.length > 0 ? 'tool_calls' : cutOff ? 'max_tokens' : 'stop';
    return { text, toolCalls, finishReason: reason, stats };
  }

  /** A finished call with our id; its arguments parsed (unparsable text is passed on for the loop to reject). */
  private keepCall(name: string, argsText: string): ToolCall {
    const id = `c${this.nextCallId++}`;
    let args: unknown = argsText;
    try {
      args = argsText.trim() === '' ? {} : (JSON.parse(argsText) as unknown);
    } catch {
      // Left as text: the loop reports invalid arguments to the model.
    }
    this.rawArgs.set(id, { name, json: JSON.stringify(args), raw: argsText });
    return { id, name, args };
  }

  private stats(
    started: number,
    firstOutputAt: number | undefined,
    final: ChatCompletionChunk | undefined,
    timings: { prompt_n?: number; cache_n?: number; predicted_n?: number; predicted_per_second?: number },
  ): TokenStats {
    const ended = performance.now();
    const usage = final?.usage as
      | {
          prompt_tokens?: number;
          completion_tokens?: number;
          prompt_tokens_details?: { cached_tokens?: number };
        }
      | undefined;
    const cached = usage?.prompt_tokens_details?.cached_tokens ?? timings.cache_n;
    const prompt = usage?.prompt_tokens ?? (timings.prompt_n ?? 0) + (timings.cache_n ?? 0);
    const evaluated = timings.prompt_n ?? Math.max(0, prompt - (cached ?? 0));
    const generated = usage?.completion_tokens ?? timings.predicted_n ?? 0;
    const decodeSeconds = firstOutputAt === undefined ? 0 : (ended - firstOutputAt) / 1000;
    const rate =
      timings.predicted_per_second ??
      (generated > 1 && decodeSeconds > 0 ? (generated - 1) / decodeSeconds : 0);
    return {
      promptTokens: prompt,
      evaluatedTokens: evaluated,
      reusedTokens: cached ?? Math.max(0, prompt - evaluated),
      generatedTokens: generated,
      tokensPerSecond: Math.round(rate * 10) / 10,
      durationMs: Math.round(ended - started),
      ...(firstOutputAt !== undefined ? { firstTokenMs: Math.round(firstOutputAt - started) } : {}),
    };
  }
}

/** What an assistant step said and called: a kept raw step is re-sent only for the same step. */
function stepFingerprint(message: { content: string; toolCalls: readonly ToolCall[] }): string {
  return JSON.stringify([message.content, message.toolCalls.map((c) => [c.id, c.name, c.args])]);
}

/** `llama-server, 4096-token context (llama-server /props), tool calls: native, token counts: ...` */
export function describeEngine(info: EngineInfo): string {
  const tools = {
    native: "native (the server's tools API)",
    schema: 'JSON-schema constrained steps (the server has no tools API)',
    text: 'written as text and read back (the server constrains nothing)',
  }[info.toolMode];
  const counts =
    info.tokenCount === 'server'
      ? "the server's tokenizer (calibrated)"
      : 'approximate (the server has no tokenize endpoint)';
  return `${info.kind}, ${info.contextSize}-token context (${info.contextSource}), tool calls: ${tools}, token counts: ${counts}`;
}

function cancelled(text: string, started: number, firstOutputAt: number | undefined): TurnResult {
  return {
    text,
    toolCalls: [],
    finishReason: 'cancelled',
    stats: {
      promptTokens: 0,
      evaluatedTokens: 0,
      reusedTokens: 0,
      generatedTokens: 0,
      tokensPerSecond: 0,
      durationMs: Math.round(performance.now() - started),
      ...(firstOutputAt !== undefined ? { firstTokenMs: Math.round(firstOutputAt - started) } : {}),
    },
  };
}
