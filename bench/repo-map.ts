// Repo map on a large real tree: this repository's node_modules (typescript, zod, react-dom,
// node-llama-cpp, vite, ...: ~9k files, ~45 MB of JS/TS), or the folder given as argument.
// Prints, from the same run: a bare walk of the folder (the baseline), the cold build (empty cache),
// the warm build (every file cached), a refresh after 10 edits, render times, and the rendered map's
// real token count (the tiny GGUF's Llama 2 tokenizer) at budgets of 1k, 2k and 4k tokens.
//   npx tsx bench/repo-map.ts [folder]
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getLlama } from 'node-llama-cpp';
import { RepoMap } from '../src/main/context/repo-map.js';
import type { RepoMapStats } from '../src/main/context/repo-map.js';
import { openWorkspace } from '../src/main/workspace/workspace.js';

const RUNS = 3;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.resolve(process.argv[2] ?? path.join(repo, 'node_modules'));
const modelPath = path.join(repo, 'tests/fixtures/models/llama-2-tiny-random.gguf');
const TASK = [
  'The zod schema parse fails: safeParse returns success for an invalid email.',
  'Look at how ZodString checks emails and fix the regex in the core checks.',
];

const opened = await openWorkspace(folder);
if (!opened.ok) throw new Error(opened.message);
const ws = opened.workspace;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number): string => `${x.toFixed(0)} ms`;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

// Baseline: the walk alone (same ignore rules, no stat, no read).
const walks: number[] = [];
let walked = 0;
for (let r = 0; r < RUNS; r++) {
  const [n, t] = await timed(async () => {
    let count = 0;
    for await (const _ of ws.walkFiles()) count++;
    return count;
  });
  walked = n;
  walks.push(t);
}

const colds: number[] = [];
let map = new RepoMap(ws);
let cold: RepoMapStats | undefined;
for (let r = 0; r < RUNS; r++) {
  map = new RepoMap(ws);
  const [stats, t] = await timed(() => map.build());
  cold = stats;
  colds.push(t);
}
const warms: number[] = [];
for (let r = 0; r < RUNS; r++) warms.push((await timed(() => map.build()))[1]);

// Ten "edited" files: invalidate() then refresh(), as a watcher would drive it.
const edited = [
  ...map.render({ budgetTokens: 1e9, countTokens: () => 0 }).text.matchAll(/^\S+\.(?:ts|js)$/gm),
]
  .slice(0, 10)
  .map((m) => m[0]);
for (const rel of edited) map.invalidate(rel);
const [refreshed, refreshTime] = await timed(() => map.refresh());
const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

const llama = await getLlama({ gpu: false });
const model = await llama.loadModel({ modelPath });
const countTokens = (text: string): number => model.tokenize(text).length;

console.log(`folder ${folder}; ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}`);
console.log(
  `files ${cold?.files} (walk yields ${walked}), source files ${cold?.sourceFiles}, symbols ${cold?.symbols}, ` +
    `skipped ${cold?.skipped} (large/binary/minified/generated), truncated ${cold?.truncated}`,
);
console.log(`heap after build ${heapMb.toFixed(0)} MB`);
console.log(`bare walk (baseline)   ${ms(median(walks))}`);
console.log(
  `cold build             ${ms(median(colds))}  (${(median(colds) / median(walks)).toFixed(1)}x walk)`,
);
console.log(
  `warm build (all cached) ${ms(median(warms))}  (${(median(warms) / median(walks)).toFixed(1)}x walk)`,
);
console.log(
  `refresh after ${edited.length} invalidated files ${ms(refreshTime)}  (parsed ${refreshed.parsed})`,
);
console.log('');
console.log('budget  tokens  with symbols  listed  left out  render (real tokenizer)  render (chars/4)');
for (const budget of [1000, 2000, 4000]) {
  const times: number[] = [];
  let out = map.render({ budgetTokens: budget, countTokens, mentions: TASK });
  for (let r = 0; r < RUNS; r++) {
    const [o, t] = await timed(async () => map.render({ budgetTokens: budget, countTokens, mentions: TASK }));
    out = o;
    times.push(t);
  }
  const cheap: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const count = (t: string): number => Math.ceil(t.length / 4);
    cheap.push(
      (await timed(async () => map.render({ budgetTokens: budget, countTokens: count, mentions: TASK })))[1],
    );
  }
  const real = countTokens(out.text);
  if (real > budget) throw new Error(`budget ${budget} exceeded: ${real} tokens`);
  console.log(
    `${String(budget).padStart(6)}  ${String(real).padStart(6)}  ${String(out.filesWithSymbols).padStart(12)}  ` +
      `${String(out.filesListed).padStart(6)}  ${String(out.filesLeftOut).padStart(8)}  ` +
      `${ms(median(times)).padStart(23)}  ${ms(median(cheap)).padStart(16)}`,
  );
}
console.log('\nmap at 1000 tokens, first 30 lines:');
const sample = map.render({ budgetTokens: 1000, countTokens, mentions: TASK }).text.split('\n');
console.log(sample.slice(0, 30).join('\n'));
console.log(`... (${sample.length} lines)`);
await model.dispose();
await llama.dispose();
