// KV reuse across a compaction with sliding-window attention (Gemma 3) against a full-attention model
// (SmolLM2), with and without the prefix checkpoint the adapter takes. A session grows to ~6,000 tokens,
// then a compaction replaces the older turns with a summary; the figure is the prompt tokens the next
// turn evaluated (metered by node-llama-cpp), against the tokens that changed.
//   npx tsx bench/swa-reuse.ts        (needs npm run models:install)
import type { Message, ToolSpec } from '../src/main/model/turn.js';
import { buildSystemPrompt } from '../src/main/agent/system-prompt.js';
import { createDefaultRegistry } from '../src/main/tools/index.js';
import { toToolSpec } from '../src/main/tools/tool-spec.js';
import { loadLlamaModel } from '../src/main/model/llama-model.js';
import { installedTestModels } from './installed-models.js';

// The real fixed prompt: the system prompt and every default tool.
const tools: ToolSpec[] = createDefaultRegistry().tools.map(toToolSpec);
const system = buildSystemPrompt({ folderName: 'project', os: process.platform });
const file = (i: number) =>
  Array.from({ length: 40 }, (_, l) => `export function f${i}_${l}(a, b) { return a * ${l} + b; }`).join(
    '\n',
  );

for (const { id, modelPath } of installedTestModels(['gemma-3-270m', 'smollm2-135m-instruct'])) {
  for (const checkpoints of [false, true]) {
    const model = await loadLlamaModel({ modelPath, contextSize: 8192, prefixCheckpoints: checkpoints });
    const messages: Message[] = [
      { role: 'system', content: system },
      { role: 'user', content: 'Find where f3_7 is defined and explain it.' },
    ];
    // Each turn appends a short reply and a file's worth of text, as a read_file round does.
    const turn = async () => {
      const r = await model.turn({
        messages,
        tools,
        signal: new AbortController().signal,
        onTextDelta: () => {},
        maxTokens: 4,
      });
      messages.push({ role: 'assistant', content: r.text, toolCalls: [] });
      messages.push({
        role: 'user',
        content: `Contents of f${messages.length}.js:\n${file(messages.length)}`,
      });
      return r.stats;
    };
    let last = await turn();
    while (last.promptTokens < 6000) last = await turn();
    const before = last.promptTokens;
    // The compaction: everything after the task is replaced by a summary and the latest call.
    const tail = messages.slice(-2);
    messages.splice(
      2,
      messages.length - 2,
      { role: 'user', content: '[Summary of earlier work] read six files; f3_7 not found yet.' },
      ...tail,
    );
    const t0 = performance.now();
    const after = await turn();
    const ms = Math.round(performance.now() - t0);
    console.log(
      `${id.padEnd(22)} checkpoints ${checkpoints ? 'on ' : 'off'}  prompt ${before} -> ${after.promptTokens} after compaction: evaluated ${after.evaluatedTokens}, served from cache ${after.reusedTokens} (${((100 * after.reusedTokens) / after.promptTokens).toFixed(1)}%), ${ms} ms`,
    );
    await model.dispose();
  }
}
