// The failures real small models show, through a whole session on a copy of a real project: narration
// instead of action, calls written as text, degenerate repetition. Scripted turns stand in for the model.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import type { HarnessFeatures } from '../../../src/main/agent/features.js';
import { emptyStats, type AgentModel } from '../../../src/main/model/turn.js';
import { runSession } from '../../../src/main/agent/session.js';
import { ScriptedModel, type Script } from '../../../src/main/model/scripted-model.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';

const sample = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sample-project');
let tmp: string;
let project: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-small-'));
  project = path.join(tmp, 'project');
  await cp(sample, project, { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function session(script: Script, task: string, features?: Partial<HarnessFeatures>) {
  const opened = await openWorkspace(project);
  if (!opened.ok) throw new Error(opened.message);
  const events: AgentEvent[] = [];
  const result = await runSession({
    workspace: opened.workspace,
    model: new ScriptedModel(script, 'script', 8192),
    task,
    onEvent: (e) => events.push(e),
    checkpoints: false,
    approvalMode: 'full-auto',
    // The checks run unsandboxed here (the project's own test is harmless); no person is asked.
    sandbox: { allowNetwork: false, whenMissing: 'ask' },
    approver: { ask: async () => ({ kind: 'approve' }) } as never,
    spillDir: path.join(tmp, 'spill'),
    ...(features ? { features } : {}),
  });
  return { result, events };
}

const read = { name: 'read_file', args: { path: 'math.js' } };
const fix = {
  name: 'edit_file',
  args: { path: 'math.js', old_text: 'return a - b;', new_text: 'return a + b;' },
};
const warnings = (events: AgentEvent[], code: string) =>
  events.filter((e) => e.type === 'warning' && e.code === code);

describe('narration instead of action', () => {
  const narrate = 'Next, I will edit math.js to use a + b, and then run node test.js.';

  it('is sent back once with the step to take; a model that then acts finishes done and verified', async () => {
    const { result, events } = await session(
      {
        turns: [
          { calls: [read] },
          { text: narrate },
          { calls: [fix] },
          { text: 'Fixed add: it now returns a + b.' },
        ],
      },
      'The test fails. Fix the bug in math.js so node test.js passes.',
    );
    expect(warnings(events, 'narration')).toHaveLength(1);
    const nudge = events.find((e) => e.type === 'assistant_message' && e.text === narrate);
    expect(nudge).toBeDefined();
    expect(
      result.messages.some(
        (m) => m.role === 'user' && m.content.includes('You wrote "Next, I will edit math.js'),
      ),
    ).toBe(true);
    expect(result.reason).toBe('done');
    expect(result.verification?.status).toBe('passed');
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a + b;');
  });

  it('the issue example: read, narrate, narrate again: checks run although nothing changed, and it ends stalled', async () => {
    const { result, events } = await session(
      {
        turns: [
          { calls: [read] },
          { text: narrate },
          { text: narrate },
          { text: narrate },
          { text: narrate },
          { text: narrate },
        ],
      },
      'The test fails. Fix the bug in math.js so node test.js passes.',
    );
    // The checks ran with no file changed, and their failure went back to the model.
    const rounds = events.filter((e) => e.type === 'verification');
    expect(rounds.length).toBeGreaterThanOrEqual(1);
    expect(rounds.every((e) => e.type === 'verification' && !e.passed)).toBe(true);
    expect(
      result.messages.some(
        (m) =>
          m.role === 'user' && m.content.startsWith('No file was changed, but the task asks for a change.'),
      ),
    ).toBe(true);
    expect(result.reason).toBe('stalled');
    expect(result.message).toMatch(/announced a step \("Next, I will edit math\.js.*No file was changed/s);
    expect(result.verification?.status).toBe('failed');
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a - b;');
  });

  it('nothing changed on a change task whose checks already pass: not verified, never "passed"', async () => {
    await writeFile(
      path.join(project, 'math.js'),
      (await readFile(path.join(project, 'math.js'), 'utf8')).replace('a - b', 'a + b'),
    );
    const { result, events } = await session(
      { turns: [{ text: 'It already works.' }] },
      'Fix the bug in math.js.',
    );
    expect(events.some((e) => e.type === 'verification')).toBe(true);
    expect(result.reason).toBe('done');
    expect(result.verification?.status).toBe('not_verified');
    expect(result.verification?.summary).toMatch(
      /no file was changed, though the task asks for a change; the checks pass/,
    );
  });

  it('an explanation that starts with "let\'s look at" is no announcement, and a question never ends stalled', async () => {
    const { result, events } = await session(
      {
        turns: [
          { calls: [read] },
          { text: "Let's look at add() in math.js: it returns a - b. That is the whole story." },
        ],
      },
      'What does add() in math.js return?',
    );
    expect(warnings(events, 'narration')).toHaveLength(0);
    expect(result.reason).toBe('done');
  });

  it('a question is answered without checks and ends done', async () => {
    const { result, events } = await session(
      { turns: [{ calls: [read] }, { text: 'add() subtracts: it returns a - b.' }] },
      'What does add() in math.js return?',
    );
    expect(result.reason).toBe('done');
    expect(events.some((e) => e.type === 'verification')).toBe(false);
    expect(warnings(events, 'narration')).toHaveLength(0);
  });

  it('switched off, the narration ends the run as before (the ablation)', async () => {
    const { result, events } = await session(
      { turns: [{ calls: [read] }, { text: narrate }] },
      'What does add() in math.js return?',
      { narrationCheck: false },
    );
    expect(warnings(events, 'narration')).toHaveLength(0);
    expect(result.reason).toBe('done');
  });
});

describe('tool calls written as text', () => {
  it('a JSON call in a code fence is run as a call, and the model sees its result', async () => {
    const text = 'I will read it.\n```json\n{"name": "read_file", "arguments": {"path": "math.js"}}\n```';
    const { result, events } = await session(
      { turns: [{ text }, { calls: [fix] }, { text: 'Done.' }] },
      'Fix the bug in math.js.',
    );
    const call = events.find((e) => e.type === 'tool_call');
    expect(call).toMatchObject({ name: 'read_file', args: { path: 'math.js' }, fromText: true });
    const res = events.find((e) => e.type === 'tool_result');
    expect(res).toMatchObject({ ok: true, name: 'read_file' });
    expect(res?.type === 'tool_result' && res.output).toContain('return a - b;');
    expect(result.reason).toBe('done');
    expect(result.verification?.status).toBe('passed');
  });

  it('the fallback syntax without its prefix, and name(key=value), are recognised', async () => {
    const { events } = await session(
      {
        turns: [
          { text: 'call: read_file({"path": "math.js"})' },
          { text: "read_file(path='test.js')" },
          { text: 'It returns a - b.' },
        ],
      },
      'What does add() return?',
    );
    const calls = events.filter((e) => e.type === 'tool_call');
    expect(calls.map((c) => c.type === 'tool_call' && c.args)).toEqual([
      { path: 'math.js' },
      { path: 'test.js' },
    ]);
  });

  it('a text call with arguments that fail the schema comes back as a tool error, never as the answer', async () => {
    const { result, events } = await session(
      {
        turns: [
          { text: '<tool_call>{"name": "read_file", "arguments": {"file": "math.js"}}</tool_call>' },
          { text: 'It returns a - b.' },
        ],
      },
      'What does add() return?',
    );
    const res = events.find((e) => e.type === 'tool_result');
    expect(res).toMatchObject({ ok: false, invalid: 'invalid_args' });
    expect(result.reason).toBe('done');
    expect(result.message).toContain('It returns a - b.');
  });

  it('an unreadable call is answered with how to call, and is not taken as the final answer', async () => {
    const { result, events } = await session(
      {
        turns: [
          { text: '<tool_call>{"name": "read_file", "arguments": {"path": "math.js"</tool_call>' },
          { text: 'It returns a - b.' },
        ],
      },
      'What does add() return?',
    );
    expect(warnings(events, 'text_tool_call')).toHaveLength(1);
    const told = result.messages.find((m) => m.role === 'user' && m.content.includes('written as text'));
    expect(told?.content).toContain('a call to read_file');
    expect(told?.content).toContain('read_file');
    expect(result.reason).toBe('done');
    expect(result.message).toContain('It returns a - b.');
    expect(result.steps).toBe(2);
  });

  it('switched off, such text is the final answer (the ablation)', async () => {
    const text = '{"name": "read_file", "arguments": {"path": "math.js"}}';
    const { result, events } = await session({ turns: [{ text }] }, 'What does add() return?', {
      textCalls: false,
    });
    expect(events.some((e) => e.type === 'tool_call')).toBe(false);
    expect(result.reason).toBe('done');
  });
});

describe('degenerate repetition', () => {
  it('stops the reply early with a named warning and a recovery message; three in a row stop the run', async () => {
    const loop = 'Write a JavaScript function add(a,b) that returns the sum. staan\npaying\n'.repeat(40);
    const { result, events } = await session(
      { turns: [{ text: loop }, { text: loop }, { text: loop }] },
      'What does add() return?',
    );
    expect(warnings(events, 'repetition')).toHaveLength(3);
    const deltas = events
      .filter((e) => e.type === 'text_delta')
      .map((e) => (e.type === 'text_delta' ? e.text : ''))
      .join('');
    // Cut early: far less than the 3 x 40 repeats were streamed.
    expect(deltas.length).toBeLessThan(loop.length);
    expect(
      result.messages.some(
        (m) => m.role === 'user' && m.content.startsWith('Your reply was stopped: it repeated'),
      ),
    ).toBe(true);
    expect(result.reason).toBe('loop');
    expect(result.message).toMatch(/3 replies in a row degenerated/);
  });

  it('a tool call whose arguments run away in repetition is cut too, and never run', async () => {
    const opened = await openWorkspace(project);
    if (!opened.ok) throw new Error(opened.message);
    let turns = 0;
    const streamed: string[] = [];
    // A model port that streams a forced call's arguments: the first turn's never end.
    const model: AgentModel = {
      id: 'runaway',
      contextSize: 8192,
      async turn(req) {
        turns++;
        if (turns === 1) {
          for (let i = 0; i < 400 && !req.signal.aborted; i++) {
            const piece = i === 0 ? '{"path": "' : 'math.js/math.js/';
            streamed.push(piece);
            req.onCallDelta?.(piece);
          }
          return { text: '', toolCalls: [], finishReason: 'cancelled', stats: emptyStats() };
        }
        return { text: 'add() returns a - b.', toolCalls: [], finishReason: 'stop', stats: emptyStats() };
      },
      async dispose() {},
    };
    const events: AgentEvent[] = [];
    const result = await runSession({
      workspace: opened.workspace,
      model,
      task: 'What does add() return?',
      onEvent: (e) => events.push(e),
      checkpoints: false,
      spillDir: path.join(tmp, 'spill'),
    });
    expect(streamed.length).toBeLessThan(100);
    expect(warnings(events, 'repetition')).toHaveLength(1);
    expect(events.some((e) => e.type === 'tool_call')).toBe(false);
    expect(result.reason).toBe('done');
  });

  it('a model that recovers after the warning goes on to finish', async () => {
    const loop = 'ok ok ok ok '.repeat(100);
    const { result } = await session(
      { turns: [{ text: loop }, { text: 'add() returns a - b.' }] },
      'What does add() return?',
    );
    expect(result.reason).toBe('done');
    expect(result.message).toContain('add() returns a - b.');
  });
});
