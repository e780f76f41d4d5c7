// The engine backend against a real llama.cpp server process on 127.0.0.1 running the real test models:
// the probe, streamed turns with native and schema-constrained calls, the server's prompt cache, cancel,
// and the errors a person meets (unreachable, key, model, context).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngineModel, type EngineModel } from '../../src/main/model/engine/engine-model.js';
import { ModelError, type Message, type ToolSpec, type TurnRequest } from '../../src/main/model/turn.js';
import { installedTestModels } from '../../bench/installed-models.js';
import { engineSkipReason, freePort, startLlamaServer, type RunningServer } from './helpers/llama-server.js';

const skipReason = engineSkipReason();
const models = installedTestModels(['smollm2-135m-instruct', 'gemma-3-270m']);
const smol = models.find((m) => m.id === 'smollm2-135m-instruct');
if (skipReason) console.warn(`Engine tests skipped: ${skipReason}`);

const READ_FILE: ToolSpec = {
  name: 'read_file',
  description: 'Read a file of the project.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
    additionalProperties: false,
  },
};

function request(messages: Message[], extra: Partial<TurnRequest> = {}): TurnRequest {
  return {
    messages,
    tools: [READ_FILE],
    signal: new AbortController().signal,
    onTextDelta: () => undefined,
    ...extra,
  };
}

const system: Message = {
  role: 'system',
  content: 'You are a coding agent. Use the tools to look at the project before you answer.',
};

async function expectModelError(promise: Promise<unknown>, code: string): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).code).toBe(code);
  return error as ModelError;
}

describe.skipIf(skipReason !== null || !smol)(
  'a model on llama-server (its own chat template, --jinja)',
  () => {
    let server: RunningServer;
    let model: EngineModel;
    beforeAll(async () => {
      server = await startLlamaServer({ model: smol!.modelPath, alias: 'smollm2', contextSize: 4096 });
      model = await openEngineModel(server.spec);
    });
    afterAll(async () => {
      await model?.dispose();
      await server?.stop();
    });

    it('probes the server once: its context from /props, how it takes calls, its tokenizer', async () => {
      // SmolLM2's template has no tools: the server takes `tools` but returns the model's text unparsed
      // (with tool_choice required too), so the probe falls back to schema-constrained steps.
      const props = (await (await fetch(`${server.origin}/props`)).json()) as {
        chat_template_caps?: { supports_tools?: boolean };
      };
      expect(props.chat_template_caps?.supports_tools).toBe(false);
      expect(model.info).toMatchObject({
        kind: 'llama-server',
        model: 'smollm2',
        contextSize: 4096,
        contextSource: 'llama-server /props',
        toolMode: 'schema',
        tokenCount: 'server',
      });
      expect(model.info.charsPerToken).toBeGreaterThan(1.5);
      expect(model.info.charsPerToken).toBeLessThan(8);
      expect(model.id).toBe(`smollm2 @ ${new URL(server.origin).host}`);
      expect(model.about).toContain('JSON-schema constrained steps');
    });

    it('counts tokens within a few percent of the server tokenizer, on the large side', async () => {
      const text =
        'function add(a, b) {\n  return a + b;\n}\n// adds two numbers and returns the sum\n'.repeat(20);
      const answer = (await (
        await fetch(`${server.origin}/tokenize`, {
          method: 'POST',
          body: JSON.stringify({ content: text, add_special: false }),
        })
      ).json()) as { tokens: unknown[] };
      const estimate = model.countTokens(text);
      expect(estimate).toBeGreaterThanOrEqual(answer.tokens.length * 0.9);
      expect(estimate).toBeLessThanOrEqual(answer.tokens.length * 1.6);
    });

    it('forces a call when one is required: parsed arguments, streamed as it comes, and stats', async () => {
      const deltas: string[] = [];
      const result = await model.turn(
        request([system, { role: 'user', content: 'Read the file src/index.ts.' }], {
          toolChoice: 'required',
          onCallDelta: (d) => deltas.push(d),
          maxTokens: 64,
        }),
      );
      expect(result.finishReason).toBe('tool_calls');
      expect(result.toolCalls).toHaveLength(1);
      expect(result.toolCalls[0]).toMatchObject({ id: 'c1', name: 'read_file' });
      expect(typeof (result.toolCalls[0]!.args as { path?: unknown }).path).toBe('string');
      expect(deltas.join('')).not.toBe('');
      expect(result.stats.promptTokens).toBeGreaterThan(50);
      expect(result.stats.generatedTokens).toBeGreaterThan(0);
      expect(result.stats.evaluatedTokens + result.stats.reusedTokens).toBe(result.stats.promptTokens);
    });

    it('streams plain text deltas that add up to the answer', async () => {
      const deltas: string[] = [];
      const result = await model.turn(
        request([{ role: 'user', content: 'Say hello in one short sentence.' }], {
          tools: [],
          onTextDelta: (d) => deltas.push(d),
          maxTokens: 24,
        }),
      );
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(result.text);
      expect(['stop', 'max_tokens']).toContain(result.finishReason);
    });

    it("serves a growing session's prompt from the server's cache", async () => {
      const history: Message[] = [system, { role: 'user', content: 'What does src/index.ts do?' }];
      const first = await model.turn(request(history, { toolChoice: 'required', maxTokens: 48 }));
      expect(first.toolCalls).toHaveLength(1);
      const call = first.toolCalls[0]!;
      history.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls });
      history.push({
        role: 'tool',
        callId: call.id,
        name: call.name,
        content: 'export function main() {\n  console.log("hello");\n}\n',
      });
      const second = await model.turn(request(history, { maxTokens: 32 }));
      // Everything up to the new tool result was in the cache: only the appended part is evaluated.
      expect(second.stats.reusedTokens).toBeGreaterThan(first.stats.promptTokens * 0.8);
      expect(second.stats.evaluatedTokens).toBeLessThan(
        second.stats.promptTokens - first.stats.promptTokens + 40,
      );
      // Budgets: the last turn's real size plus the estimate of what came after it.
      const next: Message[] = [
        ...history,
        { role: 'assistant', content: second.text, toolCalls: second.toolCalls },
      ];
      const counted = model.countPromptTokens(next, [READ_FILE]);
      expect(counted).toBeGreaterThanOrEqual(second.stats.promptTokens);
    });

    it('cuts a call off at max tokens without acting on it', async () => {
      const result = await model.turn(
        request([system, { role: 'user', content: 'Read the file src/a/very/long/path/to/some/file.ts.' }], {
          toolChoice: 'required',
          maxTokens: 3,
        }),
      );
      expect(result.toolCalls).toEqual([]);
      expect(result.finishReason).toBe('max_tokens');
    });

    it('cancels at once: the request is aborted and the turn resolves as cancelled', async () => {
      const controller = new AbortController();
      let chunks = 0;
      const turn = model.turn(
        request([{ role: 'user', content: 'Write a very long story about a robot, with many chapters.' }], {
          tools: [],
          signal: controller.signal,
          maxTokens: 2000,
          onTextDelta: () => {
            if (++chunks === 5) controller.abort();
          },
        }),
      );
      const result = await turn;
      expect(result.finishReason).toBe('cancelled');
      expect(chunks).toBeGreaterThanOrEqual(5);
      expect(chunks).toBeLessThan(200);
      // The server stopped generating too (the request was closed), long before 2000 tokens.
      await expect
        .poll(
          async () => {
            const slots = (await (await fetch(`${server.origin}/slots`)).json()) as {
              is_processing?: boolean;
              n_decoded?: number;
              next_token?: { n_decoded?: number }[];
            }[];
            return slots.every((slot) => slot.is_processing === false);
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(true);
      const after = await model.turn(request([{ role: 'user', content: 'Hi' }], { tools: [], maxTokens: 4 }));
      expect(after.finishReason).not.toBe('cancelled');
    });

    it('says when a prompt does not fit the server context', async () => {
      const huge = 'word '.repeat(6000);
      await expectModelError(
        model.turn(request([{ role: 'user', content: huge }], { tools: [], maxTokens: 4 })),
        'context_too_small',
      );
    });

    it('refuses a model the server does not serve, naming the ones it does', async () => {
      const error = await expectModelError(
        openEngineModel(`openai:${server.origin}/v1#no-such-model`),
        'server_model_not_found',
      );
      expect(error.message).toContain('smollm2');
    });
  },
);

describe.skipIf(skipReason !== null || !smol)('a llama-server without its tools API (no --jinja)', () => {
  let server: RunningServer;
  let model: EngineModel;
  beforeAll(async () => {
    server = await startLlamaServer({ model: smol!.modelPath, alias: 'smol-plain', jinja: false });
    model = await openEngineModel(server.spec);
  });
  afterAll(async () => {
    await model?.dispose();
    await server?.stop();
  });

  it('falls back to schema-constrained steps and still gets a parsed call', async () => {
    expect(model.info.toolMode).toBe('schema');
    const calls: string[] = [];
    const result = await model.turn(
      request([system, { role: 'user', content: 'Read the file README.md.' }], {
        toolChoice: 'required',
        onCallDelta: (d) => calls.push(d),
        maxTokens: 64,
      }),
    );
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls[0]?.name).toBe('read_file');
    expect(typeof (result.toolCalls[0]!.args as { path?: unknown }).path).toBe('string');
    expect(calls.join('')).toContain('"tool"');
  });
});

describe.skipIf(skipReason !== null || !smol)('errors a person can act on', () => {
  it('a server that is not running: server_unreachable, naming the address', async () => {
    const port = await freePort();
    const error = await expectModelError(
      openEngineModel(`openai:http://127.0.0.1:${port}/v1#m`, { maxRetries: 0 }),
      'server_unreachable',
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('a server with a key: refused without it, served with it, and the key is never shown', async () => {
    const key = 'sk-local-coder-test-0123456789';
    const server = await startLlamaServer({ model: smol!.modelPath, alias: 'keyed', apiKey: key });
    try {
      const refused = await expectModelError(
        openEngineModel(server.spec, { maxRetries: 0 }),
        'server_unauthorized',
      );
      expect(refused.message).toContain('LOCAL_CODER_API_KEY');
      const wrong = await expectModelError(
        openEngineModel(server.spec, { apiKey: `${key}-wrong`, maxRetries: 0 }),
        'server_unauthorized',
      );
      expect(wrong.message).not.toContain(key);
      const model = await openEngineModel(server.spec, { apiKey: key });
      const result = await model.turn(
        request([{ role: 'user', content: 'Hi' }], { tools: [], maxTokens: 4 }),
      );
      expect(result.stats.generatedTokens).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it('a server whose context is below what the agent needs: context_too_small at open', async () => {
    const server = await startLlamaServer({ model: smol!.modelPath, contextSize: 1024 });
    try {
      const error = await expectModelError(openEngineModel(server.spec), 'context_too_small');
      expect(error.message).toContain('1024');
    } finally {
      await server.stop();
    }
  });

  it('a server still starting is waited for (retries with backoff), not failed', async () => {
    const server = await startLlamaServer({ model: smol!.modelPath, alias: 'late', noWait: true });
    try {
      const model = await openEngineModel(server.spec, { maxRetries: 6 });
      expect(model.info.model).toBe('late');
    } finally {
      await server.stop();
    }
  });
});
