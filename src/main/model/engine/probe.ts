// One look at the engine before the first turn: which model, how large its context really is, how it
// takes tool calls, and whether it counts tokens. Each engine says its context in its own place:
// llama-server /props, vLLM's /v1/models (max_model_len), LM Studio /api/v0/models, Ollama /api/ps and
// /api/show. When none says, the person's setting is used; never a silent default.
import { ModelError } from '../turn.js';
import { engineError, isAbort, type EngineConnection } from './client.js';
import type { ToolMode } from './prompt.js';

export type EngineKind = 'llama-server' | 'ollama' | 'lm-studio' | 'vllm' | 'openai-compatible';

export interface EngineInfo {
  kind: EngineKind;
  model: string;
  /** Tokens per request the server gives this model. */
  contextSize: number;
  /** Where contextSize came from, for people ("llama-server /props", "your setting"). */
  contextSource: string;
  toolMode: ToolMode;
  /** How tokens are counted for budgets: the server's tokenizer (calibrated), or the approximation. */
  tokenCount: 'server' | 'approximate';
  /** Characters per token measured with the server's tokenizer on a code and prose sample. */
  charsPerToken?: number;
}

export interface ProbeOptions {
  /** The person's context size: used when the server does not say, and as a cap when it does. */
  contextSize?: number;
  /** Skip the tool probe. */
  toolMode?: ToolMode;
  signal?: AbortSignal;
}

/** The smallest window the harness works in (fixed prompt, a few turns, the answer's reserve). */
export const MIN_ENGINE_CONTEXT = 2048;

/** Throws ModelError with a code and what to do. */
export async function probeEngine(conn: EngineConnection, options: ProbeOptions = {}): Promise<EngineInfo> {
  const { spec } = conn;
  const listed = await listModels(conn, options.signal);
  const model = pickModel(
    listed.map((m) => m.id),
    spec.model,
    spec.baseUrl,
  );
  const entry = listed.find((m) => m.id === model);
  const found = await serverContext(conn, model, entry, options.signal);
  let contextSize = found?.size ?? options.contextSize;
  let contextSource = found?.source ?? 'your setting';
  if (contextSize === undefined) {
    throw new ModelError(
      'context_unknown',
      `${spec.baseUrl} does not say how large ${model}'s context window is. Give it with --context-size ` +
        '(the size the server was started with), so budgets match what the server keeps.',
    );
  }
  if (found && options.contextSize !== undefined && options.contextSize < found.size) {
    contextSize = options.contextSize;
    contextSource = `your setting (the server allows ${found.size})`;
  }
  if (contextSize < MIN_ENGINE_CONTEXT) {
    throw new ModelError(
      'context_too_small',
      `${model} on ${spec.baseUrl} has a ${contextSize}-token context (${contextSource}); the agent needs at ` +
        `least ${MIN_ENGINE_CONTEXT}. Start the server with a larger context (llama-server -c 8192, Ollama ` +
        'OLLAMA_CONTEXT_LENGTH=8192).',
    );
  }
  const kind = found?.kind ?? 'openai-compatible';
  const toolMode = options.toolMode ?? (await probeToolMode(conn, model, options.signal));
  const charsPerToken = await measureTokenizer(conn, model, options.signal);
  return {
    kind,
    model,
    contextSize,
    contextSource,
    toolMode,
    tokenCount: charsPerToken === undefined ? 'approximate' : 'server',
    ...(charsPerToken !== undefined ? { charsPerToken } : {}),
  };
}

interface ListedModel {
  id: string;
  max_model_len?: unknown;
}

export async function listModels(
  conn: EngineConnection,
  signal: AbortSignal | undefined,
): Promise<ListedModel[]> {
  try {
    const page = await conn.client.models.list({ signal });
    return page.data as unknown as ListedModel[];
  } catch (error) {
    if (isAbort(error) && signal?.aborted) throw signal.reason;
    throw engineError(error, conn.spec, conn.redact);
  }
}

function pickModel(ids: string[], wanted: string | undefined, where: string): string {
  const list = ids.length > 0 ? ids.slice(0, 12).join(', ') + (ids.length > 12 ? ', ...' : '') : 'none';
  if (wanted !== undefined) {
    if (ids.includes(wanted)) return wanted;
    throw new ModelError(
      'server_model_not_found',
      `${where} has no model "${wanted}". It lists: ${list}. Name one after # (openai:URL#model).`,
    );
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) {
    throw new ModelError('server_model_not_found', `${where} lists no models. Load one in the server first.`);
  }
  throw new ModelError(
    'server_model_not_found',
    `${where} serves several models: ${list}. Name one after # (openai:URL#model).`,
  );
}

async function serverContext(
  conn: EngineConnection,
  model: string,
  entry: ListedModel | undefined,
  signal: AbortSignal | undefined,
): Promise<{ size: number; source: string; kind: EngineKind } | undefined> {
  // llama-server: the per-slot context (what one request gets), not the total over parallel slots.
  const props = (await conn.json('/props', { signal })) as {
    default_generation_settings?: { n_ctx?: unknown };
    n_ctx?: unknown;
  } | null;
  const slotCtx = positive(props?.default_generation_settings?.n_ctx) ?? positive(props?.n_ctx);
  if (slotCtx !== undefined) return { size: slotCtx, source: 'llama-server /props', kind: 'llama-server' };
  const vllm = positive(entry?.max_model_len);
  if (vllm !== undefined)
    return { size: vllm, source: "the server's /v1/models (max_model_len)", kind: 'vllm' };
  const lms = (await conn.json(`/api/v0/models/${encodeURIComponent(model)}`, { signal })) as {
    loaded_context_length?: unknown;
    max_context_length?: unknown;
  } | null;
  const lmsCtx = positive(lms?.loaded_context_length);
  if (lmsCtx !== undefined) return { size: lmsCtx, source: 'LM Studio /api/v0/models', kind: 'lm-studio' };
  // Ollama: the loaded runner's window (OLLAMA_CONTEXT_LENGTH or the model's num_ctx), which is what the
  // OpenAI endpoint uses; requests beyond it are cut silently, so this number matters most here.
  const ps = (await conn.json('/api/ps', { signal })) as {
    models?: { name?: unknown; model?: unknown; context_length?: unknown }[];
  } | null;
  const running = ps?.models?.find((m) => m.name === model || m.model === model);
  const psCtx = positive(running?.context_length);
  if (psCtx !== undefined) return { size: psCtx, source: 'Ollama /api/ps', kind: 'ollama' };
  const show = (await conn.json('/api/show', { body: { model }, signal })) as {
    parameters?: unknown;
    model_info?: Record<string, unknown>;
  } | null;
  if (show) {
    const numCtx =
      typeof show.parameters === 'string' ? /num_ctx\s+(\d+)/.exec(show.parameters)?.[1] : undefined;
    if (numCtx) return { size: Number(numCtx), source: 'Ollama /api/show (num_ctx)', kind: 'ollama' };
    // The model's trained length is not what Ollama serves (its default is smaller): not used as the size.
    return undefined;
  }
  return undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

const PROBE_TOOL = {
  type: 'function' as const,
  function: {
    name: 'ping',
    description: 'Answers pong.',
    parameters: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
  },
};

/**
 * Native when the server answers a required call through `tools` with a parsed call; else schema when
 * it honours a JSON schema; else text. Errors that are not about the feature (unreachable, key) throw.
 */
async function probeToolMode(
  conn: EngineConnection,
  model: string,
  signal: AbortSignal | undefined,
): Promise<ToolMode> {
  const ask = async (body: Record<string, unknown>) => {
    try {
      return await conn.client.chat.completions.create(
        {
          model,
          messages: [{ role: 'user', content: 'Call ping with the word "hi".' }],
          max_tokens: 48,
          temperature: 0,
          stream: false,
          ...body,
        } as never,
        { signal },
      );
    } catch (error) {
      if (isAbort(error) && signal?.aborted) throw signal.reason;
      const failure = engineError(error, conn.spec, conn.redact);
      // A 4xx/5xx about the request's shape means the feature is missing; anything else is a failure.
      if (failure.code === 'server_error' || failure.code === 'context_too_small') return null;
      throw failure;
    }
  };
  const native = (await ask({ tools: [PROBE_TOOL], tool_choice: 'required' })) as {
    choices?: { message?: { tool_calls?: { function?: { name?: string } }[] } }[];
  } | null;
  if (native?.choices?.[0]?.message?.tool_calls?.some((c) => c.function?.name === 'ping')) return 'native';
  const schema = {
    type: 'object',
    properties: {
      tool: { const: 'ping' },
      arguments: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
    },
    required: ['tool', 'arguments'],
  };
  const constrained = (await ask({
    response_format: { type: 'json_schema', json_schema: { name: 'step', schema, strict: true } },
  })) as { choices?: { message?: { content?: string | null } }[] } | null;
  const content = constrained?.choices?.[0]?.message?.content;
  try {
    if (content && (JSON.parse(content) as { tool?: unknown }).tool === 'ping') return 'schema';
  } catch {
    // Not JSON: the schema was ignored.
  }
  return 'text';
}

/** Characters per token of the server's tokenizer on a sample of code and prose; undefined without one. */
async function measureTokenizer(
  conn: EngineConnection,
  model: string,
  signal: AbortSignal | undefined,
): Promise<number | undefined> {
  const answer = (await conn
    .json('/tokenize', {
      body: { content: TOKENIZER_SAMPLE, prompt: TOKENIZER_SAMPLE, model, add_special: false },
      signal,
    })
    .catch(() => null)) as { tokens?: unknown[]; count?: unknown } | null;
  const count =
    typeof answer?.count === 'number'
      ? answer.count
      : Array.isArray(answer?.tokens)
        ? answer.tokens.length
        : 0;
  return count > 0 ? TOKENIZER_SAMPLE.length / count : undefined;
}

/** What prompts hold: code, paths, a diff, tool output and prose. */
const TOKENIZER_SAMPLE = [
  'export function parseRange(text: string): { start: number; end: number } | null {',
  '  const match = /^(\\d+)-(\\d+)$/.exec(text.trim());',
  '  if (!match) return null;',
  '  return { start: Number(match[1]), end: Number(match[2]) };',
  '}',
  'def total(items):\n    return sum(item["price"] * item.get("qty", 1) for item in items)',
  '--- a/src/cart.py\n+++ b/src/cart.py\n@@ -3,7 +3,7 @@ def total(items):',
  'src/main/agent/agent-loop.ts:214:      const scan = findTextCalls(text, toolSpecs);',
  'FAIL tests/cart.test.ts > total > counts the quantity: expected 30, received 10',
  'The failing test expects the quantity to count; I will read cart.py and fix the sum.',
].join('\n');
