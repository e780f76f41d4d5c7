// A 200-turn scripted tool session at 4k, 8k and 16k windows, on a generated project with real tools.
// Every prompt the model is handed is rendered with the real chat template and counted with a real
// Llama tokenizer (the tiny GGUF's), so "largest prompt / window" is measured, not estimated.
// Prints, per window: compactions, the largest prompt relative to the window, and whether the task and
// the project's standing instructions survived to the last turn.
//   npx tsx bench/context-long-session.ts
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLlama, resolveChatWrapper, type ChatModelFunctions } from 'node-llama-cpp';
import type { AgentEvent } from '../src/shared/agent-events.js';
import { runSession } from '../src/main/agent/session.js';
import type { AgentModel, Message, ToolSpec } from '../src/main/model/turn.js';
import { toChatHistory } from '../src/main/model/chat-history.js';
import { ScriptedModel, type Script } from '../src/main/model/scripted-model.js';
import { openWorkspace } from '../src/main/workspace/workspace.js';

const TURNS = 200;
const WINDOWS = [4096, 8192, 16384];
const TASK = 'TASK-MARKER: rename the helper `formatRow` to `renderRow` everywhere and keep the tests green.';
const INSTRUCTIONS = 'INSTRUCTIONS-MARKER: never edit files under vendor/.';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelPath = path.join(repo, 'tests/fixtures/models/llama-2-tiny-random.gguf');

const llama = await getLlama({ gpu: false });
const gguf = await llama.loadModel({ modelPath });
const wrapper = resolveChatWrapper(gguf);
if (!wrapper) throw new Error('no chat wrapper for the tokenizer model');
const countTokens = (text: string) => gguf.tokenize(text).length;

function renderedTokens(messages: readonly Message[], tools: readonly ToolSpec[]): number {
  const functions = Object.fromEntries(
    tools.map((t) => [t.name, { description: t.description, params: t.parameters }]),
  ) as ChatModelFunctions;
  const history = toChatHistory(messages, {
    rawCallFor: () => undefined,
    descriptionFor: (name) => tools.find((t) => t.name === name)?.description,
    parallelCalls: false,
  });
  const chatHistory =
    history.at(-1)?.type === 'model' ? history : [...history, { type: 'model' as const, response: [] }];
  const { contextText } = wrapper!.generateContextState({
    chatHistory,
    availableFunctions: functions,
    documentFunctionParams: true,
  });
  return contextText.tokenize(gguf.tokenizer).length;
}

async function makeProject(root: string): Promise<string[]> {
  const files: string[] = [];
  await mkdir(path.join(root, 'src'), { recursive: true });
  await writeFile(path.join(root, 'AGENTS.md'), `${INSTRUCTIONS}\n`);
  for (let f = 0; f < 30; f++) {
    const lines = Array.from({ length: 80 + ((f * 37) % 300) }, (_, i) =>
      i % 10 === 0
        ? `export function formatRow${f}_${i}(row) { return row.map(String).join(' | '); }`
        : `  const v${i} = compute(${i}, '${'abc'.repeat(i % 7)}');`,
    );
    const rel = `src/module-${f}.js`;
    await writeFile(path.join(root, rel), lines.join('\n'));
    files.push(rel);
  }
  return files;
}

function makeScript(files: string[]): Script {
  const turns: Script['turns'] = [];
  for (let i = 0; i < TURNS - 1; i++) {
    const file = files[i % files.length]!;
    const kind = i % 5;
    const call =
      kind === 0
        ? { name: 'read_file', args: { path: file } }
        : kind === 1
          ? { name: 'search', args: { pattern: `formatRow${i % 30}_` } }
          : kind === 2
            ? { name: 'run_command', args: { command: `cat ${file} | head -n ${50 + i}` } }
            : kind === 3
              ? { name: 'find_files', args: { glob: '**/*.js' } }
              : {
                  name: 'read_file',
                  args: { path: file, start_line: 1 + (i % 40), end_line: 60 + (i % 40) },
                };
    turns.push({ text: `Step ${i + 1}: looking at ${file}.`, calls: [call] });
  }
  turns.push({ text: 'Renamed formatRow to renderRow; tests pass.' });
  return {
    summary:
      'Goal: rename formatRow to renderRow.\nProgress: surveyed the modules.\nNext steps: edit and test.',
    turns,
  };
}

console.log(
  `${TURNS}-turn scripted session; prompts rendered with the ${wrapper.wrapperName} template, Llama 2 tokenizer`,
);
console.log(
  'window  turns  stop   compactions(stub/summary)  largest prompt  largest/window  task kept  instructions kept  wall',
);
for (const window of WINDOWS) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-long-'));
  try {
    const files = await makeProject(path.join(tmp, 'project'));
    const opened = await openWorkspace(path.join(tmp, 'project'));
    if (!opened.ok) throw new Error(opened.message);
    const scripted = new ScriptedModel(makeScript(files), 'script', window, countTokens);
    let largest = 0;
    let last: readonly Message[] = [];
    const model: AgentModel = {
      id: scripted.id,
      contextSize: window,
      countTokens,
      dispose: () => scripted.dispose(),
      turn: (req) => {
        if (req.purpose !== 'summary') {
          largest = Math.max(largest, renderedTokens(req.messages, req.tools));
          last = req.messages;
        }
        return scripted.turn(req);
      },
    };
    const events: AgentEvent[] = [];
    const started = performance.now();
    const result = await runSession({
      workspace: opened.workspace,
      model,
      task: TASK,
      maxSteps: TURNS + 10,
      spillDir: path.join(tmp, 'spill'),
      checkpoints: false,
      verify: false,
      onEvent: (e) => events.push(e),
    });
    const wall = (performance.now() - started) / 1000;
    const stubs = events.filter((e) => e.type === 'compaction' && e.method === 'stub_tool_outputs').length;
    const summaries = events.filter((e) => e.type === 'compaction' && e.method === 'summarize').length;
    const taskKept = last[1]?.content.startsWith(TASK) ?? false;
    const instructionsKept = last[0]?.content.includes(INSTRUCTIONS) ?? false;
    console.log(
      `${String(window).padStart(6)}  ${String(result.steps).padStart(5)}  ${result.reason.padEnd(5)}  ${`${stubs + summaries} (${stubs}/${summaries})`.padStart(25)}  ${String(largest).padStart(14)}  ${(largest / window).toFixed(3).padStart(14)}  ${String(taskKept).padStart(9)}  ${String(instructionsKept).padStart(17)}  ${wall.toFixed(1)} s`,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
await gguf.dispose();
await llama.dispose();
