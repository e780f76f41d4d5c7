// The node-llama-cpp adapter against a real GGUF (tiny, random weights: its text is gibberish, but the
// tokenizer, chat wrapper, grammar-constrained calls and KV cache are all real).
import { copyFile, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError, type Message, type ToolSpec, type TurnRequest } from '../../src/main/model/turn.js';
import { loadLlamaModel, type LlamaAgentModel } from '../../src/main/model/llama-model.js';
import { testModelPath } from './test-model.js';

// Resolved lazily so a missing model fails the tests that need it, with how to get one.
let modelPath = '';
function requireModel(): void {
  modelPath = testModelPath();
}

// Strings are bounded: random weights would otherwise never close a string the grammar leaves open.
const tools: ToolSpec[] = [
  {
    name: 'read_file',
    description: 'Read a text file of the workspace.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', maxLength: 24, description: 'Path relative to the workspace.' },
        start_line: { type: ['integer', 'null'], description: 'First line to read, 1-based.' },
      },
    },
  },
  {
    name: 'list_dir',
    description: 'List a folder of the workspace.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', maxLength: 24, description: 'Folder path.' } },
    },
  },
];

const base: Message[] = [
  { role: 'system', content: 'You are a careful coding agent.' },
  { role: 'user', content: 'What does the README say?' },
];

function request(messages: readonly Message[], extra: Partial<TurnRequest> = {}): TurnRequest {
  return { messages, tools, signal: new AbortController().signal, onTextDelta: () => {}, ...extra };
}

/** True when `args` has exactly the schema's properties, each of one of its types. */
function matchesSchema(args: unknown, schema: Readonly<Record<string, unknown>>): boolean {
  const properties = schema.properties as Record<string, { type: string | string[]; maxLength?: number }>;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
  const record = args as Record<string, unknown>;
  if (Object.keys(record).sort().join() !== Object.keys(properties).sort().join()) return false;
  return Object.entries(properties).every(([key, property]) => {
    const value = record[key];
    const types = Array.isArray(property.type) ? property.type : [property.type];
    return types.some((type) => {
      if (type === 'null') return value === null;
      if (type === 'integer') return Number.isInteger(value);
      if (type === 'string')
        return typeof value === 'string' && value.length <= (property.maxLength ?? Infinity);
      return false;
    });
  });
}

async function expectModelError(promise: Promise<unknown>, code: string): Promise<ModelError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).code).toBe(code);
  expect((error as ModelError).message.length).toBeGreaterThan(20);
  return error as ModelError;
}

describe('LlamaAgentModel on a real GGUF', () => {
  let model: LlamaAgentModel;
  let requiredTurn: Promise<{ messages: Message[]; result: Awaited<ReturnType<LlamaAgentModel['turn']>> }>;

  beforeAll(async () => {
    requireModel();
    model = await loadLlamaModel({ modelPath, contextSize: 1024 });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  /** One forced call on `base`, shared by the tests that continue from it. */
  function forcedCall(): typeof requiredTurn {
    requiredTurn ??= model
      .turn(request(base, { toolChoice: 'required', maxTokens: 96 }))
      .then((result) => ({ messages: base, result }));
    return requiredTurn;
  }

  it('loads the model with the chat wrapper resolved from the GGUF', () => {
    expect(model.id).toBe(path.basename(modelPath));
    expect(model.contextSize).toBeGreaterThanOrEqual(1024);
    expect(model.contextSize).toBeLessThanOrEqual(1024 + 256);
    expect(model.chatWrapperName).toMatch(/\w/);
    expect(model.countTokens('hello world')).toBeGreaterThan(0);
  });

  it('streams a plain turn and reports its token figures', async () => {
    const deltas: string[] = [];
    const result = await model.turn(
      request(base, { maxTokens: 8, onTextDelta: (text) => deltas.push(text) }),
    );
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(result.text);
    expect(result.toolCalls).toEqual([]);
    expect(['max_tokens', 'stop']).toContain(result.finishReason);
    const { stats } = result;
    expect(stats.promptTokens).toBeGreaterThan(50);
    expect(stats.evaluatedTokens + stats.reusedTokens).toBe(stats.promptTokens);
    expect(stats.generatedTokens).toBeGreaterThan(0);
    expect(stats.generatedTokens).toBeLessThanOrEqual(8);
    expect(stats.durationMs).toBeGreaterThan(0);
    expect(stats.tokensPerSecond).toBeGreaterThanOrEqual(0);
  });

  it('forces a grammar-valid tool call with toolChoice required', async () => {
    const { result } = await forcedCall();
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls.length).toBeGreaterThanOrEqual(1);
    for (const call of result.toolCalls) {
      expect(call.id).toMatch(/^c\d+$/);
      const tool = tools.find((candidate) => candidate.name === call.name);
      expect(tool, `unknown tool ${call.name}`).toBeDefined();
      expect(matchesSchema(call.args, tool?.parameters ?? {}), JSON.stringify(call.args)).toBe(true);
    }
    expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(result.toolCalls.length);
  });

  it('evaluates only the new tokens of a follow-up turn', async () => {
    const { messages, result } = await forcedCall();
    const followUp: Message[] = [
      ...messages,
      { role: 'assistant', content: result.text, toolCalls: result.toolCalls },
      ...result.toolCalls.map((call): Message => ({
        role: 'tool',
        callId: call.id,
        name: call.name,
        content: '# Demo\nA demo project.',
      })),
      { role: 'user', content: 'Summarise it in one line.' },
    ];
    const next = await model.turn(request(followUp, { maxTokens: 4 }));
    expect(next.stats.reusedTokens).toBeGreaterThan(0);
    expect(next.stats.evaluatedTokens).toBeLessThan(next.stats.promptTokens / 2);
    expect(next.stats.evaluatedTokens + next.stats.reusedTokens).toBe(next.stats.promptTokens);

    // The same history renders byte-identically: at most the last token is evaluated again (metered).
    const again = await model.turn(request(followUp, { maxTokens: 2 }));
    expect(again.stats.promptTokens).toBe(next.stats.promptTokens);
    expect(again.stats.evaluatedTokens).toBeLessThanOrEqual(1);
  });

  it('resolves with cancelled when the signal aborts mid-generation', async () => {
    const controller = new AbortController();
    const deltas: string[] = [];
    const result = await model.turn(
      request(base, {
        maxTokens: 256,
        signal: controller.signal,
        onTextDelta: (text) => {
          deltas.push(text);
          controller.abort();
        },
      }),
    );
    expect(result.finishReason).toBe('cancelled');
    expect(result.text.startsWith(deltas.join(''))).toBe(true);
    expect(result.stats.generatedTokens).toBeLessThan(256);

    const early = await model.turn(request(base, { signal: AbortSignal.abort() }));
    expect(early.finishReason).toBe('cancelled');
    expect(early.stats.generatedTokens).toBe(0);
  });

  it('can be disposed, after which another model loads', async () => {
    const other = await loadLlamaModel({ modelPath, contextSize: 512 });
    await other.dispose();
    await other.dispose();
    await expectModelError(other.turn(request(base, { maxTokens: 1 })), 'generation_failed');

    const reloaded = await loadLlamaModel({ modelPath, contextSize: 512 });
    try {
      const result = await reloaded.turn(request(base, { tools: [], maxTokens: 2 }));
      expect(result.stats.generatedTokens).toBeGreaterThan(0);
    } finally {
      await reloaded.dispose();
    }
  });
});

describe('loadLlamaModel with bad files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'local-coder-gguf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function truncatedCopy(name: string, bytes: number): Promise<string> {
    requireModel();
    const target = path.join(dir, name);
    const source = await open(modelPath, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await source.read(buffer, 0, bytes, 0);
      await writeFile(target, buffer.subarray(0, bytesRead));
    } finally {
      await source.close();
    }
    return target;
  }

  it('reports a missing file as model_not_found', async () => {
    await expectModelError(loadLlamaModel({ modelPath: path.join(dir, 'nope.gguf') }), 'model_not_found');
  });

  it('reports a text file named .gguf as invalid_model_file', async () => {
    const fake = path.join(dir, 'notes.gguf');
    await writeFile(fake, 'These are my notes, not a model.\n');
    const error = await expectModelError(loadLlamaModel({ modelPath: fake }), 'invalid_model_file');
    expect(error.message).toContain('notes.gguf');
  });

  it('reports a folder as invalid_model_file', async () => {
    await expectModelError(loadLlamaModel({ modelPath: dir }), 'invalid_model_file');
  });

  it('reports a GGUF cut inside its header as invalid_model_file', async () => {
    const cut = await truncatedCopy('header-cut.gguf', 100 * 1024);
    const error = await expectModelError(loadLlamaModel({ modelPath: cut }), 'invalid_model_file');
    expect(error.message).toMatch(/incomplete|damaged/);
  });

  it('reports a GGUF cut inside its tensor data as invalid_model_file', async () => {
    requireModel();
    const { size } = await stat(modelPath);
    const cut = await truncatedCopy('data-cut.gguf', Math.floor(size * 0.85));
    await expectModelError(loadLlamaModel({ modelPath: cut }), 'invalid_model_file');
  });

  it('loads an intact copy (the checks do not reject good files)', async () => {
    requireModel();
    const copy = path.join(dir, 'copy.gguf');
    await copyFile(modelPath, copy);
    const loaded = await loadLlamaModel({ modelPath: copy, contextSize: 256 });
    await loaded.dispose();
  });
});
