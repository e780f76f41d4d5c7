// Speculative decoding with the real test models through the harness's adapter: prompt lookup and a draft
// model report their guesses in the turn's stats, greedy output is the same with and without them, a
// draft with another tokenizer is refused with a message a person can act on, and `auto` is off on the CPU.
import { describe, expect, it } from 'vitest';
import type { TokenStats } from '../../src/shared/agent-events.js';
import { ModelError, type Message, type TurnResult } from '../../src/main/model/turn.js';
import { loadLlamaModel, type LlamaAgentModel } from '../../src/main/model/llama-model.js';
import { getLlamaRuntime } from '../../src/main/model/llama-runtime.js';
import type { SpeculationOptions } from '../../src/main/model/speculation.js';
import { testModelPath } from '../../scripts/test-models.js';

const gemma = testModelPath('gemma-3-270m');
const smol = testModelPath('smollm2-135m-instruct');

const code = Array.from(
  { length: 6 },
  (_, i) => `function add${i}(a, b) {\n  const total = a + b + ${i};\n  return total;\n}`,
).join('\n');
/** An input-grounded turn: the model repeats code it was given. */
const messages: Message[] = [
  { role: 'system', content: 'You are a careful coding assistant.' },
  { role: 'user', content: `Here is a file:\n\n${code}\n\nRepeat the file exactly.` },
];

async function withModel<T>(
  modelPath: string,
  speculation: SpeculationOptions,
  fn: (m: LlamaAgentModel) => Promise<T>,
): Promise<T> {
  const model = await loadLlamaModel({ modelPath, contextSize: 2048, speculation });
  try {
    return await fn(model);
  } finally {
    await model.dispose();
  }
}

const turn = (model: LlamaAgentModel): Promise<TurnResult> =>
  model.turn({
    messages,
    tools: [],
    signal: new AbortController().signal,
    onTextDelta: () => {},
    maxTokens: 80,
  });

describe('speculative decoding on the real models', () => {
  it.each([
    ['gemma-3-270m', gemma],
    ['smollm2-135m-instruct', smol],
  ])('%s: prompt lookup guesses, reports them, and writes what it writes without', async (_, modelPath) => {
    const plain = await withModel(modelPath, { lookup: 'off' }, turn);
    const looked = await withModel(modelPath, { lookup: 'on' }, async (model) => {
      expect(model.speculation).toEqual({ kind: 'lookup' });
      return turn(model);
    });
    expect(plain.stats.speculation).toBeUndefined();
    const s = looked.stats.speculation as NonNullable<TokenStats['speculation']>;
    expect(s.kind).toBe('lookup');
    expect(s.validated + s.refuted).toBeGreaterThan(0);
    // Guesses are only checked, never taken on trust: greedy output is the same.
    expect(looked.text).toBe(plain.text);
  });

  it('Gemma 3 270M drafting for itself: nearly every guess is confirmed, and the output is the same', async () => {
    const plain = await withModel(gemma, { lookup: 'off' }, turn);
    const drafted = await withModel(gemma, { draftModelPath: gemma }, async (model) => {
      expect(model.speculation).toEqual({ kind: 'draft', draftModel: expect.stringContaining('gemma') });
      return turn(model);
    });
    const s = drafted.stats.speculation as NonNullable<TokenStats['speculation']>;
    expect(s.kind).toBe('draft');
    expect(s.validated).toBeGreaterThan(20);
    expect(s.validated / (s.validated + s.refuted)).toBeGreaterThan(0.9);
    expect(drafted.text).toBe(plain.text);
  });

  it('a draft with another tokenizer is refused, naming both models and what to do', async () => {
    const error = await loadLlamaModel({
      modelPath: gemma,
      contextSize: 2048,
      speculation: { draftModelPath: smol },
    })
      .then(() => null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('model_load_failed');
    expect((error as ModelError).message).toMatch(
      /SmolLM2-135M-Instruct\.Q4_1\.gguf cannot draft for gemma-3-270m.*vocabulary.*run without one/,
    );
  });

  it('a draft that is not a model file is refused as the draft, not as the model', async () => {
    const error = await loadLlamaModel({
      modelPath: gemma,
      contextSize: 2048,
      speculation: { draftModelPath: '/nonexistent/draft.gguf' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toMatch(
      /^Could not load the draft model draft\.gguf: .*run without one\.$/,
    );
  });

  it('auto: off on the CPU, where lookup was measured to slow decoding; on where a GPU runs it', async () => {
    const onCpu = (await getLlamaRuntime()).gpu === false;
    await withModel(smol, { lookup: 'auto' }, async (model) => {
      expect(model.speculation).toEqual(onCpu ? null : { kind: 'lookup' });
      if (onCpu) expect((await turn(model)).stats.speculation).toBeUndefined();
    });
  });
});
