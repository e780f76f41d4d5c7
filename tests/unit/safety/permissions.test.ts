// Approval modes are enforced in the core: the tools ask Permissions, whatever answers the questions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ApprovalDecision,
  ApprovalMode,
  ApprovalRequest,
  CommandJudgement,
} from '../../../src/shared/approval.js';
import { Permissions, applyDecision } from '../../../src/main/safety/permissions.js';
import { writeFileTool } from '../../../src/main/tools/write-file.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

const verdicts: Record<string, CommandJudgement['verdict']> = {
  ls: 'read_only',
  'npm test': 'ask',
  'rm -rf /': 'deny',
};
const judge = async (command: string): Promise<CommandJudgement> => ({
  verdict: verdicts[command] ?? 'ask',
  reasons: [`judged ${command}`],
  segments: [command],
});
const sandboxed = { available: true, note: 'bubblewrap', whenMissing: 'ask' as const };
const signal = new AbortController().signal;

/** An approver that records questions and answers from a queue. */
function answering(...answers: ApprovalDecision[]) {
  const asked: ApprovalRequest[] = [];
  const approver = async (request: ApprovalRequest) => {
    asked.push(request);
    const next = answers.shift();
    if (!next) throw new Error('no answer left');
    return next;
  };
  return { asked, approver };
}

function permissions(mode: ApprovalMode, extra: Partial<ConstructorParameters<typeof Permissions>[0]> = {}) {
  return new Permissions({ mode, judge, sandbox: sandboxed, ...extra });
}

describe('commands by mode', () => {
  const cases: [ApprovalMode, string, 'run' | 'ask' | 'refuse'][] = [
    ['plan', 'ls', 'run'],
    ['plan', 'npm test', 'refuse'],
    ['plan', 'rm -rf /', 'refuse'],
    ['ask', 'ls', 'run'],
    ['ask', 'npm test', 'ask'],
    ['ask', 'rm -rf /', 'refuse'],
    ['auto-edit', 'ls', 'run'],
    // Sandbox-first: contained by the sandbox, so it runs; what it cannot contain still asks.
    ['auto-edit', 'npm test', 'run'],
    ['auto-edit', 'npm install left-pad', 'ask'],
    ['auto-edit', 'git commit -am wip', 'ask'],
    ['full-auto', 'npm test', 'run'],
    ['full-auto', 'rm -rf /', 'refuse'],
  ];
  for (const [mode, command, expected] of cases) {
    it(`${mode}: ${command} -> ${expected}`, async () => {
      const { asked, approver } = answering({ approved: true });
      const result = await permissions(mode, { approver }).command('run_command', command, signal);
      expect(asked.length).toBe(expected === 'ask' ? 1 : 0);
      expect(result.ok).toBe(expected !== 'refuse');
      if (expected === 'ask') expect(asked[0]).toMatchObject({ kind: 'command', command, sandboxed: true });
    });
  }

  it('a declined command is not run and the note reaches the model', async () => {
    const { approver } = answering({ approved: false, note: 'use npm run test:unit' });
    const result = await permissions('ask', { approver }).command('run_command', 'npm test', signal);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toContain('use npm run test:unit');
  });

  it('with nobody to ask, a question is a refusal that says how to allow it', async () => {
    const result = await permissions('ask').command('run_command', 'npm test', signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/full-auto/);
  });

  it('without a sandbox, every command asks (even read-only ones, even in full-auto)', async () => {
    const { asked, approver } = answering({ approved: true }, { approved: true });
    const p = permissions('full-auto', {
      approver,
      sandbox: { available: false, note: 'bubblewrap not found', whenMissing: 'ask' },
    });
    expect((await p.command('run_command', 'ls', signal)).ok).toBe(true);
    expect((await p.command('run_command', 'npm test', signal)).ok).toBe(true);
    expect(asked).toHaveLength(2);
    expect(asked[0]).toMatchObject({ sandboxed: false, sandboxNote: 'bubblewrap not found' });
  });

  it('without a sandbox and the setting "refuse", nothing runs and nobody is asked', async () => {
    const { asked, approver } = answering({ approved: true });
    const p = permissions('full-auto', {
      approver,
      sandbox: { available: false, note: 'bubblewrap not found', whenMissing: 'refuse' },
    });
    const result = await p.command('run_command', 'ls', signal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('bubblewrap not found');
    expect(asked).toHaveLength(0);
  });

  it('a cancelled run answers a pending question with a refusal', async () => {
    const controller = new AbortController();
    const approver = (_r: ApprovalRequest, s: AbortSignal) =>
      new Promise<ApprovalDecision>((_resolve, reject) =>
        s.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const pending = permissions('ask', { approver }).command('run_command', 'npm test', controller.signal);
    controller.abort();
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('cancelled');
  });
});

describe('applyDecision', () => {
  const changes = [
    { path: 'a.txt', before: 'a\n', after: 'A\n' },
    { path: 'b.txt', before: null, after: 'new\n' },
    { path: 'c.txt', before: 'c\n', after: null },
  ];

  it('approves as proposed', () => {
    expect(applyDecision(changes, { approved: true })).toEqual({
      ok: true,
      files: changes,
      rejected: [],
      edited: [],
    });
  });

  it('keeps the person edits, drops rejected files and ignores paths outside the request', () => {
    const result = applyDecision(changes, {
      approved: true,
      files: [
        { path: 'a.txt', after: 'A edited\n' },
        { path: '../outside.txt', after: 'x' },
      ],
      rejected: ['c.txt'],
    });
    expect(result).toEqual({
      ok: true,
      files: [
        { path: 'a.txt', before: 'a\n', after: 'A edited\n' },
        { path: 'b.txt', before: null, after: 'new\n' },
      ],
      rejected: ['c.txt'],
      edited: ['a.txt'],
    });
  });

  it('a file whose every hunk was rejected counts as rejected; all rejected is a refusal', () => {
    const result = applyDecision(changes.slice(0, 1), {
      approved: true,
      files: [{ path: 'a.txt', after: 'a\n' }],
    });
    expect(result.ok).toBe(false);
  });
});

describe('file tools ask before writing', () => {
  let t: TempWorkspace;
  beforeEach(async () => {
    t = await makeTempWorkspace();
  });
  afterEach(async () => t.cleanup());

  it('plan mode changes nothing', async () => {
    t.ctx.permissions = permissions('plan');
    const out = await t.run(writeFileTool, { path: 'new.txt', content: 'x' });
    expect(out.ok).toBe(false);
    expect(out.output).toMatch(/Plan mode/);
    await expect(t.read('new.txt')).rejects.toThrow();
  });

  it('ask mode writes the text the person edited and tells the model', async () => {
    await t.write({ 'a.js': 'let a = 1;\n' });
    await t.run(readFileTool, { path: 'a.js' });
    const { asked, approver } = answering({
      approved: true,
      files: [{ path: 'a.js', after: 'let a = 3;\n' }],
    });
    t.ctx.permissions = permissions('ask', { approver });
    const out = await t.run(editFileTool, { path: 'a.js', old_text: 'let a = 1;', new_text: 'let a = 2;' });
    expect(out.ok).toBe(true);
    expect(out.output).toMatch(/changed the proposed text/);
    expect(asked[0]).toMatchObject({
      kind: 'edit',
      changes: [{ path: 'a.js', before: 'let a = 1;\n', after: 'let a = 2;\n' }],
    });
    expect(await t.read('a.js')).toBe('let a = 3;\n');
  });

  it('a rejected edit leaves the file byte for byte', async () => {
    await t.write({ 'a.js': 'let a = 1;\n' });
    await t.run(readFileTool, { path: 'a.js' });
    const { approver } = answering({ approved: false, note: 'keep it' });
    t.ctx.permissions = permissions('ask', { approver });
    const out = await t.run(editFileTool, { path: 'a.js', old_text: 'let a = 1;', new_text: 'let a = 2;' });
    expect(out.ok).toBe(false);
    expect(out.output).toContain('keep it');
    expect(await t.read('a.js')).toBe('let a = 1;\n');
  });

  it('apply_patch writes only the files the person accepted', async () => {
    await t.write({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
    const patch = [
      '--- a/a.txt',
      '+++ b/a.txt',
      '@@ -1 +1 @@',
      '-one',
      '+ONE',
      '--- a/b.txt',
      '+++ b/b.txt',
      '@@ -1 +1 @@',
      '-two',
      '+TWO',
      '',
    ].join('\n');
    const { approver } = answering({ approved: true, rejected: ['b.txt'] });
    t.ctx.permissions = permissions('ask', { approver });
    const out = await t.run(applyPatchTool, { patch });
    expect(out.ok).toBe(true);
    expect(out.changed).toEqual(['a.txt']);
    expect(out.output).toMatch(/rejected the change to b.txt/);
    expect(await t.read('a.txt')).toBe('ONE\n');
    expect(await t.read('b.txt')).toBe('two\n');
  });

  it('auto-edit writes without asking', async () => {
    const { asked, approver } = answering();
    t.ctx.permissions = permissions('auto-edit', { approver });
    const out = await t.run(writeFileTool, { path: 'n.txt', content: 'hello\n' });
    expect(out.ok).toBe(true);
    expect(asked).toHaveLength(0);
    expect(await t.read('n.txt')).toBe('hello\n');
  });
});
