import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import { runAgent, type AgentRunOptions } from '../../../src/main/agent/agent-loop.js';
import { emptyStats, ModelError, type AgentModel } from '../../../src/main/model/turn.js';
import { ScriptedModel, type Script } from '../../../src/main/model/scripted-model.js';
import { askUserTool } from '../../../src/main/tools/ask-user.js';
import { ToolRegistry } from '../../../src/main/tools/scheduler.js';
import { defineTool, type Tool } from '../../../src/main/tools/types.js';

// Small real tools over an in-memory map: the loop is what is under test here.
function makeTools(files: Map<string, string>): ToolRegistry {
  const read = defineTool({
    name: 'read',
    description: 'Read a file.',
    params: z.object({ path: z.string().describe('path') }),
    mutates: false,
    async execute({ path }) {
      const text = files.get(path);
      return text === undefined ? { ok: false, output: `No such file: ${path}` } : { ok: true, output: text };
    },
  });
  const write = defineTool({
    name: 'write',
    description: 'Write a file.',
    params: z.object({ path: z.string().describe('path'), content: z.string().describe('content') }),
    mutates: true,
    async execute({ path, content }) {
      files.set(path, content);
      return { ok: true, output: `wrote ${path}` };
    },
  });
  return new ToolRegistry([read, write, askUserTool] as unknown as Tool[]);
}

async function run(script: Script | AgentModel, extra: Partial<AgentRunOptions> = {}) {
  const files = new Map([['a.txt', 'hello']]);
  const events: AgentEvent[] = [];
  const model = 'turns' in script ? new ScriptedModel(script) : script;
  const result = await runAgent({
    model,
    tools: makeTools(files),
    // The in-memory tools need none of the workspace services.
    toolContext: {} as AgentRunOptions['toolContext'],
    systemPrompt: 'sys',
    task: 'do it',
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { result, events, files };
}

const call = (name: string, args: unknown) => ({ name, args });

describe('runAgent stop reasons', () => {
  it('done: runs tools, feeds results back, stops when the model answers without a call', async () => {
    const { result, events, files } = await run({
      turns: [
        { text: 'Reading.', calls: [call('read', { path: 'a.txt' })] },
        { calls: [call('write', { path: 'a.txt', content: 'bye' })] },
        { text: 'Changed a.txt.' },
      ],
    });
    expect(result.reason).toBe('done');
    expect(result.message).toBe('Changed a.txt.');
    expect(result.steps).toBe(3);
    expect(files.get('a.txt')).toBe('bye');
    const toolMessages = result.messages.filter((m) => m.role === 'tool');
    expect(toolMessages.map((m) => m.content)).toEqual(['hello', 'wrote a.txt']);
    expect(events.map((e) => e.type)).toEqual([
      'turn_start',
      'text_delta',
      'token_stats',
      'assistant_message',
      'tool_call',
      'tool_result',
      'turn_start',
      'token_stats',
      'tool_call',
      'tool_result',
      'turn_start',
      'text_delta',
      'text_delta',
      'token_stats',
      'assistant_message',
      'stop',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'stop', reason: 'done', steps: 3 });
  });

  it('done with "done" when the script runs out of turns', async () => {
    const { result } = await run({ turns: [{ calls: [call('read', { path: 'a.txt' })] }] });
    expect(result).toMatchObject({ reason: 'done', message: 'done' });
  });

  it('max_steps', async () => {
    const turns = Array.from({ length: 10 }, (_, i) => ({ calls: [call('read', { path: `f${i}` })] }));
    const { result } = await run({ turns }, { maxSteps: 3, maxConsecutiveErrors: 100 });
    expect(result.reason).toBe('max_steps');
    expect(result.steps).toBe(3);
  });

  it('loop: identical calls get a warning in the result, then the run stops without running the repeat', async () => {
    const turns = Array.from({ length: 6 }, () => ({ calls: [call('read', { path: 'a.txt' })] }));
    const { result, events } = await run({ turns });
    expect(result.reason).toBe('loop');
    expect(result.steps).toBe(4);
    const results = events.filter((e) => e.type === 'tool_result');
    expect(results).toHaveLength(3);
    expect(results[1]?.type === 'tool_result' && results[1].output).toContain('[warning]');
    expect(events.some((e) => e.type === 'warning' && e.code === 'loop_warning')).toBe(true);
  });

  it('loop: an A,B,A,B,A,B cycle stops', async () => {
    const a = { calls: [call('read', { path: 'a.txt' })] };
    const b = { calls: [call('write', { path: 'a.txt', content: 'x' })] };
    const { result } = await run({ turns: [a, b, a, b, a, b, a] });
    expect(result.reason).toBe('loop');
    expect(result.steps).toBe(6);
  });

  it('errors: consecutive failing calls (unknown tool, bad args, failing tool) stop the run, with results fed back', async () => {
    const { result, events } = await run({
      turns: [
        { calls: [call('nope', {})] },
        { calls: [call('read', { wrong: 1 })] },
        { calls: [call('read', { path: 'missing' })] },
        { calls: [call('read', '{"path": ')] },
        { text: 'never reached' },
      ],
    });
    expect(result.reason).toBe('errors');
    const outputs = events.flatMap((e) => (e.type === 'tool_result' ? [e.output] : []));
    expect(outputs[0]).toMatch(/Unknown tool "nope". Available tools: read, write, ask_user/);
    expect(outputs[1]).toMatch(/Invalid arguments for read/);
    expect(outputs[2]).toMatch(/No such file/);
    expect(outputs[3]).toMatch(/not valid JSON/);
  });

  it('a success resets the consecutive error count', async () => {
    const bad = { calls: [call('read', { path: 'missing' })] };
    const good = { calls: [call('read', { path: 'a.txt' })] };
    const { result } = await run({ turns: [bad, bad, bad, good, bad, bad, bad, { text: 'ok' }] });
    expect(result.reason).toBe('done');
  });

  it('blocked: ask_user ends the run with the question', async () => {
    const { result } = await run({ turns: [{ calls: [call('ask_user', { question: 'Which file?' })] }] });
    expect(result).toMatchObject({ reason: 'blocked', message: 'Which file?' });
  });

  it('cancelled: an abort during generation stops the run', async () => {
    const controller = new AbortController();
    const pending = run({ turns: [{ delay_ms: 10_000, text: 'slow' }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const { result } = await pending;
    expect(result.reason).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('error: a model failure stops the run with its code', async () => {
    const failing: AgentModel = {
      id: 'broken',
      contextSize: 1024,
      async turn() {
        throw new ModelError('generation_failed', 'the backend went away');
      },
      async dispose() {},
    };
    const { result } = await run(failing);
    expect(result.reason).toBe('error');
    expect(result.message).toContain('generation_failed: the backend went away');
  });

  it('continues a reply cut off at the token limit instead of calling it done', async () => {
    let turns = 0;
    const model: AgentModel = {
      id: 'cut',
      contextSize: 1024,
      async turn() {
        turns++;
        return {
          text: turns === 1 ? 'partial' : 'finished',
          toolCalls: [],
          finishReason: turns === 1 ? 'max_tokens' : 'stop',
          stats: emptyStats(),
        };
      },
      async dispose() {},
    };
    const { result } = await run(model);
    expect(result).toMatchObject({ reason: 'done', message: 'finished', steps: 2 });
  });

  it('passes the tool specs in a fixed order on every turn', async () => {
    const seen: string[][] = [];
    const model = new ScriptedModel({ turns: [{ calls: [call('read', { path: 'a.txt' })] }] });
    const spy: AgentModel = {
      id: 'spy',
      contextSize: 1024,
      turn: (req) => {
        seen.push(req.tools.map((t) => t.name));
        return model.turn(req);
      },
      dispose: () => model.dispose(),
    };
    await run(spy);
    expect(seen).toEqual([
      ['read', 'write', 'ask_user'],
      ['read', 'write', 'ask_user'],
    ]);
  });
});

describe('runAgent finish gate', () => {
  const passed = { status: 'passed' as const, summary: 'npm test passed', checks: [], rounds: 2 };
  const failed = { status: 'failed' as const, summary: 'npm test failed', checks: [], rounds: 1 };

  it('sends the model back with the feedback, then accepts; the stop carries the outcome', async () => {
    const seen: Array<ReadonlySet<string>> = [];
    let rounds = 0;
    const finishGate = {
      async check(ctx: { changedFiles: ReadonlySet<string> }) {
        seen.push(new Set(ctx.changedFiles));
        rounds++;
        return rounds === 1
          ? { kind: 'retry' as const, feedback: 'npm test failed: fix it', verification: failed }
          : { kind: 'accept' as const, verification: passed };
      },
    };
    const { result, events } = await run(
      {
        turns: [
          { calls: [call('write', { path: 'b.txt', content: '1' })] },
          { text: 'Done, I think.' },
          { calls: [call('write', { path: 'b.txt', content: '2' })] },
          { text: 'Fixed.' },
        ],
      },
      { finishGate },
    );
    expect(result.reason).toBe('done');
    expect(result.message).toBe('Fixed.\n\nVerification: npm test passed');
    expect(result.verification).toEqual(passed);
    expect(result.messages).toContainEqual({ role: 'user', content: 'npm test failed: fix it' });
    expect(events.at(-1)).toMatchObject({ type: 'stop', reason: 'done', verification: passed });
    expect(seen).toHaveLength(2);
    expect([...(seen[0] ?? [])]).toEqual([]); // the in-memory write tool reports no changed paths
  });

  it('a run that stops for another reason is reported as not verified', async () => {
    const finishGate = {
      async check() {
        return { kind: 'accept' as const, verification: passed };
      },
    };
    const { result } = await run(
      { turns: [{ calls: [call('ask_user', { question: 'Which?' })] }] },
      { finishGate },
    );
    expect(result.reason).toBe('blocked');
    expect(result.verification?.status).toBe('not_verified');
    expect(result.message).toMatch(
      /^Which\?\n\nVerification: The run stopped \(blocked\) before the checks ran\.$/,
    );
  });
});
