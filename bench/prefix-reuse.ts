// Prefix reuse over a 30-turn tool session with a real GGUF (default: the tiny random-weight fixture).
// Prints, per turn, prompt tokens, tokens evaluated, tokens served from the KV cache and tokens appended
// since the previous turn; then the totals against a run that would re-evaluate the whole prompt.
//   npm run bench            (LOCAL_CODER_BENCH_MODEL=/path/to/model.gguf to use another model)
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenStats } from '../src/shared/agent-events.js';
import { runAgent } from '../src/main/agent/agent-loop.js';
import type { AgentModel } from '../src/main/model/turn.js';
import { buildSystemPrompt } from '../src/main/agent/system-prompt.js';
import { openModel } from '../src/main/model/open-model.js';
import { isEngineSpec } from '../src/main/model/engine/spec.js';
import { createDefaultRegistry } from '../src/main/tools/index.js';
import { DEFAULT_LIMITS } from '../src/main/tools/types.js';
import { createCommandRunner } from '../src/main/workspace/command-runner.js';
import { ReadTracker } from '../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../src/main/workspace/workspace.js';
import { allowAllPermissions } from '../tests/helpers/allow-all.js';

const TURNS = 30;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A GGUF path, or an engine model (openai:http://127.0.0.1:PORT/v1#NAME; bench/engine-reuse.ts starts one).
const modelSpec =
  process.env.LOCAL_CODER_BENCH_MODEL ?? path.join(repo, 'tests/fixtures/models/llama-2-tiny-random.gguf');
const modelPath = isEngineSpec(modelSpec) ? modelSpec : path.resolve(modelSpec);

const tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-bench-'));
try {
  const folder = path.join(tmp, 'project');
  await cp(path.join(repo, 'tests/fixtures/sample-project'), folder, { recursive: true });
  const opened = await openWorkspace(folder);
  if (!opened.ok) throw new Error(opened.message);
  const model = await openModel(modelPath, { contextSize: 4096 });
  const stats: TokenStats[] = [];
  const compactions: string[] = [];
  /** Index in `stats` of the first agent turn after each compaction. */
  const afterCompaction = new Set<number>();
  const started = performance.now();
  // Summary turns (compaction) evaluate tokens too; they are counted here, apart from the agent's turns.
  const summaries: TokenStats[] = [];
  const counted: AgentModel = {
    id: model.id,
    contextSize: model.contextSize,
    ...(model.countTokens ? { countTokens: (text: string) => model.countTokens!(text) } : {}),
    ...(model.countPromptTokens
      ? {
          countPromptTokens: (
            m: Parameters<NonNullable<AgentModel['countPromptTokens']>>[0],
            t: Parameters<NonNullable<AgentModel['countPromptTokens']>>[1],
          ) => model.countPromptTokens!(m, t),
        }
      : {}),
    dispose: () => model.dispose(),
    turn: async (request) => {
      const result = await model.turn(request);
      if (request.purpose === 'summary') summaries.push(result.stats);
      return result;
    },
  };
  const result = await runAgent({
    model: counted,
    tools: createDefaultRegistry(['list_dir', 'read_file']),
    toolContext: {
      ws: opened.workspace,
      reads: new ReadTracker(),
      commands: createCommandRunner(),
      limits: DEFAULT_LIMITS,
      // Only list_dir and read_file are offered; they ask nothing.
      permissions: allowAllPermissions(),
    },
    systemPrompt: buildSystemPrompt({ folderName: 'project', os: process.platform }),
    task: 'Look through the project and tell me what it does.',
    // Random weights rarely call a tool by themselves: force every turn to be a call, and let failed or
    // repeated calls go on so the session lasts the whole 20 turns.
    toolChoice: 'required',
    maxSteps: TURNS,
    maxConsecutiveErrors: Number.POSITIVE_INFINITY,
    loopPolicy: { repeatWarn: 2, repeatStop: Infinity, maxCycle: 3, cycleWarn: 2, cycleStop: Infinity },
    onEvent: (event) => {
      if (event.type === 'token_stats') stats.push(event);
      if (event.type === 'compaction') {
        afterCompaction.add(stats.length);
        compactions.push(`turn ${event.step}: ${event.method} ${event.tokensBefore} -> ${event.tokensAfter}`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  await model.dispose();

  console.log(
    `model ${isEngineSpec(modelPath) ? model.id : path.basename(modelPath)}, context ${model.contextSize}, stop: ${result.reason}`,
  );
  if (model.about) console.log(`served by ${model.about}`);
  console.log('turn  prompt  evaluated  reused  appended  evaluated/appended  from cache  first token');
  let prevEnd = 0;
  stats.forEach((s, i) => {
    // Appended: what the prompt holds beyond the previous prompt plus the previous answer.
    // After a compaction the prompt shrank: nothing was appended, earlier text was rewritten.
    const appended = i === 0 ? s.promptTokens : s.promptTokens - prevEnd;
    prevEnd = s.promptTokens + s.generatedTokens;
    const ratio = appended > 0 ? (s.evaluatedTokens / appended).toFixed(2) : 'compacted';
    console.log(
      `${String(i + 1).padStart(4)}  ${pad(s.promptTokens, 6)}  ${pad(s.evaluatedTokens, 9)}  ${pad(s.reusedTokens, 6)}  ${appended > 0 ? pad(appended, 8) : '       -'}  ${ratio.padStart(18)}  ${pct(s.reusedTokens, s.promptTokens).padStart(10)}  ${s.firstTokenMs === undefined ? '           -' : `${String(s.firstTokenMs).padStart(9)} ms`}`,
    );
  });
  const total = (key: Exclude<keyof TokenStats, 'speculation' | 'firstTokenMs'>) =>
    stats.reduce((sum, s) => sum + s[key], 0);
  const evaluated = total('evaluatedTokens');
  const prompt = total('promptTokens');
  console.log(`turns ${stats.length}, wall ${seconds.toFixed(1)} s`);
  const largest = Math.max(...stats.map((s) => s.promptTokens));
  console.log(`largest prompt ${largest} tokens = ${(largest / model.contextSize).toFixed(3)} of the window`);
  console.log(
    `compactions: ${compactions.length}${compactions.length ? ` (${compactions.join('; ')})` : ''}`,
  );
  const summaryEvaluated = summaries.reduce((sum, x) => sum + x.evaluatedTokens, 0);
  console.log(
    `summary turns: ${summaries.length}, prompt tokens they evaluated: ${summaryEvaluated} (of ${summaries.reduce((sum, x) => sum + x.promptTokens, 0)} in their prompts)`,
  );
  console.log(
    `prompt tokens evaluated: ${evaluated} by agent turns, ${evaluated + summaryEvaluated} with summary turns`,
  );
  console.log(`prompt tokens a full re-evaluation every turn would evaluate: ${prompt}`);
  console.log(`ratio evaluated / full re-evaluation: ${(evaluated / prompt).toFixed(3)}`);
  console.log(`prompt tokens served from cache, all turns: ${pct(total('reusedTokens'), prompt)}`);
  const later = stats.slice(1);
  const laterReuse = later.reduce((s, x) => s + x.reusedTokens, 0);
  const laterPrompt = later.reduce((s, x) => s + x.promptTokens, 0);
  console.log(`prompt tokens served from cache, turns 2-${stats.length}: ${pct(laterReuse, laterPrompt)}`);
  // Between compactions: every turn but the first and those right after a compaction (a new prefix).
  const steady = stats.filter((_, i) => i > 0 && !afterCompaction.has(i));
  const steadyReuse = steady.reduce((n, x) => n + x.reusedTokens, 0);
  const steadyPrompt = steady.reduce((n, x) => n + x.promptTokens, 0);
  console.log(
    `prompt tokens served from cache between compactions (${steady.length} turns): ${pct(steadyReuse, steadyPrompt)}`,
  );
  // What no cache can serve: the tokens appended since the previous turn (the new tool result, the
  // template's turn markers). Of the rest, the prefix the previous turn left, how much was served.
  const appendedOf = (i: number): number =>
    i === 0
      ? stats[0]!.promptTokens
      : stats[i]!.promptTokens - stats[i - 1]!.promptTokens - stats[i - 1]!.generatedTokens;
  const steadyIdx = stats.map((_, i) => i).filter((i) => i > 0 && !afterCompaction.has(i));
  const steadyAppended = steadyIdx.reduce((n, i) => n + Math.max(0, appendedOf(i)), 0);
  console.log(
    `  of which new since the previous turn (no cache can serve it): ${pct(steadyAppended, steadyPrompt)}; ` +
      `served of the rest (the previous prompt and answer): ${pct(steadyReuse, steadyPrompt - steadyAppended)}`,
  );
  // Time to first token against the tokens each turn had to evaluate (a least-squares line).
  const points = stats
    .filter((x) => x.firstTokenMs !== undefined)
    .map((x) => [x.evaluatedTokens, x.firstTokenMs!] as const);
  if (points.length > 2) {
    const mx = points.reduce((n, [x]) => n + x, 0) / points.length;
    const my = points.reduce((n, [, y]) => n + y, 0) / points.length;
    const slope =
      points.reduce((n, [x, y]) => n + (x - mx) * (y - my), 0) /
      Math.max(
        1e-9,
        points.reduce((n, [x]) => n + (x - mx) ** 2, 0),
      );
    console.log(
      `time to first token: median ${median(points.map(([, y]) => y))} ms; fit ${(my - slope * mx).toFixed(0)} ms + ${slope.toFixed(2)} ms per evaluated token`,
    );
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}
