// Replays a recorded 90-turn session (real tool outputs from this repository, see
// tests/fixtures/sessions/record-long-session.ts) through the loop and the context engine at small windows.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import { runAgent, type AgentRunOptions } from '../../../src/main/agent/agent-loop.js';
import type { Message } from '../../../src/main/model/turn.js';
import { approxTokens, planBudget } from '../../../src/main/context/budget.js';
import { ScriptedModel } from '../../../src/main/model/scripted-model.js';
import { ToolRegistry } from '../../../src/main/tools/scheduler.js';
import { defineTool, type Tool } from '../../../src/main/tools/types.js';

interface Recorded {
  task: string;
  turns: Array<{ text: string; calls: Array<{ name: string; args: unknown; ok: boolean; output: string }> }>;
}

const fixture = JSON.parse(
  readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sessions/long-session.json'),
    'utf8',
  ),
) as Recorded;
const SYSTEM = 'You are a coding agent. Standing instruction: answer in English.';

/** Tools that give back the recorded outputs, in call order, under the recorded names. */
function replayTools(): ToolRegistry {
  const queues = new Map<string, Array<{ ok: boolean; output: string }>>();
  for (const turn of fixture.turns) {
    for (const call of turn.calls) {
      const queue = queues.get(call.name) ?? [];
      queue.push({ ok: call.ok, output: call.output });
      queues.set(call.name, queue);
    }
  }
  const tools = [...queues.keys()].map((name) =>
    defineTool({
      name,
      description: `replays ${name}`,
      params: z.looseObject({}),
      mutates: false,
      async execute() {
        const next = queues.get(name)?.shift();
        if (!next) throw new Error(`no recorded output left for ${name}`);
        return next;
      },
    }),
  );
  return new ToolRegistry(tools as unknown as Tool[]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lc-replay-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recorded long session', () => {
  it('has a realistic size: far larger than a small window', () => {
    const total = fixture.turns.flatMap((t) => t.calls).reduce((sum, c) => sum + approxTokens(c.output), 0);
    expect(fixture.turns).toHaveLength(90);
    expect(total).toBeGreaterThan(10 * 8192);
  });

  for (const window of [4096, 8192]) {
    it(`replays at a ${window}-token window: never over the window, task and instructions kept, done`, async () => {
      const events: AgentEvent[] = [];
      let largest = 0;
      let last: readonly Message[] = [];
      const scripted = new ScriptedModel(
        {
          turns: fixture.turns.map((t) => ({
            text: t.text,
            calls: t.calls.map((c) => ({ name: c.name, args: c.args })),
          })),
        },
        'replay',
        window,
      );
      const result = await runAgent({
        model: {
          id: 'replay',
          contextSize: window,
          countTokens: approxTokens,
          dispose: () => scripted.dispose(),
          turn: (req) => {
            if (req.purpose !== 'summary') {
              const size =
                approxTokens(JSON.stringify(req.tools)) +
                req.messages.reduce(
                  (sum, m) =>
                    sum +
                    approxTokens(m.content) +
                    approxTokens(JSON.stringify(m.role === 'assistant' ? m.toolCalls : '')),
                  0,
                );
              largest = Math.max(largest, size);
              last = req.messages;
            }
            return scripted.turn(req);
          },
        },
        tools: replayTools(),
        toolContext: { spillDir: path.join(dir, 'spill') } as AgentRunOptions['toolContext'],
        systemPrompt: SYSTEM,
        task: fixture.task,
        onEvent: (e) => events.push(e),
        maxSteps: 200,
      });
      expect(result.reason).toBe('done');
      expect(result.steps).toBe(90);
      expect(largest).toBeLessThan(window);
      expect(last[0]).toEqual({ role: 'system', content: SYSTEM });
      expect(last[1]?.content.startsWith(fixture.task)).toBe(true);
      const compactions = events.filter((e) => e.type === 'compaction');
      expect(compactions.length).toBeGreaterThan(0);
      for (const c of compactions)
        if (c.type === 'compaction') expect(c.tokensAfter).toBeLessThan(c.tokensBefore);
      // Every result the model saw was within the per-result cap.
      const results = events.filter((e) => e.type === 'tool_result');
      expect(results).toHaveLength(fixture.turns.flatMap((t) => t.calls).length);
      const cap = planBudget(window).toolResult;
      for (const r of results)
        if (r.type === 'tool_result') expect(approxTokens(r.output)).toBeLessThanOrEqual(cap);
      expect(results.some((r) => r.type === 'tool_result' && r.truncated)).toBe(true);
    });
  }
});
