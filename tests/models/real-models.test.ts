// The real-model suite (npm run test:models): Gemma 3 270M and SmolLM2-135M-Instruct, installed by
// npm run models:install, through the real node-llama-cpp runtime. Tiny and weak models: these tests
// check what the harness does with real templates, tokenizers and failure modes, never answer quality.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-events.js';
import { runAgent } from '../../src/main/agent/agent-loop.js';
import { runSession } from '../../src/main/agent/session.js';
import { buildSystemPrompt } from '../../src/main/agent/system-prompt.js';
import { loadLlamaModel, type LlamaAgentModel } from '../../src/main/model/llama-model.js';
import { getLlamaRuntime } from '../../src/main/model/llama-runtime.js';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { ToolRegistry } from '../../src/main/tools/scheduler.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import { repoRoot, sha256File, testModelPath, testModels } from '../../scripts/test-models.js';

const MODELS = testModels();
const sample = path.join(repoRoot, 'tests/fixtures/sample-project');
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-models-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the installed test models', () => {
  it.each(MODELS)('$id is installed with the SHA-256 recorded in models/test-models.json', async (m) => {
    expect(await sha256File(testModelPath(m.id))).toBe(m.sha256);
  });

  it('Gemma 3 270M is the pretrained base model: no chat template, no fine-tune in its metadata', async () => {
    const llama = await getLlamaRuntime();
    const model = await llama.loadModel({ modelPath: testModelPath('gemma-3-270m'), vocabOnly: true });
    try {
      const meta = model.fileInfo.metadata as {
        general: Record<string, unknown>;
        tokenizer: Record<string, unknown>;
      };
      expect(meta.general.architecture).toBe('gemma3');
      expect(meta.general.name).toBe('Gemma 3 270m');
      expect(meta.general.finetune).toBeUndefined();
      expect(meta.tokenizer.chat_template).toBeUndefined();
    } finally {
      await model.dispose();
    }
  });
});

async function withModel<T>(
  id: string,
  contextSize: number,
  fn: (m: LlamaAgentModel) => Promise<T>,
): Promise<T> {
  const model = await loadLlamaModel({ modelPath: testModelPath(id), contextSize });
  try {
    return await fn(model);
  } finally {
    await model.dispose();
  }
}

describe.each([
  { id: 'gemma-3-270m', wrapper: 'Gemma' },
  { id: 'smollm2-135m-instruct', wrapper: 'ChatML' },
])('$id in a real session', ({ id, wrapper }) => {
  it('resolves its chat wrapper and runs a sandboxed session to a named stop, reusing the KV cache', async () => {
    const project = path.join(tmp, `${id}-project`);
    await cp(sample, project, { recursive: true });
    const opened = await openWorkspace(project);
    if (!opened.ok) throw new Error(opened.message);
    const events: AgentEvent[] = [];
    const result = await withModel(id, 4096, async (model) => {
      expect(model.chatWrapperName).toBe(wrapper);
      return runSession({
        workspace: opened.workspace,
        model,
        task: 'The test fails. Fix the bug in math.js so node test.js passes.',
        onEvent: (e) => events.push(e),
        maxSteps: 3,
        toolChoice: 'first',
        approvalMode: 'full-auto',
        sandbox: { allowNetwork: false, whenMissing: 'refuse' },
        checkpoints: false,
        spillDir: path.join(tmp, `${id}-spill`),
        transcriptFile: path.join(tmp, `${id}.jsonl`),
      });
    });
    expect(['done', 'max_steps', 'loop', 'errors', 'stalled', 'context_exhausted']).toContain(result.reason);
    const stats = events.filter(
      (e): e is Extract<AgentEvent, { type: 'token_stats' }> => e.type === 'token_stats',
    );
    expect(stats.length).toBeGreaterThanOrEqual(1);
    expect(stats[0]!.promptTokens).toBeGreaterThan(500);
    expect(stats.every((s) => s.generatedTokens > 0)).toBe(true);
    // The first turn is forced to call a tool: the grammar gives a valid tool name.
    expect(events.find((e) => e.type === 'tool_call')).toBeDefined();
    // Turns after the first evaluate only what was appended: the prefix comes from the KV cache.
    for (const s of stats.slice(1)) expect(s.reusedTokens / s.promptTokens).toBeGreaterThan(0.8);
    const lines = (await readFile(path.join(tmp, `${id}.jsonl`), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'stop', reason: result.reason });
  });

  it('a 1,024-token window is refused before the first turn with the size it needs', async () => {
    const events: AgentEvent[] = [];
    const result = await withModel(id, 1024, (model) =>
      runAgent({
        model,
        // The real fixed prompt: every default tool (about 800 tokens with the system prompt).
        tools: createDefaultRegistry(),
        toolContext: {} as never,
        systemPrompt: buildSystemPrompt({ folderName: 'p' }),
        task: 'Fix the bug.',
        onEvent: (e) => events.push(e),
      }),
    ).catch((error: unknown) => {
      throw new Error(`should have been refused, not thrown: ${String(error)}`);
    });
    expect(result.reason).toBe('context_exhausted');
    expect(result.steps).toBe(0);
    expect(result.message).toMatch(/The 1024-token context window is too small/);
    expect(events.some((e) => e.type === 'turn_start')).toBe(false);
  });
});

describe('Gemma 3 270M (base model) on a plain request', () => {
  it('degenerates into repetition, and the reply is stopped early with a named warning', async () => {
    const events: AgentEvent[] = [];
    const result = await withModel('gemma-3-270m', 4096, (model) =>
      runAgent({
        model,
        tools: new ToolRegistry([]),
        toolContext: {} as never,
        systemPrompt: 'You write code.',
        task: 'Write a JavaScript function add(a,b) that returns the sum.',
        onEvent: (e) => events.push(e),
        maxSteps: 1,
        maxTokensPerTurn: 600,
      }),
    );
    expect(events.some((e) => e.type === 'warning' && e.code === 'repetition')).toBe(true);
    const stats = events.find((e) => e.type === 'token_stats');
    expect(stats?.type === 'token_stats' && stats.generatedTokens).toBeLessThan(600);
    expect(result.reason).toBe('max_steps');
  });
});
