// Speculative decoding through the harness's own model adapter, on both real test models, each figure
// against its baseline measured in the same run:
//   1. edit-heavy turns (the model rewrites a function it has read; an edit_file call and an apply_patch
//      call on a file it has read) and a short answer, with prompt lookup against without;
//   4. Gemma 3 270M drafting for itself (the wiring: acceptance should be near 100%) and what it costs;
//   5. memory: resident set size after load, with and without the draft (each in a fresh process).
// Tokens/s come from the adapter's own figures (generated tokens over generation time), greedy.
//   npx tsx bench/speculation.ts        (needs npm run models:install; --cases apply_patch: one case)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TokenStats } from '../src/shared/agent-events.js';
import { loadLlamaModel, type LlamaAgentModel } from '../src/main/model/llama-model.js';
import type { SpeculationOptions } from '../src/main/model/speculation.js';
import type { Message, ToolSpec } from '../src/main/model/turn.js';
import { buildSystemPrompt } from '../src/main/agent/system-prompt.js';
import { createDefaultRegistry } from '../src/main/tools/index.js';
import { toToolSpec } from '../src/main/tools/tool-spec.js';
import { installedTestModels } from './installed-models.js';

const REPEATS = 4;
const MAX_TOKENS = 160;
const CONTEXT = 4096;

const tools: ToolSpec[] = createDefaultRegistry().tools.map(toToolSpec);
const system = buildSystemPrompt({ folderName: 'project', os: process.platform });

function sourceFile(): string {
  const fns = Array.from(
    { length: 8 },
    (_, i) =>
      `export function price${i}(items, rate) {\n  let total = 0;\n  for (const item of items) {\n` +
      `    total += item.amount * rate + ${i};\n  }\n  return Math.round(total * 100) / 100;\n}\n`,
  );
  return fns.join('\n');
}

interface Case {
  name: string;
  messages: Message[];
  tools: ToolSpec[];
  toolChoice?: 'required';
}

/** The model has read cart.js (a read_file round) and is asked to change it. */
function editTurn(kind: 'text' | 'call' | 'patch'): Case {
  const ask =
    kind === 'text'
      ? 'Rewrite the function price3 from cart.js so that `total` is called `sum`. Reply with the whole rewritten function in a code block.'
      : kind === 'call'
        ? 'In cart.js, rename `total` to `sum` in price3. Use edit_file.'
        : 'In cart.js, rename `total` to `sum` in price3. Use apply_patch with a unified diff of the change.';
  const messages: Message[] = [
    { role: 'system', content: system },
    { role: 'user', content: ask },
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'r1', name: 'read_file', args: { path: 'cart.js' } }],
    },
    { role: 'tool', callId: 'r1', name: 'read_file', content: sourceFile() },
  ];
  if (kind === 'text') return { name: 'rewrite a function (text)', messages, tools: [] };
  if (kind === 'call') return { name: 'edit_file call (grammar)', messages, tools, toolChoice: 'required' };
  // Only apply_patch offered: the required call is the patch, context lines copied from what it read.
  const patch = tools.filter((t) => t.name === 'apply_patch');
  return { name: 'apply_patch call (grammar)', messages, tools: patch, toolChoice: 'required' };
}

const shortAnswer: Case = {
  name: 'short answer',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: 'In one sentence: what is a pure function?' },
  ],
  tools: [],
};

async function turn(model: LlamaAgentModel, c: Case): Promise<TokenStats> {
  const result = await model.turn({
    messages: c.messages,
    tools: c.tools,
    toolChoice: c.toolChoice,
    signal: new AbortController().signal,
    onTextDelta: () => {},
    maxTokens: MAX_TOKENS,
  });
  return result.stats;
}

interface Figures {
  tokensPerSecond: number;
  generated: number;
  validated: number;
  refuted: number;
}

/**
 * Rounds of one turn per configuration, each on a freshly loaded model (two loaded contexts would share
 * the CPU's threads and skew the figures) after a warm-up turn: the same prompts in every
 * configuration, so greedy decoding writes nearly the same tokens. The rate is all generated tokens over all generation time. Each round's
 * first message differs.
 */
async function measure(modelPath: string, specs: SpeculationOptions[], c: Case): Promise<Figures[]> {
  const runs: TokenStats[][] = specs.map(() => []);
  for (let round = 0; round < REPEATS; round++) {
    const messages = c.messages.map((m, j) =>
      j === 0 && m.role === 'system' ? { ...m, content: `${m.content}\n(round ${round})` } : m,
    );
    // Every other round in reverse order, so neither side always runs first.
    const order = [...specs.keys()];
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const model = await loadLlamaModel({ modelPath, contextSize: CONTEXT, speculation: specs[i] });
      try {
        // A warm-up turn first: a fresh load's first decoding is slower (weights paged in).
        await turn(model, shortAnswer);
        runs[i]!.push(await turn(model, { ...c, messages }));
      } finally {
        await model.dispose();
      }
    }
  }
  return runs.map((list) => {
    const sum = (f: (s: TokenStats) => number) => list.reduce((n, s) => n + f(s), 0);
    const seconds = sum((s) => (s.tokensPerSecond > 0 ? (s.generatedTokens - 1) / s.tokensPerSecond : 0));
    return {
      tokensPerSecond: sum((s) => s.generatedTokens - 1) / seconds,
      generated: sum((s) => s.generatedTokens),
      validated: sum((s) => s.speculation?.validated ?? 0),
      refuted: sum((s) => s.speculation?.refuted ?? 0),
    };
  });
}

function line(label: string, f: Figures, base?: Figures): string {
  const guesses = f.validated + f.refuted;
  const acceptance = guesses > 0 ? `${((100 * f.validated) / guesses).toFixed(0)}% of ${guesses}` : '-';
  const ratio = base ? `${(f.tokensPerSecond / base.tokensPerSecond).toFixed(2)}x` : 'baseline';
  return `  ${label.padEnd(34)} ${f.tokensPerSecond.toFixed(1).padStart(6)} tok/s  ${String(f.generated).padStart(4)} generated  accepted ${acceptance.padEnd(12)} ${ratio}`;
}

function rss(modelPath: string, spec: SpeculationOptions): number {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss', modelPath, JSON.stringify(spec)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const last = out.trim().split('\n').at(-1)!;
  return (JSON.parse(last) as { rss: number }).rss;
}

// Child mode: load one configuration, print the resident set size, exit.
if (process.argv[2] === '--rss') {
  const before = process.memoryUsage().rss;
  const spec = JSON.parse(process.argv[4] ?? '{}') as SpeculationOptions;
  const model = await loadLlamaModel({
    modelPath: process.argv[3]!,
    contextSize: CONTEXT,
    speculation: spec,
  });
  await turn(model, editTurn('text'));
  console.log(JSON.stringify({ rss: process.memoryUsage().rss, before }));
  await model.dispose();
  process.exit(0);
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

for (const { id, modelPath } of installedTestModels(['smollm2-135m-instruct', 'gemma-3-270m'])) {
  console.log(`\n${id} (${CONTEXT}-token context, ${MAX_TOKENS} tokens at most, ${REPEATS} rounds)`);
  // --cases NAME,... runs only the cases whose names start with one of them (e.g. --cases apply_patch).
  const only = process.argv.includes('--cases')
    ? process.argv[process.argv.indexOf('--cases') + 1]!.split(',')
    : undefined;
  const cases = [editTurn('text'), editTurn('call'), editTurn('patch'), shortAnswer].filter(
    (c) => !only || only.some((prefix) => c.name.startsWith(prefix)),
  );
  for (const c of cases) {
    console.log(` ${c.name}`);
    const specs: SpeculationOptions[] = [{ lookup: 'off' }, { lookup: 'on' }];
    if (id === 'gemma-3-270m') specs.push({ lookup: 'off', draftModelPath: modelPath });
    const [off, lookup, draft] = await measure(modelPath, specs, c);
    console.log(line('no speculation', off!));
    console.log(line('prompt lookup', lookup!, off));
    if (draft) console.log(line('draft: Gemma 3 270M for itself', draft, off));
  }
  if (only) continue;
  const plain = rss(modelPath, { lookup: 'off' });
  const lookup = rss(modelPath, { lookup: 'on' });
  console.log(` memory (RSS after load and one turn): none ${mb(plain)}, lookup ${mb(lookup)}`);
  if (id === 'gemma-3-270m') {
    const drafted = rss(modelPath, { lookup: 'off', draftModelPath: modelPath });
    console.log(`   with the draft ${mb(drafted)} (+${mb(drafted - plain)}; no GPU here, so no VRAM figure)`);
  }
}
