// The harness's decode speed against the raw runtime: the same prompt (system prompt, every tool, a task),
// the same model, greedy, the same number of tokens: once through the harness's adapter
// (LlamaAgentModel.turn: the tool-choice wrapper, streaming callbacks, metering, stats) and once through
// a bare node-llama-cpp LlamaChat with the model's own chat wrapper and the same functions. Each side
// runs on a fresh context, alternately, ROUNDS times; the figure is generated tokens over the time from
// the first token to the last (prompt evaluation left out), median of the rounds. Goal: >= 0.95x.
//   npx tsx bench/harness-decode.ts        (needs npm run models:install)
import { LlamaChat, type ChatHistoryItem } from 'node-llama-cpp';
import { buildSystemPrompt } from '../src/main/agent/system-prompt.js';
import { loadLlamaModel } from '../src/main/model/llama-model.js';
import { getLlamaRuntime } from '../src/main/model/llama-runtime.js';
import type { Message, ToolSpec } from '../src/main/model/turn.js';
import { resolveAgentChatWrapper, toFunctions } from '../src/main/model/wrapper-settings.js';
import { createDefaultRegistry } from '../src/main/tools/index.js';
import { toToolSpec } from '../src/main/tools/tool-spec.js';
import { installedTestModels } from './installed-models.js';

const ROUNDS = 5;
const TOKENS = 200;
const CONTEXT = 4096;
const tools: ToolSpec[] = createDefaultRegistry().tools.map(toToolSpec);
const system = buildSystemPrompt({ folderName: 'project', os: process.platform });
const task = 'Write a long explanation, in plain prose, of how a hash map works, with examples.';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const { id, modelPath } of installedTestModels(['smollm2-135m-instruct', 'gemma-3-270m'])) {
  // Lookup off: this compares the harness with the runtime, not speculation (bench/speculation.ts).
  const harness = await loadLlamaModel({ modelPath, contextSize: CONTEXT, speculation: { lookup: 'off' } });
  const llama = await getLlamaRuntime();
  const bareModel = await llama.loadModel({ modelPath });
  const bareContext = await bareModel.createContext({ contextSize: harness.contextSize });
  const bareSequence = bareContext.getSequence();
  const bare = new LlamaChat({
    contextSequence: bareSequence,
    chatWrapper: resolveAgentChatWrapper(bareModel),
  });

  const ours: number[] = [];
  const theirs: number[] = [];
  const counts = { ours: 0, theirs: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    // A new first message each round: both sides evaluate the whole prompt again.
    const messages: Message[] = [
      { role: 'system', content: `${system}\n(round ${round})` },
      { role: 'user', content: task },
    ];
    const result = await harness.turn({
      messages,
      tools,
      signal: new AbortController().signal,
      onTextDelta: () => {},
      maxTokens: TOKENS,
    });
    ours.push(result.stats.tokensPerSecond);
    counts.ours = result.stats.generatedTokens;

    const history: ChatHistoryItem[] = [
      { type: 'system', text: messages[0]!.content },
      { type: 'user', text: task },
      { type: 'model', response: [] },
    ];
    await bareSequence.clearHistory();
    let first = 0;
    let n = 0;
    await bare.generateResponse(history, {
      functions: toFunctions(tools),
      documentFunctionParams: true,
      maxTokens: TOKENS,
      onToken: (tokens) => {
        if (n === 0) first = performance.now();
        n += tokens.length;
      },
    });
    const seconds = (performance.now() - first) / 1000;
    theirs.push(Math.round(((n - 1) / seconds) * 10) / 10);
    counts.theirs = n;
  }
  const a = median(ours);
  const b = median(theirs);
  console.log(
    `${id}: harness ${a.toFixed(1)} tok/s (${counts.ours} tokens), bare LlamaChat ${b.toFixed(1)} tok/s ` +
      `(${counts.theirs} tokens), ratio ${(a / b).toFixed(3)}x  [harness runs: ${ours.join(', ')}; bare: ${theirs.join(', ')}]`,
  );
  bare.dispose();
  await bareContext.dispose();
  await bareModel.dispose();
  await harness.dispose();
}
