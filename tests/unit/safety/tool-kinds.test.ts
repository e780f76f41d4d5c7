// Approvals know tool kinds: each mode has a rule per kind, and a tool of the external kind (from another
// source) is asked like a command that is not read-only.
import { describe, expect, it } from 'vitest';
import { APPROVAL_MODES, TOOL_KINDS, type ApprovalRequest } from '../../../src/shared/approval.js';
import { decide, describeRequest } from '../../../src/main/cli-approver.js';
import { Permissions, type Approver, type ExternalRules } from '../../../src/main/safety/permissions.js';

const signal = new AbortController().signal;

function permissions(
  mode: (typeof APPROVAL_MODES)[number],
  approver?: Approver,
  external?: ExternalRules,
): Permissions {
  return new Permissions({
    mode,
    ...(approver ? { approver } : {}),
    ...(external ? { external } : {}),
    judge: async (c) => ({ verdict: 'ask', reasons: ['test'], segments: [c] }),
    sandbox: { available: true, note: 'test', whenMissing: 'ask' },
  });
}

describe('rules per tool kind', () => {
  it('reads are never asked; plan refuses the rest; auto-edit asks only what it cannot show', () => {
    const table = Object.fromEntries(
      APPROVAL_MODES.map((mode) => [
        mode,
        TOOL_KINDS.map((kind) => permissions(mode).ruleFor(kind)).join(' '),
      ]),
    );
    // read edit command external
    expect(table).toEqual({
      plan: 'allow refuse refuse refuse',
      ask: 'allow ask ask ask',
      'auto-edit': 'allow allow ask ask',
      'full-auto': 'allow allow allow allow',
    });
  });
});

describe('external tools', () => {
  it('ask mode and auto-edit ask the person, with the tool, its source and its arguments', async () => {
    for (const mode of ['ask', 'auto-edit'] as const) {
      const asked: ApprovalRequest[] = [];
      const p = permissions(mode, async (request) => {
        asked.push(request);
        return { approved: false, note: 'not now' };
      });
      expect(await p.external('deploy', 'mcp:ops', { env: 'prod' }, signal)).toEqual({
        ok: false,
        message: 'Not run: the user declined. The user says: not now',
      });
      expect(asked).toEqual([
        {
          id: expect.any(String),
          kind: 'external',
          tool: 'deploy',
          source: 'mcp:ops',
          args: '{"env":"prod"}',
        },
      ]);
    }
  });

  it('full-auto runs them without asking; plan refuses; nobody to ask is a refusal', async () => {
    expect(await permissions('full-auto').external('deploy', 'mcp:ops', {}, signal)).toEqual({
      ok: true,
      asked: false,
    });
    expect(await permissions('plan').external('deploy', 'mcp:ops', {}, signal)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Plan mode is read-only: deploy \(from mcp:ops\) not run/),
    });
    expect(await permissions('ask').external('deploy', 'mcp:ops', {}, signal)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Not run: it needs the user's approval and nobody can answer/),
    });
  });

  it('long arguments are shortened in the question, and the terminal shows it', async () => {
    const asked: ApprovalRequest[] = [];
    await permissions('ask', async (request) => {
      asked.push(request);
      return { approved: true };
    }).external('write_note', 'mcp:notes', { text: 'x'.repeat(5000) }, signal);
    const request = asked[0];
    expect(request?.kind === 'external' && request.args.length).toBe(2001);
    expect(describeRequest(request as ApprovalRequest)).toMatch(
      /^The agent wants to call write_note \(from mcp:notes\) with: \{"text":"xxx/,
    );
  });
});

/** The person's answers, kept as a real store would keep them (in memory here). */
function rules(initial: { allowed?: string[]; readOnly?: string[] } = {}) {
  const allowed = new Set(initial.allowed ?? []);
  const readOnly = new Set(initial.readOnly ?? []);
  const store: ExternalRules = {
    allowed: (tool) => allowed.has(tool),
    readOnlyConfirmed: (tool) => readOnly.has(tool),
    remember: async (tool) => {
      allowed.add(tool);
    },
  };
  return { store, allowed };
}

describe("the person's own rules for external tools", () => {
  it('"always allow" is remembered: the next call of that tool runs unasked, other tools still ask', async () => {
    const { store, allowed } = rules();
    const asked: ApprovalRequest[] = [];
    const p = permissions(
      'auto-edit',
      async (request) => {
        asked.push(request);
        return { approved: true, remember: true };
      },
      store,
    );
    expect(await p.external('srv__lookup', 'mcp:srv', {}, signal, { readOnly: true })).toEqual({
      ok: true,
      asked: true,
    });
    expect(asked[0]).toMatchObject({ kind: 'external', canRemember: true, readOnlyHint: true });
    expect([...allowed]).toEqual(['srv__lookup']);
    expect(await p.external('srv__lookup', 'mcp:srv', {}, signal)).toEqual({ ok: true, asked: false });
    await p.external('srv__write', 'mcp:srv', {}, signal);
    expect(asked.map((r) => r.kind === 'external' && r.tool)).toEqual(['srv__lookup', 'srv__write']);
  });

  it('a declined question remembers nothing, whatever else the answer says', async () => {
    const { store, allowed } = rules();
    const p = permissions('ask', async () => ({ approved: false, remember: true }), store);
    expect((await p.external('srv__x', 'mcp:srv', {}, signal)).ok).toBe(false);
    expect(allowed.size).toBe(0);
  });

  it("plan mode runs only what the person confirmed only reads; the source's hint alone is not enough", async () => {
    const { store } = rules({ readOnly: ['srv__lookup'], allowed: ['srv__write'] });
    const p = permissions('plan', undefined, store);
    expect(await p.external('srv__lookup', 'mcp:srv', {}, signal)).toEqual({ ok: true, asked: false });
    // Allowed to run unasked in ask/auto-edit, but never confirmed read-only: plan still refuses it.
    expect(await p.external('srv__write', 'mcp:srv', {}, signal)).toMatchObject({ ok: false });
    expect(await p.external('srv__other', 'mcp:srv', {}, signal, { readOnly: true })).toMatchObject({
      ok: false,
      message: expect.stringContaining('its server says it only reads, which the user has not confirmed'),
    });
  });

  it('without rules the question does not offer "always"; the terminal takes "a" only where it is offered', async () => {
    const asked: ApprovalRequest[] = [];
    await permissions('ask', async (request) => {
      asked.push(request);
      return { approved: true };
    }).external('srv__x', 'mcp:srv', {}, signal);
    expect(asked[0]).not.toHaveProperty('canRemember');
    expect(decide('a', true)).toEqual({ approved: true, remember: true });
    expect(decide('always', true)).toEqual({ approved: true, remember: true });
    expect(decide('a', false)).toEqual({ approved: false, note: 'a' });
    expect(decide('y', true)).toEqual({ approved: true });
  });
});
