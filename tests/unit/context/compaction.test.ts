import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import { runAgent, type AgentRunOptions } from '../../../src/main/agent/agent-loop.js';
import { emptyStats, type Message } from '../../../src/main/model/turn.js';
import { approxTokens, planBudget } from '../../../src/main/context/budget.js';
import { SUMMARY_HEADER, SUMMARY_INSTRUCTION } from '../../../src/main/context/summary-prompt.js';
import { ScriptedModel, type Script } from '../../../src/main/model/scripted-model.js';
import { ToolRegistry } from '../../../src/main/tools/scheduler.js';
import { defineTool, type Tool } from '../../../src/main/tools/types.js';

const SYSTEM = 'You are a coding agent. Standing instruction: never touch vendor/.';
const TASK = 'Make every test in the suite pass.';

// A read-only tool whose output size the test controls: the loop and the context engine are under test.
const dump = defineTool({
  name: 'dump',
  description: 'Print n lines.',
  params: z.object({ n: z.number().describe('lines'), tag: z.string().describe('tag') }),
  mutates: false,
  async execute({ n, tag }) {
    return {
      ok: true,
      output: Array.from({ length: n }, (_, i) => `${tag} line ${i} ${'x'.repeat(40)}`).join('\n'),
    };
  },
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lc-compact-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(script: Script, window: number, extra: Partial<AgentRunOptions> = {}) {
  const events: AgentEvent[] = [];
  const estimates: number[] = [];
  const stubs: string[] = [];
  const model = new ScriptedModel(script, 'script', window);
  const result = await runAgent({
    model: {
      id: model.id,
      contextSize: window,
      countTokens: (t) => model.countTokens(t),
      dispose: () => model.dispose(),
      turn: (req) => {
        // What the model is handed each turn, measured with the same counter.
        if (req.purpose !== 'summary') {
          estimates.push(req.messages.reduce((sum, m) => sum + approxTokens(m.content) + 10, 0));
          for (const m of req.messages) {
            if (m.role === 'tool' && m.content.includes('removed to save context')) stubs.push(m.content);
          }
        }
        return model.turn(req);
      },
    },
    tools: new ToolRegistry([dump] as unknown as Tool[]),
    toolContext: { spillDir: path.join(dir, 'spill') } as AgentRunOptions['toolContext'],
    systemPrompt: SYSTEM,
    task: TASK,
    onEvent: (e) => events.push(e),
    maxSteps: 500,
    ...extra,
  });
  return { result, events, estimates, stubs };
}

const turns = (count: number, lines: number) =>
  Array.from({ length: count }, (_, i) => ({
    text: `Step ${i}.`,
    calls: [{ name: 'dump', args: { n: lines, tag: `t${i}` } }],
  }));

function pinnedIntact(messages: readonly Message[]) {
  expect(messages[0]).toEqual({ role: 'system', content: SYSTEM });
  expect(messages[1]?.role).toBe('user');
  expect(messages[1]?.content.startsWith(TASK)).toBe(true);
}

describe('compaction', () => {
  it('a long session stays inside the window: stubs old outputs first, then summarises; task and instructions survive', async () => {
    const window = 4096;
    const { result, events, estimates } = await run(
      { summary: 'Goal: pass the suite.\nProgress: dumped many files.', turns: turns(120, 12) },
      window,
    );
    expect(result.reason).toBe('done');
    expect(result.steps).toBe(121);
    const compactions = events.filter((e) => e.type === 'compaction');
    expect(compactions.length).toBeGreaterThan(1);
    for (const c of compactions) {
      if (c.type === 'compaction') expect(c.tokensAfter).toBeLessThan(c.tokensBefore);
    }
    expect(new Set(compactions.map((c) => c.type === 'compaction' && c.method))).toEqual(
      new Set(['stub_tool_outputs', 'summarize']),
    );
    expect(Math.max(...estimates)).toBeLessThan(window);
    pinnedIntact(result.messages);
    expect(result.messages[1]?.content).toContain(SUMMARY_HEADER);
    expect(result.messages[1]?.content).toContain('Goal: pass the suite.');
    // Only one summary ever sits in the task message, however many compactions ran.
    expect(result.messages[1]?.content.split(SUMMARY_HEADER)).toHaveLength(2);
  });

  it('stubbed outputs point at their spill file, which holds the full text', async () => {
    const { stubs } = await run({ turns: turns(40, 12) }, 4096);
    expect(stubs.length).toBeGreaterThan(0);
    const file = /@spill\/([\w.-]+)/.exec(stubs[0]!)?.[1];
    expect(file).toBeDefined();
    const full = await readFile(path.join(dir, 'spill', file!), 'utf8');
    expect(full.split('\n')).toHaveLength(12);
  });

  it('rejects a summary that does not shrink the prompt', async () => {
    const huge = 'word '.repeat(5000);
    const { events } = await run({ summary: huge, turns: turns(60, 12) }, 4096);
    const summaries = events.filter((e) => e.type === 'compaction' && e.method === 'summarize');
    expect(summaries).toHaveLength(0);
  });

  it('refuses before the first turn a task larger than the window, with the size it needs', async () => {
    const { result, events } = await run({ turns: turns(3, 5) }, 2048, { task: 'x'.repeat(9000) });
    expect(result.reason).toBe('context_exhausted');
    expect(result.steps).toBe(0);
    expect(events.some((e) => e.type === 'turn_start')).toBe(false);
    expect(result.message).toMatch(
      /The 2048-token context window is too small: .* take \d+ tokens, and at least \d+ are needed/,
    );
    expect(result.message).toMatch(/--context-size 4096/);
  });

  it('stops with context_exhausted when nothing can make the conversation fit', async () => {
    // Each result alone is capped, but results that cannot be stubbed or summarised pile up.
    const { result } = await run({ summary: 'word '.repeat(5000), turns: turns(40, 40) }, 2048, {
      features: { compaction: false },
    });
    expect(result.reason).toBe('context_exhausted');
    expect(result.message).toMatch(/no longer fits the 2048-token context window/);
  });

  it('stubs outputs that happen to start with a bracket (JSON), but never re-stubs a stub', async () => {
    const json = defineTool({
      name: 'json',
      description: 'Print a JSON array.',
      params: z.object({ tag: z.string().describe('tag') }),
      mutates: false,
      async execute({ tag }) {
        return {
          ok: true,
          output: JSON.stringify(
            Array.from({ length: 60 }, (_, i) => ({ tag, i })),
            null,
            1,
          ),
        };
      },
    });
    const script = {
      turns: Array.from({ length: 30 }, (_, i) => ({ calls: [{ name: 'json', args: { tag: `t${i}` } }] })),
    };
    const events: AgentEvent[] = [];
    const result = await runAgent({
      model: new ScriptedModel(script, 'script', 4096),
      tools: new ToolRegistry([json] as unknown as Tool[]),
      toolContext: { spillDir: path.join(dir, 'spill') } as AgentRunOptions['toolContext'],
      systemPrompt: SYSTEM,
      task: TASK,
      onEvent: (e) => events.push(e),
    });
    expect(result.reason).toBe('done');
    expect(events.some((e) => e.type === 'compaction' && e.method === 'stub_tool_outputs')).toBe(true);
    const stubs = result.messages.filter(
      (m) => m.role === 'tool' && m.content.includes('removed to save context'),
    );
    for (const stub of stubs) expect(stub.content.match(/removed to save context/g)).toHaveLength(1);
  });

  it('a summary that fails is a compaction without progress, not the end of the run', async () => {
    const scripted = new ScriptedModel({ turns: turns(60, 12) }, 'script', 4096);
    const events: AgentEvent[] = [];
    const result = await runAgent({
      model: {
        id: 'flaky',
        contextSize: 4096,
        countTokens: (t) => scripted.countTokens(t),
        dispose: () => scripted.dispose(),
        turn: async (req) => {
          if (req.purpose === 'summary') throw new Error('summary backend down');
          return scripted.turn(req);
        },
      },
      tools: new ToolRegistry([dump] as unknown as Tool[]),
      toolContext: { spillDir: path.join(dir, 'spill') } as AgentRunOptions['toolContext'],
      systemPrompt: SYSTEM,
      task: TASK,
      onEvent: (e) => events.push(e),
      maxSteps: 100,
    });
    expect(result.reason).not.toBe('error');
    expect(['done', 'context_exhausted']).toContain(result.reason);
    expect(events.some((e) => e.type === 'compaction' && e.method === 'summarize')).toBe(false);
  });

  it('asks for the note as a continuation of the conversation (same tools, cached prefix), and falls back to a transcript when the model calls a tool instead', async () => {
    const scripted = new ScriptedModel({ turns: turns(60, 12) }, 'script', 4096);
    const summaryRequests: Array<{ tools: number; last: string; first: string }> = [];
    let answerWithCall = true;
    await runAgent({
      model: {
        id: 'spy',
        contextSize: 4096,
        countTokens: (t) => scripted.countTokens(t),
        dispose: () => scripted.dispose(),
        turn: async (req) => {
          if (req.purpose !== 'summary') return scripted.turn(req);
          summaryRequests.push({
            tools: req.tools.length,
            last: req.messages.at(-1)?.content ?? '',
            first: req.messages[0]?.content ?? '',
          });
          if (req.tools.length > 0 && answerWithCall) {
            answerWithCall = false;
            return {
              text: '',
              toolCalls: [{ id: 'x1', name: 'dump', args: { n: 1, tag: 'x' } }],
              finishReason: 'tool_calls',
              stats: emptyStats(),
            };
          }
          return {
            text: 'Goal: pass.\nProgress: dumped.',
            toolCalls: [],
            finishReason: 'stop',
            stats: emptyStats(),
          };
        },
      },
      tools: new ToolRegistry([dump] as unknown as Tool[]),
      toolContext: { spillDir: path.join(dir, 'spill') } as AgentRunOptions['toolContext'],
      systemPrompt: SYSTEM,
      task: TASK,
      onEvent: () => {},
      maxSteps: 100,
    });
    // First summary: a continuation (the agent's system prompt and tools, the instruction last)...
    expect(summaryRequests[0]).toMatchObject({ tools: 1, first: SYSTEM, last: SUMMARY_INSTRUCTION });
    // ...answered with a call, so the transcript request follows (no tools, its own system prompt).
    expect(summaryRequests[1]?.tools).toBe(0);
    expect(summaryRequests[1]?.last).toMatch(/^Transcript of the earlier turns/);
    // Later compactions use the continuation again.
    expect(summaryRequests.slice(2).some((r) => r.tools === 1 && r.last === SUMMARY_INSTRUCTION)).toBe(true);
  });

  it('the budget caps each turn at the room left in the window', () => {
    const b = planBudget(4096);
    expect(b.reserve).toBeGreaterThan(0);
    expect(b.compactAt + b.reserve).toBeLessThan(4096);
  });
});
