// Talking to the engine: the official OpenAI SDK for the chat API (streaming, retries with backoff on
// 408/409/429/5xx and connection failures, Retry-After, abort), and plain JSON requests for the engines'
// own endpoints (llama-server /props and /tokenize, Ollama /api/show). Every request goes through one
// fetch that talks only to the configured origin and follows no redirect. Failures become ModelErrors
// with a short code and what to do; the key never appears in a message.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { inspect } from 'node:util';
import { ModelError, type ModelErrorCode } from '../turn.js';
import type { EngineSpec } from './spec.js';

/** Time for the server to start answering a request (a long prompt on a slow machine takes a while). */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Retries of a request that failed before any output (transient: connection, 408, 429, 5xx). */
export const DEFAULT_RETRIES = 2;

export interface EngineConnection {
  spec: EngineSpec;
  client: OpenAI;
  /** GET or POST a JSON endpoint on the engine's origin (`/props`); null on 404 or a non-JSON answer. */
  json(route: string, init?: { body?: unknown; signal?: AbortSignal; timeoutMs?: number }): Promise<unknown>;
  /** The key's text, to scrub from messages. */
  redact(text: string): string;
  /** How long a request may wait for the server's answer, and a stream for its next chunk. */
  timeoutMs: number;
}

export interface ConnectOptions {
  apiKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export function connectEngine(spec: EngineSpec, options: ConnectOptions = {}): EngineConnection {
  const key = options.apiKey;
  const lockedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== spec.origin) {
      throw new ModelError(
        'server_error',
        `Refused a request to ${url.origin}: this backend talks only to ${spec.origin}.`,
      );
    }
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!key) headers.delete('authorization');
    // A redirect could lead anywhere, with the key: never followed.
    return fetch(input, { ...init, headers, redirect: 'error' });
  };
  const client = new OpenAI({
    baseURL: spec.baseUrl,
    // The SDK insists on a key; without one, lockedFetch drops the header it would send.
    apiKey: key ?? 'none',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_RETRIES,
    fetch: lockedFetch,
  });
  const redact = (text: string): string => (key ? text.split(key).join('***') : text);
  const json: EngineConnection['json'] = async (route, init = {}) => {
    const timeout = AbortSignal.timeout(init.timeoutMs ?? 15_000);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await lockedFetch(new URL(route, spec.origin), {
        method: init.body === undefined ? 'GET' : 'POST',
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal,
      });
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      throw engineError(error, spec, redact);
    }
    if (response.status === 401 || response.status === 403) throw unauthorised(spec, response.status);
    if (!response.ok) return null;
    try {
      return (await response.json()) as unknown;
    } catch {
      return null;
    }
  };
  return { spec, client, json, redact, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
}

/** A failure of a request to the engine, as a ModelError a person can act on. */
export function engineError(error: unknown, spec: EngineSpec, redact: (text: string) => string): ModelError {
  // The SDK wraps what its fetch threw (the origin lock's refusal, a refused redirect).
  for (let e: unknown = error, i = 0; e instanceof Error && i < 5; e = e.cause, i++) {
    if (e instanceof ModelError) return e;
    if (/unexpected redirect|redirect mode is set to error/i.test(e.message)) {
      return new ModelError(
        'server_error',
        `${spec.baseUrl} answered with a redirect, which is not followed (it could take the key elsewhere). ` +
          'Give the address the server itself answers at.',
      );
    }
  }
  const where = spec.baseUrl;
  // The cause is kept only when it holds no trace of the key (a server may echo it in its error body).
  const raw = inspect(error, { depth: Infinity });
  const keep = redact(raw) === raw;
  const make = (code: ModelErrorCode, text: string) =>
    new ModelError(code, redact(text), keep ? { cause: error } : undefined);
  if (error instanceof APIConnectionTimeoutError || isTimeout(error)) {
    return make(
      'server_timeout',
      `${where} did not answer in time. The server may be busy or stuck; check it, or raise the timeout ` +
        '(LOCAL_CODER_SERVER_TIMEOUT, seconds).',
    );
  }
  if (error instanceof APIConnectionError || isConnectionFailure(error)) {
    const cause = connectionCause(error);
    return make(
      'server_unreachable',
      `Cannot reach ${where}${cause ? ` (${cause})` : ''}. Is the server running, and is the address right?`,
    );
  }
  if (error instanceof APIError && error.status !== undefined) {
    const detail = serverMessage(error);
    const status = error.status;
    if (status === 401 || status === 403) return unauthorised(spec, status);
    if (status === 429) {
      return make(
        'rate_limited',
        `${where} is limiting requests (429${detail ? `: ${detail}` : ''}). Wait a moment and try again.`,
      );
    }
    if (status === 404 && /model/i.test(detail)) {
      return make('server_model_not_found', `${where} has no such model (${detail}). Pick one it lists.`);
    }
    if (isContextOverflow(status, detail)) {
      return make(
        'context_too_small',
        `The prompt does not fit the server's context window (${detail}). Start the server with a larger ` +
          'context (llama-server -c, Ollama num_ctx) or run with a smaller --context-size.',
      );
    }
    if (status === 503 && /loading/i.test(detail)) {
      return make(
        'server_error',
        `${where} is still loading its model (503). Wait until it is ready and try again.`,
      );
    }
    if (status === 404) {
      return make(
        'server_error',
        `${where} answered 404: it does not look like an OpenAI-compatible API root (it usually ends in /v1).`,
      );
    }
    return make(
      'server_error',
      `${where} failed (${status}${detail ? `: ${detail}` : ''}). Check the server's log; it may have run out of memory.`,
    );
  }
  return make(
    'server_error',
    `The request to ${where} failed: ${error instanceof Error ? error.message : String(error)}.`,
  );
}

function unauthorised(spec: EngineSpec, status: number): ModelError {
  return new ModelError(
    'server_unauthorized',
    `${spec.baseUrl} refused the key (${status}). Set LOCAL_CODER_API_KEY (or OPENAI_API_KEY) to a key it ` +
      "accepts, or store one in the window's Server settings.",
  );
}

export function isAbort(error: unknown): boolean {
  return (
    error instanceof APIUserAbortError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError'))
  );
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || /timed? ?out/i.test(error.message));
}

function isConnectionFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

function connectionCause(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    e = e.cause;
  }
  return undefined;
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown; error?: unknown } | undefined;
  const text =
    typeof body?.message === 'string'
      ? body.message
      : typeof body?.error === 'string'
        ? body.error
        : error.message.replace(/^\d{3}\s*/, '');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** llama-server: exceed_context_size_error / "exceeds the available context size"; OpenAI and vLLM. */
function isContextOverflow(status: number, detail: string): boolean {
  return (
    (status === 400 || status === 413 || status === 500) &&
    /context (size|length|window)|maximum context|exceeds? the (available )?context|too many tokens|prompt is too long/i.test(
      detail,
    )
  );
}
