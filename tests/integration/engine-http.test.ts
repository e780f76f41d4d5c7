// The engine backend against a real HTTP server on 127.0.0.1 that each test scripts to answer as
// llama-server, vLLM, LM Studio or Ollama would: the probe (model, context, tool mode, tokenizer), the
// failures as ModelError codes (with the key kept out of every message), the origin lock, and streamed
// turns written by hand in the OpenAI chunk format.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectEngine, engineError, type ConnectOptions } from '../../src/main/model/engine/client.js';
import { EngineModel, openEngineModel } from '../../src/main/model/engine/engine-model.js';
import { probeEngine, type EngineInfo, type ProbeOptions } from '../../src/main/model/engine/probe.js';
import type { ToolMode } from '../../src/main/model/engine/prompt.js';
import { parseEngineSpec } from '../../src/main/model/engine/spec.js';
import { ModelError, type Message, type ToolSpec, type TurnRequest } from '../../src/main/model/turn.js';

const KEY = 'sk-test-SECRET123';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Seen, res: ServerResponse) => void;

interface EngineServer {
  url: string;
  seen: Seen[];
  /** `GET /props` → handler; anything unscripted gets a 404. */
  route(key: string, handler: Handler): void;
  hits(key: string): number;
  close(): Promise<void>;
}

async function startEngineServer(): Promise<EngineServer> {
  const routes = new Map<string, Handler>();
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const record: Seen = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      };
      seen.push(record);
      const handler = routes.get(`${record.method} ${path}`);
      if (handler) handler(record, res);
      else sendJson(res, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    route: (key, handler) => routes.set(key, handler),
    hits: (key) => seen.filter((r) => `${r.method} ${r.path}` === key).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    sendJson(res, status, body, headers);

/** Answers in turn; the last answer repeats. */
function sequence(...handlers: Handler[]): Handler {
  let i = 0;
  return (req, res) => handlers[Math.min(i++, handlers.length - 1)]!(req, res);
}

function models(...ids: string[]): Handler {
  return json({ object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'me' })) });
}

/** One chunk holding a whole read_file call delta with these argument characters. */
function readFileDelta(args: string) {
  return chunk({
    tool_calls: [{ index: 0, id: 'x', type: 'function', function: { name: 'read_file', arguments: args } }],
  });
}

function chunk(
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  };
}

/** A streamed answer: `data: {...}` events, then `data: [DONE]`. */
function sse(chunks: unknown[]): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  };
}

/** Headers and one chunk, then silence with the connection held open; `closed` when the client hangs up. */
function stalled(first = 'hello '): { handler: Handler; closed: Promise<void> } {
  let close!: () => void;
  const closed = new Promise<void>((resolve) => (close = resolve));
  const handler: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: first }))}\n\n`);
    res.on('close', () => close());
  };
  return { handler, closed };
}

function completion(message: Record<string, unknown>, finish = 'stop') {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
  };
}

async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('resolved where a ModelError was expected');
}

/** Every message and cause in an error's chain, and its inspection, as one text. */
function allText(error: unknown): string {
  const parts = [inspect(error, { depth: 6 })];
  for (let e: unknown = error, i = 0; e instanceof Error && i < 6; e = e.cause, i++) parts.push(e.message);
  return parts.join('\n');
}

const TOOLS: ToolSpec[] = [
  {
    name: 'read_file',
    description: 'Reads a file.',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
];

const HISTORY: Message[] = [
  { role: 'system', content: 'You are a coding agent.' },
  { role: 'user', content: 'Read a.ts.' },
];

let server: EngineServer;
beforeEach(async () => {
  server = await startEngineServer();
});
afterEach(async () => {
  await server.close();
});

function connect(options: ConnectOptions = {}, model?: string) {
  const spec = parseEngineSpec(`openai:${server.url}/v1${model ? `#${model}` : ''}`);
  return connectEngine(spec, { maxRetries: 0, timeoutMs: 2000, ...options });
}

function probe(options: ProbeOptions = {}, model?: string) {
  return probeEngine(connect({}, model), { toolMode: 'text', ...options });
}

function engineModel(mode: ToolMode, options: ConnectOptions = {}): EngineModel {
  const info: EngineInfo = {
    kind: 'llama-server',
    model: 'm',
    contextSize: 8192,
    contextSource: 'llama-server /props',
    toolMode: mode,
    tokenCount: 'approximate',
  };
  return new EngineModel(connect(options), info);
}

function turnOf(
  model: EngineModel,
  extra: Partial<TurnRequest> = {},
): { result: ReturnType<EngineModel['turn']>; text: string[]; calls: string[] } {
  const text: string[] = [];
  const calls: string[] = [];
  const result = model.turn({
    messages: HISTORY,
    tools: TOOLS,
    signal: new AbortController().signal,
    onTextDelta: (t) => text.push(t),
    onCallDelta: (t) => calls.push(t),
    ...extra,
  });
  return { result, text, calls };
}

function lastChatBody(): Record<string, unknown> {
  const requests = server.seen.filter((r) => r.path === '/v1/chat/completions');
  return JSON.parse(requests.at(-1)!.body) as Record<string, unknown>;
}

describe('probeEngine: the context window', () => {
  it('takes the per-slot n_ctx from llama-server /props', async () => {
    server.route('GET /v1/models', models('qwen'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 16384 }, n_ctx: 65536 }));
    const info = await probe();
    expect(info).toMatchObject({ kind: 'llama-server', model: 'qwen', contextSize: 16384 });
    expect(info.contextSource).toBe('llama-server /props');
  });

  it("takes vLLM's max_model_len from /v1/models", async () => {
    server.route(
      'GET /v1/models',
      json({
        object: 'list',
        data: [{ id: 'Qwen/Qwen2.5-Coder-7B', object: 'model', max_model_len: 32768 }],
      }),
    );
    const info = await probe();
    expect(info).toMatchObject({ kind: 'vllm', model: 'Qwen/Qwen2.5-Coder-7B', contextSize: 32768 });
  });

  it('takes LM Studio loaded_context_length from /api/v0/models/ID', async () => {
    server.route('GET /v1/models', models('qwen/coder:7b'));
    server.route(
      'GET /api/v0/models/qwen%2Fcoder%3A7b',
      json({ id: 'qwen/coder:7b', loaded_context_length: 12288, max_context_length: 131072 }),
    );
    const info = await probe();
    expect(info).toMatchObject({ kind: 'lm-studio', contextSize: 12288 });
  });

  it('takes the loaded runner context_length from Ollama /api/ps', async () => {
    server.route('GET /v1/models', models('llama3.2:3b', 'qwen2.5-coder:7b'));
    server.route(
      'GET /api/ps',
      json({
        models: [
          { name: 'llama3.2:3b', model: 'llama3.2:3b', context_length: 2048 },
          { name: 'qwen2.5-coder:7b', model: 'qwen2.5-coder:7b', context_length: 8192 },
        ],
      }),
    );
    const info = await probe({}, 'qwen2.5-coder:7b');
    expect(info).toMatchObject({ kind: 'ollama', model: 'qwen2.5-coder:7b', contextSize: 8192 });
    expect(info.contextSource).toBe('Ollama /api/ps');
  });

  it('takes num_ctx from Ollama /api/show parameters, asking for the model by name', async () => {
    server.route('GET /v1/models', models('qwen2.5-coder:7b'));
    server.route('GET /api/ps', json({ models: [] }));
    server.route(
      'POST /api/show',
      json({ parameters: 'stop "<|im_end|>"\nnum_ctx 8192\ntemperature 0.2', model_info: {} }),
    );
    const info = await probe();
    expect(info).toMatchObject({
      kind: 'ollama',
      contextSize: 8192,
      contextSource: 'Ollama /api/show (num_ctx)',
    });
    const show = server.seen.find((r) => r.path === '/api/show')!;
    expect(JSON.parse(show.body)).toEqual({ model: 'qwen2.5-coder:7b' });
  });

  it("does not take Ollama's trained length as the size", async () => {
    server.route('GET /v1/models', models('qwen2.5-coder:7b'));
    server.route(
      'POST /api/show',
      json({ parameters: 'temperature 0.2', model_info: { 'qwen2.context_length': 32768 } }),
    );
    expect((await rejection(probe())).code).toBe('context_unknown');
  });

  it('uses the setting when no server says, and refuses to guess without one', async () => {
    server.route('GET /v1/models', models('m'));
    expect(await probe({ contextSize: 6144 })).toMatchObject({
      kind: 'openai-compatible',
      contextSize: 6144,
      contextSource: 'your setting',
    });
    const error = await rejection(probe());
    expect(error.code).toBe('context_unknown');
    expect(error.message).toContain('--context-size');
  });

  it("caps the server's context with a smaller setting, and not with a larger one", async () => {
    server.route('GET /v1/models', models('m'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 16384 } }));
    const capped = await probe({ contextSize: 4096 });
    expect(capped.contextSize).toBe(4096);
    expect(capped.contextSource).toContain('16384');
    expect((await probe({ contextSize: 65536 })).contextSize).toBe(16384);
  });

  it('refuses a context under 2048 tokens', async () => {
    server.route('GET /v1/models', models('m'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 1024 } }));
    const error = await rejection(probe());
    expect(error.code).toBe('context_too_small');
    expect(error.message).toContain('1024');
    expect((await rejection(probe({ contextSize: 1536 }))).code).toBe('context_too_small');
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 2048 } }));
    expect((await probe()).contextSize).toBe(2048);
  });
});

describe('probeEngine: the model', () => {
  it('asks for a name when several are served, listing them', async () => {
    server.route('GET /v1/models', models('alpha-7b', 'beta-13b', 'gamma-1b'));
    const error = await rejection(probe({ contextSize: 4096 }));
    expect(error.code).toBe('server_model_not_found');
    for (const id of ['alpha-7b', 'beta-13b', 'gamma-1b']) expect(error.message).toContain(id);
  });

  it('refuses a named model the server does not list', async () => {
    server.route('GET /v1/models', models('alpha-7b', 'beta-13b'));
    const error = await rejection(probe({ contextSize: 4096 }, 'delta-70b'));
    expect(error.code).toBe('server_model_not_found');
    expect(error.message).toContain('delta-70b');
    expect(error.message).toContain('alpha-7b');
  });

  it('refuses a server that lists no models', async () => {
    server.route('GET /v1/models', models());
    expect((await rejection(probe({ contextSize: 4096 }))).code).toBe('server_model_not_found');
  });
});

describe('probeEngine: tool mode and tokenizer', () => {
  beforeEach(() => {
    server.route('GET /v1/models', models('m'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 8192 } }));
  });

  it('is native when the server answers the tools request with a parsed call', async () => {
    server.route(
      'POST /v1/chat/completions',
      json(
        completion(
          {
            content: null,
            tool_calls: [
              { id: 'x', type: 'function', function: { name: 'ping', arguments: '{"word":"hi"}' } },
            ],
          },
          'tool_calls',
        ),
      ),
    );
    const info = await probeEngine(connect());
    expect(info.toolMode).toBe('native');
    const body = JSON.parse(server.seen.find((r) => r.path === '/v1/chat/completions')!.body) as {
      tools: { function: { name: string } }[];
      tool_choice: string;
    };
    expect(body.tools[0]!.function.name).toBe('ping');
    expect(body.tool_choice).toBe('required');
  });

  it('is schema when tools are refused but the JSON schema is honoured', async () => {
    server.route('POST /v1/chat/completions', (req, res) => {
      const body = JSON.parse(req.body) as { tools?: unknown; response_format?: { type: string } };
      if (body.tools) {
        sendJson(res, 400, {
          error: { code: 400, message: 'tools param requires --jinja flag', type: 'invalid_request_error' },
        });
      } else if (body.response_format?.type === 'json_schema') {
        sendJson(res, 200, completion({ content: '{"tool":"ping","arguments":{"word":"hi"}}' }));
      } else {
        sendJson(res, 200, completion({ content: 'pong' }));
      }
    });
    expect((await probeEngine(connect())).toolMode).toBe('schema');
    expect(server.hits('POST /v1/chat/completions')).toBe(2);
  });

  it('is text when neither tools nor the schema take', async () => {
    server.route('POST /v1/chat/completions', (req, res) => {
      if ((JSON.parse(req.body) as { tools?: unknown }).tools) {
        sendJson(res, 400, {
          error: { code: 400, message: 'tools are not supported', type: 'invalid_request_error' },
        });
      } else {
        sendJson(res, 200, completion({ content: 'Sure! I would call ping with "hi".' }));
      }
    });
    expect((await probeEngine(connect())).toolMode).toBe('text');
  });

  it('is text when the server ignores tools and answers in prose', async () => {
    server.route('POST /v1/chat/completions', json(completion({ content: 'pong' })));
    expect((await probeEngine(connect())).toolMode).toBe('text');
  });

  it("calibrates token counts with the server's /tokenize", async () => {
    server.route('POST /tokenize', (req, res) => {
      const { content } = JSON.parse(req.body) as { content: string };
      sendJson(res, 200, { tokens: Array.from({ length: Math.ceil(content.length / 3) }, (_, i) => i) });
    });
    const info = await probe();
    expect(info.tokenCount).toBe('server');
    expect(info.charsPerToken).toBeGreaterThan(2.5);
    expect(info.charsPerToken).toBeLessThanOrEqual(3);
    const model = new EngineModel(connect(), info);
    expect(model.countTokens('x'.repeat(300))).toBeGreaterThanOrEqual(100);
    expect(model.about).toContain("the server's tokenizer");
  });

  it('approximates token counts without /tokenize', async () => {
    const info = await probe();
    expect(info.tokenCount).toBe('approximate');
    expect(info).not.toHaveProperty('charsPerToken');
    expect(server.hits('POST /tokenize')).toBe(1);
  });
});

describe('the key', () => {
  it('is sent as a bearer token to every endpoint, and no header is sent without one', async () => {
    server.route('GET /v1/models', models('m'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 8192 } }));
    await probeEngine(connect({ apiKey: KEY }));
    expect(server.seen.length).toBeGreaterThan(2);
    for (const r of server.seen) expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    server.seen.length = 0;
    await probeEngine(connect());
    for (const r of server.seen) expect(r.headers.authorization).toBeUndefined();
  });

  it('401 is server_unauthorized, and the key is in no message though the server echoes it', async () => {
    server.route(
      'GET /v1/models',
      json({ error: { code: 401, message: `Invalid API key: ${KEY}`, type: 'authentication_error' } }, 401),
    );
    const error = await rejection(
      openEngineModel(`openai:${server.url}/v1`, { apiKey: KEY, maxRetries: 0, contextSize: 4096 }),
    );
    expect(error.code).toBe('server_unauthorized');
    expect(allText(error)).not.toContain(KEY);
  });

  it('403 on an engine endpoint is server_unauthorized too', async () => {
    server.route('GET /v1/models', models('m'));
    server.route('GET /props', json({ error: `forbidden for ${KEY}` }, 403));
    const error = await rejection(probe());
    expect(error.code).toBe('server_unauthorized');
    expect(allText(error)).not.toContain(KEY);
  });

  it('is scrubbed from a server error that echoes it', async () => {
    server.route(
      'POST /v1/chat/completions',
      json(
        { error: { code: 500, message: `backend crashed handling key ${KEY}`, type: 'server_error' } },
        500,
      ),
    );
    const error = await rejection(turnOf(engineModel('text', { apiKey: KEY })).result);
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('backend crashed');
    expect(error.message).toContain('***');
    expect(error.message).not.toContain(KEY);
    // The SDK's error (body, headers) would carry the key: the cause is dropped, not just the message scrubbed.
    expect(inspect(error, { depth: 10 })).not.toContain(KEY);
    expect(allText(error)).not.toContain(KEY);
    expect(error.cause).toBeUndefined();
  });

  it("keeps the SDK's error as the cause when it holds no trace of the key", async () => {
    server.route(
      'POST /v1/chat/completions',
      json({ error: { code: 500, message: 'backend crashed', type: 'server_error' } }, 500),
    );
    const error = await rejection(turnOf(engineModel('text', { apiKey: KEY })).result);
    expect(error.code).toBe('server_error');
    expect(error.cause).toBeInstanceOf(Error);
    expect(inspect(error, { depth: 10 })).not.toContain(KEY);
  });
});

describe('failures as ModelErrors', () => {
  const retryNow = { 'retry-after-ms': '1' };

  it('429 is rate_limited', async () => {
    server.route(
      'POST /v1/chat/completions',
      json({ error: { code: 429, message: 'slow down', type: 'rate_limit' } }, 429, retryNow),
    );
    const error = await rejection(turnOf(engineModel('text')).result);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('slow down');
    expect(server.hits('POST /v1/chat/completions')).toBe(1);
  });

  it('a 429 then a 200 succeeds on the retry', async () => {
    server.route(
      'POST /v1/chat/completions',
      sequence(json({ error: { message: 'busy' } }, 429, retryNow), sse([chunk({ content: 'ok' }, 'stop')])),
    );
    const { result } = turnOf(engineModel('text', { maxRetries: 2 }));
    expect((await result).text).toBe('ok');
    expect(server.hits('POST /v1/chat/completions')).toBe(2);
  });

  it('a 503 then a 200 succeeds on the retry', async () => {
    server.route(
      'POST /v1/chat/completions',
      sequence(
        json({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } }, 503, retryNow),
        sse([chunk({ content: 'loaded' }, 'stop')]),
      ),
    );
    const { result } = turnOf(engineModel('text', { maxRetries: 2 }));
    expect((await result).text).toBe('loaded');
    expect(server.hits('POST /v1/chat/completions')).toBe(2);
  });

  it('retries stop after maxRetries', async () => {
    server.route('POST /v1/chat/completions', json({ error: { message: 'Loading model' } }, 503, retryNow));
    const error = await rejection(turnOf(engineModel('text', { maxRetries: 2 })).result);
    expect(error.code).toBe('server_error');
    expect(server.hits('POST /v1/chat/completions')).toBe(3);
  });

  it('500 is server_error', async () => {
    server.route('POST /v1/chat/completions', json({ error: { code: 500, message: 'out of memory' } }, 500));
    const error = await rejection(turnOf(engineModel('text')).result);
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('500');
    expect(error.message).toContain('out of memory');
  });

  it("llama-server's exceed_context_size_error is context_too_small", async () => {
    server.route(
      'POST /v1/chat/completions',
      json(
        {
          error: {
            code: 400,
            message: 'the request exceeds the available context size, try increasing it',
            type: 'exceed_context_size_error',
          },
        },
        400,
      ),
    );
    const error = await rejection(turnOf(engineModel('text')).result);
    expect(error.code).toBe('context_too_small');
    expect(error.message).toContain('exceeds the available context size');
  });

  it('404 about the model is server_model_not_found; another 404 says to check the API root', async () => {
    server.route(
      'POST /v1/chat/completions',
      sequence(
        json({ error: { message: 'model "m" not found, try pulling it first' } }, 404),
        (_req, res) => {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('Not Found');
        },
      ),
    );
    const model = engineModel('text');
    expect((await rejection(turnOf(model).result)).code).toBe('server_model_not_found');
    const other = await rejection(turnOf(model).result);
    expect(other.code).toBe('server_error');
    expect(other.message).toContain('/v1');
  });

  it('a closed port is server_unreachable', async () => {
    const { url } = server;
    await server.close();
    server = await startEngineServer();
    const spec = parseEngineSpec(`openai:${url}/v1`);
    const info: EngineInfo = {
      kind: 'openai-compatible',
      model: 'm',
      contextSize: 4096,
      contextSource: 'your setting',
      toolMode: 'text',
      tokenCount: 'approximate',
    };
    const model = new EngineModel(connectEngine(spec, { maxRetries: 0 }), info);
    const error = await rejection(turnOf(model).result);
    expect(error.code).toBe('server_unreachable');
    expect(error.message).toContain(url);
    const viaJson = await rejection(connectEngine(spec).json('/props'));
    expect(viaJson.code).toBe('server_unreachable');
  });

  it('a server that never answers is server_timeout', async () => {
    server.route('POST /v1/chat/completions', () => undefined);
    const error = await rejection(turnOf(engineModel('text', { timeoutMs: 300 })).result);
    expect(error.code).toBe('server_timeout');
    expect(server.hits('POST /v1/chat/completions')).toBe(1);
  });

  it('a redirect to another origin is not followed', async () => {
    const other = await startEngineServer();
    try {
      other.route('POST /v1/chat/completions', sse([chunk({ content: 'captured' }, 'stop')]));
      other.route('GET /props', json({ default_generation_settings: { n_ctx: 8192 } }));
      const redirect =
        (to: string): Handler =>
        (_req, res) => {
          res.writeHead(302, { location: `${other.url}${to}` });
          res.end();
        };
      server.route('POST /v1/chat/completions', redirect('/v1/chat/completions'));
      server.route('GET /props', redirect('/props'));
      const error = await rejection(turnOf(engineModel('text', { apiKey: KEY })).result);
      expect(error.code).toBe('server_error');
      expect(error.message).toMatch(/redirect/i);
      expect(error.message).toContain('not followed');
      expect(allText(error)).not.toContain(KEY);
      const viaJson = await rejection(connect({ apiKey: KEY }).json('/props'));
      expect(viaJson.code).toBe('server_error');
      expect(viaJson.message).toContain('not followed');
      expect(server.hits('POST /v1/chat/completions')).toBe(1);
      expect(server.hits('GET /props')).toBe(1);
      expect(other.seen).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses to send a request to another origin at all', async () => {
    const other = await startEngineServer();
    try {
      other.route('GET /v1/models', models('elsewhere'));
      const conn = connect({ apiKey: KEY });
      let thrown: unknown;
      try {
        await conn.client.get(`${other.url}/v1/models`);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      // Reported as the lock's refusal, not as an unreachable server.
      const error = engineError(thrown, conn.spec, conn.redact);
      expect(error).toBeInstanceOf(ModelError);
      expect(error.code).toBe('server_error');
      expect(error.message).toContain(`Refused a request to ${other.url}`);
      const viaJson = await rejection(conn.json(`${other.url}/props`));
      expect(viaJson.code).toBe('server_error');
      expect(viaJson.message).toContain(`Refused a request to ${other.url}`);
      expect(other.seen).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('EngineModel.turn, streamed', () => {
  it('streams text deltas and concatenates them', async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'The test ' }),
        chunk({ content: 'fails because ' }),
        chunk({ content: 'of the quantity.' }),
        chunk({}, 'stop'),
      ]),
    );
    const { result, text } = turnOf(engineModel('native'));
    const done = await result;
    expect(text).toEqual(['The test ', 'fails because ', 'of the quantity.']);
    expect(done).toMatchObject({
      text: 'The test fails because of the quantity.',
      toolCalls: [],
      finishReason: 'stop',
    });
  });

  it('assembles a native call split over several chunks, with our id and parsed arguments', async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([
        chunk({
          role: 'assistant',
          tool_calls: [
            { index: 0, id: 'call_abc', type: 'function', function: { name: 'read_file', arguments: '' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"pa' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'th": "a' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '.ts"}' } }] }),
        chunk({}, 'tool_calls'),
      ]),
    );
    const { result, text, calls } = turnOf(engineModel('native'));
    const done = await result;
    expect(done.finishReason).toBe('tool_calls');
    expect(done.toolCalls).toEqual([{ id: 'c1', name: 'read_file', args: { path: 'a.ts' } }]);
    expect(calls.join('')).toBe('{"path": "a.ts"}');
    expect(text).toEqual([]);
  });

  it('assembles parallel calls by index', async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([
        chunk({
          tool_calls: [
            { index: 0, id: 'a', type: 'function', function: { name: 'read_file', arguments: '{"path":' } },
          ],
        }),
        chunk({
          tool_calls: [
            {
              index: 1,
              id: 'b',
              type: 'function',
              function: { name: 'read_file', arguments: '{"path":"b"}' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] }),
        chunk({}, 'tool_calls'),
      ]),
    );
    const done = await turnOf(engineModel('native')).result;
    expect(done.toolCalls).toEqual([
      { id: 'c1', name: 'read_file', args: { path: 'a' } },
      { id: 'c2', name: 'read_file', args: { path: 'b' } },
    ]);
  });

  it('drops a call cut off by max_tokens', async () => {
    server.route('POST /v1/chat/completions', sse([readFileDelta('{"path": "sr'), chunk({}, 'length')]));
    const done = await turnOf(engineModel('native'), { maxTokens: 8 }).result;
    expect(done.toolCalls).toEqual([]);
    expect(done.finishReason).toBe('max_tokens');
    expect(lastChatBody().max_tokens).toBe(8);
  });

  it('passes malformed call arguments on as a string', async () => {
    server.route('POST /v1/chat/completions', sse([readFileDelta("{path: 'a.ts'"), chunk({}, 'tool_calls')]));
    const done = await turnOf(engineModel('native')).result;
    expect(done.finishReason).toBe('tool_calls');
    expect(done.toolCalls).toEqual([{ id: 'c1', name: 'read_file', args: "{path: 'a.ts'" }]);
  });

  it('re-sends the arguments byte for byte on the next turn', async () => {
    const raw = '{ "path" : "a.ts" }';
    server.route(
      'POST /v1/chat/completions',
      sequence(
        sse([
          chunk({
            tool_calls: [
              { index: 0, id: 'x', type: 'function', function: { name: 'read_file', arguments: raw } },
            ],
          }),
          chunk({}, 'tool_calls'),
        ]),
        sse([chunk({ content: 'done' }, 'stop')]),
      ),
    );
    const model = engineModel('native');
    const first = await turnOf(model).result;
    const call = first.toolCalls[0]!;
    await turnOf(model, {
      messages: [
        ...HISTORY,
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', callId: call.id, name: call.name, content: 'export {}' },
      ],
    }).result;
    const messages = lastChatBody().messages as {
      role: string;
      tool_calls?: { id: string; function: { arguments: string } }[];
    }[];
    const assistant = messages.find((m) => m.role === 'assistant')!;
    expect(assistant.tool_calls![0]!.function.arguments).toBe(raw);
    expect(assistant.tool_calls![0]!.id).toBe(call.id);
  });

  it('re-sends a schema-mode step as the engine wrote it, whitespace and all', async () => {
    const raw = '{ "tool" : "read_file",\n  "arguments" : { "path" : "a.ts" } }';
    server.route(
      'POST /v1/chat/completions',
      sequence(
        sse([chunk({ content: raw }), chunk({}, 'stop')]),
        sse([chunk({ content: '{"answer":"ok"}' }, 'stop')]),
      ),
    );
    const model = engineModel('schema');
    const first = await turnOf(model).result;
    const call = first.toolCalls[0]!;
    expect(call).toMatchObject({ name: 'read_file', args: { path: 'a.ts' } });
    const followUp = [
      ...HISTORY,
      { role: 'assistant' as const, content: '', toolCalls: [call] },
      { role: 'tool' as const, callId: call.id, name: call.name, content: 'export {}' },
    ];
    await turnOf(model, { messages: followUp }).result;
    const sent = lastChatBody().messages as { role: string; content: string }[];
    expect(sent.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([raw]);
    // A step the loop changed (other arguments under the same id) is written out afresh.
    const changed = { ...call, args: { path: 'b.ts' } };
    server.route('POST /v1/chat/completions', sse([chunk({ content: '{"answer":"ok"}' }, 'stop')]));
    await turnOf(model, { messages: [...HISTORY, { role: 'assistant', content: '', toolCalls: [changed] }] })
      .result;
    const again = lastChatBody().messages as { role: string; content: string }[];
    expect(again.find((m) => m.role === 'assistant')!.content).toBe(
      '{"tool":"read_file","arguments":{"path":"b.ts"}}',
    );
  });

  it("fills the stats from usage and llama-server's timings", async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([
        chunk({ content: 'hi' }),
        chunk({}, 'stop'),
        {
          id: 'chatcmpl-1',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [],
          usage: { prompt_tokens: 1200, completion_tokens: 7, total_tokens: 1207 },
          timings: { prompt_n: 200, cache_n: 1000, predicted_n: 7, predicted_per_second: 42.5 },
        },
      ]),
    );
    const model = engineModel('text');
    const { stats } = await turnOf(model).result;
    expect(stats).toMatchObject({
      promptTokens: 1200,
      evaluatedTokens: 200,
      reusedTokens: 1000,
      generatedTokens: 7,
      tokensPerSecond: 42.5,
    });
    expect(stats.firstTokenMs).toBeGreaterThanOrEqual(0);
    // The next prompt's size starts from what the server counted.
    expect(model.countPromptTokens(HISTORY, TOOLS)).toBe(1207);
  });

  it('fills the stats from timings alone', async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([
        chunk({ content: 'hi' }, 'stop', {
          timings: { prompt_n: 30, cache_n: 500, predicted_n: 3, predicted_per_second: 10 },
        }),
      ]),
    );
    const { stats } = await turnOf(engineModel('text')).result;
    expect(stats).toMatchObject({
      promptTokens: 530,
      evaluatedTokens: 30,
      reusedTokens: 500,
      generatedTokens: 3,
    });
  });

  it('ends with cancelled when aborted mid-stream, closing the connection', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    server.route('POST /v1/chat/completions', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const send = () => res.write(`data: ${JSON.stringify(chunk({ content: `w${n++} ` }))}\n\n`);
      send();
      const timer = setInterval(send, 50);
      res.on('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    const controller = new AbortController();
    const seenText: string[] = [];
    const result = engineModel('text').turn({
      messages: HISTORY,
      tools: TOOLS,
      signal: controller.signal,
      onTextDelta: (t) => {
        seenText.push(t);
        if (seenText.length === 2) controller.abort();
      },
    });
    const done = await result;
    expect(done.finishReason).toBe('cancelled');
    expect(done.toolCalls).toEqual([]);
    expect(done.text).toBe('w0 w1 ');
    await serverSawClose;
  });

  it('a stream that goes silent after one chunk is server_timeout after timeoutMs', async () => {
    const stall = stalled();
    server.route('GET /v1/models', models('qwen'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 8192 } }));
    server.route('POST /v1/chat/completions', (req, res) => {
      if ((JSON.parse(req.body) as { stream?: boolean }).stream) stall.handler(req, res);
      else sendJson(res, 400, { error: { message: 'tools not supported' } });
    });
    const model = await openEngineModel(`openai:${server.url}#qwen`, { maxRetries: 0, timeoutMs: 300 });
    const { result, text } = turnOf(model);
    const started = performance.now();
    const error = await rejection(result);
    const waited = performance.now() - started;
    expect(error.code).toBe('server_timeout');
    expect(error.message).toContain('stopped sending');
    expect(text).toEqual(['hello ']);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5000);
    await stall.closed;
  });

  it('a stalled turn does not spoil the next one', async () => {
    const stall = stalled();
    server.route(
      'POST /v1/chat/completions',
      sequence(stall.handler, sse([chunk({ content: 'ok' }, 'stop')])),
    );
    const model = engineModel('text', { timeoutMs: 300 });
    expect((await rejection(turnOf(model).result)).code).toBe('server_timeout');
    expect((await turnOf(model).result).text).toBe('ok');
    expect(server.hits('POST /v1/chat/completions')).toBe(2);
  });

  it('a slow stream that keeps sending is not timed out, though it lasts longer than timeoutMs', async () => {
    server.route('POST /v1/chat/completions', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => {
        if (n < 8) res.write(`data: ${JSON.stringify(chunk({ content: `w${n++} ` }))}\n\n`);
        else {
          clearInterval(timer);
          res.write(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
          res.end('data: [DONE]\n\n');
        }
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    const done = await turnOf(engineModel('text', { timeoutMs: 300 })).result;
    expect(done.finishReason).toBe('stop');
    expect(done.text).toBe('w0 w1 w2 w3 w4 w5 w6 w7 ');
  });

  it("a person's cancel during a stall is cancelled, not an error", async () => {
    const stall = stalled('w0 ');
    server.route('POST /v1/chat/completions', stall.handler);
    const controller = new AbortController();
    const { result } = turnOf(engineModel('text', { timeoutMs: 300 }), {
      signal: controller.signal,
      onTextDelta: () => setTimeout(() => controller.abort(), 100),
    });
    const done = await result;
    expect(done.finishReason).toBe('cancelled');
    expect(done.text).toBe('w0 ');
    expect(done.toolCalls).toEqual([]);
    await stall.closed;
  });

  it('a dispose mid-stream ends the turn as cancelled, not as a finished answer', async () => {
    const stall = stalled('w0 ');
    server.route('POST /v1/chat/completions', stall.handler);
    const model = engineModel('text', { timeoutMs: 5000 });
    const { result } = turnOf(model, { onTextDelta: () => void model.dispose() });
    const done = await result;
    expect(done.finishReason).toBe('cancelled');
    expect(done.toolCalls).toEqual([]);
    await stall.closed;
  });

  it('sends cache_prompt, stream, temperature 0 and the tools in native mode', async () => {
    server.route('POST /v1/chat/completions', sse([chunk({ content: 'ok' }, 'stop')]));
    await turnOf(engineModel('native'), { toolChoice: 'required' }).result;
    const body = lastChatBody();
    expect(body).toMatchObject({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      cache_prompt: true,
      tool_choice: 'required',
      tools: [{ type: 'function', function: { name: 'read_file', parameters: TOOLS[0]!.parameters } }],
    });
    expect(body).not.toHaveProperty('response_format');
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: 'Read a.ts.' },
    ]);
  });

  it('sends cache_prompt only to llama-server (a strict API refuses a field it does not know)', async () => {
    server.route('POST /v1/chat/completions', sse([chunk({ content: 'ok' }, 'stop')]));
    const info: EngineInfo = {
      kind: 'vllm',
      model: 'm',
      contextSize: 8192,
      contextSource: "the server's /v1/models (max_model_len)",
      toolMode: 'native',
      tokenCount: 'approximate',
    };
    await turnOf(new EngineModel(connect(), info)).result;
    expect(lastChatBody()).not.toHaveProperty('cache_prompt');
  });

  it('sends a json_schema response_format and no tools in schema mode, and reads the step back', async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([
        chunk({ content: '{"tool":"read_file",' }),
        chunk({ content: '"arguments":{"path":"a.ts"}}' }),
        chunk({}, 'stop'),
      ]),
    );
    const { result, text, calls } = turnOf(engineModel('schema'));
    const done = await result;
    const body = lastChatBody();
    expect(body).toMatchObject({ stream: true, temperature: 0, cache_prompt: true });
    expect(body).not.toHaveProperty('tools');
    const format = body.response_format as {
      type: string;
      json_schema: { name: string; schema: { oneOf: unknown[] } };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.schema.oneOf).toHaveLength(2);
    expect((body.messages as { content: string }[])[0]!.content).toContain('# Tools');
    expect(done.toolCalls).toEqual([{ id: 'c1', name: 'read_file', args: { path: 'a.ts' } }]);
    expect(done.finishReason).toBe('tool_calls');
    expect(calls.join('')).toBe('{"tool":"read_file","arguments":{"path":"a.ts"}}');
    expect(text).toEqual([]);
  });

  it('gives the answer of a schema step as text', async () => {
    server.route(
      'POST /v1/chat/completions',
      sse([chunk({ content: '{"answer":"All tests pass."}' }, 'stop')]),
    );
    const { result, text } = turnOf(engineModel('schema'));
    const done = await result;
    expect(done).toMatchObject({ text: 'All tests pass.', toolCalls: [], finishReason: 'stop' });
    expect(text).toEqual(['All tests pass.']);
  });

  it('uses the sampling it is given', async () => {
    server.route('POST /v1/chat/completions', sse([chunk({ content: 'ok' }, 'stop')]));
    const model = engineModel('text');
    model.sampling = { temperature: 0.7, seed: 42 };
    await turnOf(model).result;
    expect(lastChatBody()).toMatchObject({ temperature: 0.7, seed: 42 });
  });
});

describe('openEngineModel', () => {
  it('connects, probes and streams a turn', async () => {
    server.route('GET /v1/models', models('qwen'));
    server.route('GET /props', json({ default_generation_settings: { n_ctx: 8192 } }));
    server.route('POST /v1/chat/completions', (req, res) => {
      const body = JSON.parse(req.body) as { stream?: boolean };
      if (body.stream) sse([chunk({ content: 'hello' }, 'stop')])(req, res);
      else sendJson(res, 400, { error: { message: 'tools not supported' } });
    });
    const model = await openEngineModel(`openai:${server.url}#qwen`, { maxRetries: 0 });
    expect(model.id).toBe(`qwen @ ${new URL(server.url).host}`);
    expect(model.contextSize).toBe(8192);
    expect(model.toolMode).toBe('text');
    expect(model.about).toContain('llama-server, 8192-token context');
    expect((await turnOf(model).result).text).toBe('hello');
  });

  it('refuses turns after dispose', async () => {
    const model = engineModel('text');
    await model.dispose();
    expect((await rejection(turnOf(model).result)).code).toBe('generation_failed');
  });
});
