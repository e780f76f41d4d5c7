import { promises as fs } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import { createVerificationGate } from '../../../src/main/agent/verification/gate.js';
import type { CheckSpec } from '../../../src/main/agent/verification/check-types.js';
import { createCommandRunner } from '../../../src/main/workspace/command-runner.js';
import { openWorkspace, type Workspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

let root: string;
let ws: Workspace;
const runner = createCommandRunner();

beforeEach(async () => {
  root = await makeTempDir('lc-gate-');
  const opened = await openWorkspace(root);
  if (!opened.ok) throw new Error(opened.message);
  ws = opened.workspace;
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const check = (name: string, command: string, extra: Partial<CheckSpec> = {}): CheckSpec => ({
  name,
  command,
  kind: 'test',
  source: 'user',
  ...extra,
});

function context(changed: string[]) {
  const events: AgentEvent[] = [];
  return {
    events,
    ctx: {
      step: 3,
      signal: new AbortController().signal,
      changedFiles: new Set(changed),
      emit: (e: AgentEvent) => events.push(e),
    },
  };
}

describe('verification gate', () => {
  it('fails with feedback the model can act on, then passes once the file is fixed', async () => {
    await writeFiles(root, { 'ok.txt': 'broken\n' });
    const gate = createVerificationGate({
      workspace: ws,
      runner,
      checks: [check('test', 'grep -q fixed ok.txt || { echo "expected fixed in ok.txt"; exit 1; }')],
    });
    const { ctx, events } = context(['ok.txt']);
    const first = await gate.check(ctx);
    expect(first.kind).toBe('retry');
    if (first.kind !== 'retry') return;
    expect(first.feedback).toContain('round 1 of 3');
    expect(first.feedback).toContain('test (`grep -q');
    expect(first.feedback).toContain('expected fixed in ok.txt');
    expect(events[0]).toMatchObject({ type: 'verification', step: 3, round: 1, passed: false });

    await writeFiles(root, { 'ok.txt': 'fixed\n' });
    const second = await gate.check(ctx);
    expect(second).toMatchObject({ kind: 'accept', verification: { status: 'passed', rounds: 2 } });
    expect(second.verification.summary).toMatch(/^Checks passed: test/);
    expect(second.verification.checks[0]).toMatchObject({ name: 'test', status: 'passed', exitCode: 0 });
  });

  it('gives up after maxRounds and says the checks still fail', async () => {
    const gate = createVerificationGate({
      workspace: ws,
      runner,
      maxRounds: 2,
      checks: [check('test', 'exit 3')],
    });
    const { ctx } = context(['a.js']);
    expect((await gate.check(ctx)).kind).toBe('retry');
    const last = await gate.check(ctx);
    expect(last).toMatchObject({ kind: 'accept', verification: { status: 'failed', rounds: 2 } });
    expect(last.verification.summary).toContain(
      'Checks still failing after 2 rounds: test (`exit 3`, failed (exit code 3))',
    );
  });

  it('a missing check command is "not verified", not a failure to fix', async () => {
    const gate = createVerificationGate({
      workspace: ws,
      runner,
      checks: [check('lint', 'no-such-linter-xyz --all', { kind: 'lint' })],
    });
    const verdict = await gate.check(context(['a.js']).ctx);
    expect(verdict.kind).toBe('accept');
    expect(verdict.verification.status).toBe('not_verified');
    expect(verdict.verification.summary).toContain(
      'lint (`no-such-linter-xyz --all`, could not run (command not found))',
    );
    expect(verdict.verification.checks[0]?.status).toBe('error');
  });

  it('passes when some checks pass and others cannot run, saying which could not', async () => {
    const gate = createVerificationGate({
      workspace: ws,
      runner,
      checks: [check('test', 'true'), check('lint', 'no-such-linter-xyz', { kind: 'lint' })],
    });
    const verdict = await gate.check(context(['a.js']).ctx);
    expect(verdict.verification.status).toBe('passed');
    expect(verdict.verification.summary).toContain('could not run: lint');
  });

  it('is honest when there is nothing to run: no changes, no checks, no relevant checks', async () => {
    const none = createVerificationGate({ workspace: ws, runner, checks: [] });
    expect((await none.check(context([]).ctx)).verification.summary).toBe(
      'No files were changed, so no checks ran.',
    );
    const noChecks = await none.check(context(['a.js']).ctx);
    expect(noChecks.verification).toMatchObject({ status: 'not_verified', rounds: 0 });
    expect(noChecks.verification.summary).toContain('no checks were found');
    const py = createVerificationGate({
      workspace: ws,
      runner,
      checks: [check('pytest', 'false', { appliesTo: ['.py'] })],
    });
    const irrelevant = await py.check(context(['README.md']).ctx);
    expect(irrelevant.verification.summary).toContain(
      "none of the project's checks (pytest) cover the changed files",
    );
  });

  it('detects the checks itself when none are given, and notes a changed check definition', async () => {
    await writeFiles(root, {
      'package.json': JSON.stringify({ scripts: { test: 'node -e "process.exit(0)"' } }),
    });
    const gate = createVerificationGate({ workspace: ws, runner });
    const verdict = await gate.check(context(['package.json']).ctx);
    expect(verdict.verification.status).toBe('passed');
    expect(verdict.verification.summary).toContain('test (`npm test`)');
    expect(verdict.verification.summary).toContain(
      'this run changed package.json, which defines these checks',
    );
  });
});
