// Resume against a fresh start, with a real GGUF (default: the tiny random-weight fixture): prompt tokens
// evaluated on the first turn of a resumed session, against a fresh session whose first prompt is as
// long, both on the model still loaded (the window), and against the same resume on a freshly loaded
// model (the runner's --resume in a new process: nothing cached, the prompt prefix byte-stable).
//   npx tsx bench/resume.ts   (LOCAL_CODER_BENCH_MODEL=/path/to/model.gguf to use another model)
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenStats } from '../src/shared/agent-events.js';
import { SessionStore } from '../src/main/agent/session-store.js';
import { runStoredSession, type StoredRunOptions } from '../src/main/agent/stored-session.js';
import { loadLlamaModel, type LlamaAgentModel } from '../src/main/model/llama-model.js';
import type { AgentModel, Message, ToolSpec } from '../src/main/model/turn.js';
import { openWorkspace } from '../src/main/workspace/workspace.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelPath = path.resolve(
  process.env.LOCAL_CODER_BENCH_MODEL ?? path.join(repo, 'tests/fixtures/models/llama-2-tiny-random.gguf'),
);
/** Turns of the first session (each a forced call: random weights rarely call a tool on their own). */
const FIRST_TURNS = 6;
/** Generated tokens per turn: the figure is about the prompt, not generation. */
const MAX_TOKENS = 24;
const CONTEXT = 4096;

const tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-bench-resume-'));
const loaded: LlamaAgentModel[] = [];
try {
  const folder = path.join(tmp, 'project');
  await cp(path.join(repo, 'tests/fixtures/sample-project'), folder, { recursive: true });
  const opened = await openWorkspace(folder);
  if (!opened.ok) throw new Error(opened.message);
  const store = new SessionStore({ LOCAL_CODER_HOME: path.join(tmp, 'home') });
  const warm = await load();
  const base = {
    workspace: opened.workspace,
    tools: ['list_dir', 'read_file', 'search'],
    verify: false,
    checkpoints: false,
    approvalMode: 'plan',
    sandbox: { allowNetwork: false, whenMissing: 'refuse' },
  } satisfies Partial<StoredRunOptions>;

  const first = await runStoredSession(store, {
    ...base,
    model: capped(warm).model,
    task: 'Look through the project and tell me what it does.',
    toolChoice: 'required',
    maxSteps: FIRST_TURNS,
  });
  const found = await store.find(first.sessionId, opened.workspace.root);
  if (!found.ok) throw new Error(found.message);
  const next = 'Now say in one line what add() does.';

  // 1. Resumed on the model that ran the session (its KV cache still holds the conversation).
  const resumed = capped(warm);
  const resumedStats = await firstTurn(store, {
    ...base,
    model: resumed.model,
    task: next,
    resume: found,
    maxSteps: 1,
  });
  const request = resumed.requests[0];
  if (!request) throw new Error('the resumed run made no turn');

  // 2. A fresh session whose first prompt is as long, on the same loaded model.
  const fresh = capped(warm);
  const task = freshTaskOfLength(warm, request, resumedStats.promptTokens);
  const freshStats = await firstTurn(store, {
    ...base,
    model: fresh.model,
    task,
    maxSteps: 1,
    features: { repoMap: false },
  });

  // 3. The same resume on a freshly loaded model (the runner in a new process).
  const cold = capped(await load());
  const coldStats = await firstTurn(store, {
    ...base,
    model: cold.model,
    task: next,
    resume: found,
    maxSteps: 1,
  });

  console.log(`model ${path.basename(modelPath)}, context ${warm.contextSize}`);
  console.log(
    `first session: ${first.steps} turns, stop ${first.reason}, ${found.conversation.messages.length} messages saved`,
  );
  console.log('first turn of                         prompt  evaluated  from cache');
  for (const [name, s] of [
    ['resumed session (model still loaded)', resumedStats],
    ['fresh session of the same length', freshStats],
    ['resumed session (model loaded anew)', coldStats],
  ] as const) {
    console.log(
      `${name.padEnd(37)} ${pad(s.promptTokens, 6)}  ${pad(s.evaluatedTokens, 9)}  ${pct(s.reusedTokens, s.promptTokens).padStart(10)}`,
    );
  }
  console.log(
    `ratio evaluated, resumed / fresh of the same length: ${(resumedStats.evaluatedTokens / freshStats.evaluatedTokens).toFixed(3)}`,
  );
  console.log(
    `ratio evaluated, resumed / resumed on a model loaded anew: ${(resumedStats.evaluatedTokens / coldStats.evaluatedTokens).toFixed(3)}`,
  );
} finally {
  for (const model of loaded) await model.dispose();
  await rm(tmp, { recursive: true, force: true });
}

async function load(): Promise<LlamaAgentModel> {
  const model = await loadLlamaModel({ modelPath, contextSize: CONTEXT });
  loaded.push(model);
  return model;
}

/** The model with generation capped, recording each request (and never disposed by a run). */
function capped(model: LlamaAgentModel): {
  model: AgentModel;
  requests: { messages: readonly Message[]; tools: readonly ToolSpec[] }[];
} {
  const requests: { messages: readonly Message[]; tools: readonly ToolSpec[] }[] = [];
  return {
    requests,
    model: {
      id: model.id,
      contextSize: model.contextSize,
      countTokens: (text) => model.countTokens(text),
      countPromptTokens: (messages, tools) => model.countPromptTokens(messages, tools),
      callExample: (name, args) => model.callExample(name, args),
      dispose: async () => {},
      turn: (req) => {
        if (req.purpose !== 'summary') requests.push({ messages: [...req.messages], tools: req.tools });
        return model.turn({ ...req, maxTokens: Math.min(req.maxTokens ?? MAX_TOKENS, MAX_TOKENS) });
      },
    },
  };
}

/** The token stats of a run's first agent turn. */
async function firstTurn(store: SessionStore, options: StoredRunOptions): Promise<TokenStats> {
  let stats: TokenStats | undefined;
  await runStoredSession(store, {
    ...options,
    onEvent: (event) => {
      if (event.type === 'token_stats') stats ??= event;
    },
  });
  if (!stats) throw new Error('the run made no turn');
  return stats;
}

/**
 * A task that makes a fresh session's first prompt `target` tokens long: the resumed conversation's
 * text, flattened into one message (so the content is alike), starting with words of its own so it
 * shares no more than the system prompt and the tools with what the cache holds.
 */
function freshTaskOfLength(
  model: LlamaAgentModel,
  request: { messages: readonly Message[]; tools: readonly ToolSpec[] },
  target: number,
): string {
  const [system, ...rest] = request.messages;
  if (!system) throw new Error('no system prompt');
  const text = `A fresh session.\n${rest.map((m) => m.content).join('\n')}\n`.repeat(4);
  const size = (chars: number) =>
    model.countPromptTokens([system, { role: 'user', content: text.slice(0, chars) }], request.tools);
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(mid) <= target) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}
