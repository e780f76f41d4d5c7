// The fixed part of every prompt (system prompt + all tool descriptions, as the model's own chat
// template renders them) must stay well under 1,000 tokens with a Llama-family tokenizer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSystemPrompt } from '../../src/main/agent/system-prompt.js';
import { loadLlamaModel, type LlamaAgentModel } from '../../src/main/model/llama-model.js';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { toToolSpec } from '../../src/main/tools/tool-spec.js';
import { testModelPath } from './test-model.js';

let model: LlamaAgentModel;
beforeAll(async () => {
  model = await loadLlamaModel({ modelPath: testModelPath(), contextSize: 2048 });
});
afterAll(async () => {
  await model?.dispose();
});

describe('prompt size', () => {
  it('system prompt plus every tool description renders to well under 1,000 tokens', async () => {
    const tools = createDefaultRegistry().tools.map(toToolSpec);
    const system = buildSystemPrompt({ folderName: 'my-project', os: 'linux' });
    const turn = (withTools: boolean) =>
      model.turn({
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: 'x' },
        ],
        tools: withTools ? tools : [],
        signal: new AbortController().signal,
        onTextDelta: () => {},
        maxTokens: 1,
      });
    const full = (await turn(true)).stats.promptTokens;
    const withoutTools = (await turn(false)).stats.promptTokens;
    console.log(
      `fixed prompt: ${full} tokens (system prompt ${model.countTokens(system)}, tool descriptions ${full - withoutTools}, ${tools.length} tools, Llama 2 tokenizer, ${model.chatWrapperName} template)`,
    );
    expect(withoutTools).toBeGreaterThan(model.countTokens(system));
    expect(full).toBeGreaterThan(withoutTools);
    // "Well under 1,000": the figure includes about 180 tokens of the General template's own function-calling preamble.
    expect(full).toBeLessThan(900);
  });
});
