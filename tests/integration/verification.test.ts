// The verification gate end to end: the scripted model drives the real loop, the real tools and the
// real checks (npm test on a sample project); checkpoints undo what the run did.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-events.js';
import { runAgent } from '../../src/main/agent/agent-loop.js';
import {
  createSyntaxChecker,
  createVerificationGate,
  loadProjectChecks,
} from '../../src/main/agent/verification/index.js';
import { ScriptedModel, type Script } from '../../src/main/model/scripted-model.js';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { DEFAULT_LIMITS } from '../../src/main/tools/types.js';
import { openCheckpointStore } from '../../src/main/workspace/checkpoints.js';
import { createCommandRunner } from '../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../src/main/workspace/read-tracker.js';
import { allowAllPermissions } from '../helpers/allow-all.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';

const SAMPLE = path.resolve('tests/fixtures/sample-project');
let root: string;
let data: string;

beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lc-verify-')));
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'lc-verify-data-'));
  await fs.cp(SAMPLE, root, { recursive: true });
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(data, { recursive: true, force: true });
});

/** Wires a run the way the session will: gate, checkpoints, syntax check. */
async function run(script: Script, maxRounds = 3) {
  const opened = await openWorkspace(root);
  if (!opened.ok) throw new Error(opened.message);
  const ws = opened.workspace;
  const runner = createCommandRunner();
  const checkpoints = await openCheckpointStore(ws, { dir: data, sessionId: 'run-1' });
  const { checks } = await loadProjectChecks(root);
  const events: AgentEvent[] = [];
  const result = await runAgent({
    model: new ScriptedModel(script),
    tools: createDefaultRegistry(),
    toolContext: {
      ws,
      reads: new ReadTracker(),
      commands: runner,
      limits: DEFAULT_LIMITS,
      checkpoints,
      permissions: allowAllPermissions(),
      afterWrite: createSyntaxChecker({ root, runner }),
    },
    systemPrompt: 'You are a coding agent.',
    task: 'Fix add() in math.js.',
    onEvent: (e) => events.push(e),
    finishGate: createVerificationGate({ workspace: ws, checks, runner, maxRounds }),
  });
  return { result, events, checkpoints };
}

const edit = (from: string, to: string) => ({
  name: 'edit_file',
  args: { path: 'math.js', old_text: `  return ${from};`, new_text: `  return ${to};` },
});
const read = { name: 'read_file', args: { path: 'math.js' } };

describe('verification gate with the scripted model', () => {
  it('fails, fixes, passes; the stop carries the outcome; undo puts math.js back', async () => {
    const original = await fs.readFile(path.join(root, 'math.js'));
    const { result, events, checkpoints } = await run({
      turns: [
        { calls: [read] },
        { calls: [edit('a - b', 'b - a')] },
        { text: 'Fixed.' },
        { calls: [edit('b - a', 'a + b')] },
        { text: 'Fixed add().' },
      ],
    });
    expect(result.reason).toBe('done');
    expect(result.verification).toMatchObject({ status: 'passed', rounds: 2 });
    expect(result.message).toBe('Fixed add().\n\nVerification: Checks passed: test (`npm test`).');
    const feedback = result.messages.find((m) => m.role === 'user' && m.content.includes('round 1 of 3'));
    expect(feedback?.content).toContain('test (`npm test`): failed (exit code 1)');
    expect(feedback?.content).toContain('AssertionError');
    const rounds = events.filter((e) => e.type === 'verification');
    expect(rounds.map((e) => e.type === 'verification' && e.passed)).toEqual([false, true]);
    expect(events.at(-1)).toMatchObject({ type: 'stop', verification: { status: 'passed' } });

    const undo = await checkpoints.undoLast();
    expect(undo.ok).toBe(true);
    expect(await fs.readFile(path.join(root, 'math.js'))).toEqual(original);
  });

  it('never verified: the model stops fixing and the run ends failed after maxRounds', async () => {
    const { result } = await run(
      {
        turns: [{ calls: [read] }, { calls: [edit('a - b', 'b - a')] }, { text: 'Done.' }, { text: 'Done!' }],
      },
      2,
    );
    expect(result.reason).toBe('done');
    expect(result.verification?.status).toBe('failed');
    expect(result.message).toContain(
      'Verification: Checks still failing after 2 rounds: test (`npm test`, failed',
    );
  });

  it('a check command that is missing ends "not verified", and the syntax check shows in the edit', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    pkg.scripts.test = 'no-such-test-runner-xyz';
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify(pkg));
    const { result, events } = await run({
      turns: [{ calls: [read] }, { calls: [edit('a - b', 'a + (b')] }, { text: 'Done.' }],
    });
    const editResult = events.find((e) => e.type === 'tool_result' && e.name === 'edit_file');
    expect(editResult?.type === 'tool_result' && editResult.output).toContain(
      'Syntax check of math.js failed',
    );
    expect(result.verification?.status).toBe('not_verified');
    expect(result.message).toContain('could not run (command not found)');
  });
});
