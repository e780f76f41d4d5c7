// An external tool's question in the window: its arguments shown indented and capped, and the store
// keeping it in the chat and answering it like a command.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/approval';
import { METHOD_NAMES, type DesktopApi } from '../../../src/shared/ipc';
import { MAX_ARGS_CHARS, MAX_ARGS_LINES, prettyArgs } from '../../../src/renderer/src/lib/pretty-args';
import { useAppStore } from '../../../src/renderer/src/store';

const state = () => useAppStore.getState();

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('prettyArgs', () => {
  it('indents JSON and shows all of a short call', () => {
    expect(prettyArgs('{"id":7,"labels":["a"]}')).toEqual({
      text: '{\n  "id": 7,\n  "labels": [\n    "a"\n  ]\n}',
      omitted: 0,
    });
  });

  it('shows arguments the core already shortened (no longer JSON) as they came', () => {
    const cut = `{"body":"${'x'.repeat(50)}…`;
    expect(prettyArgs(cut)).toEqual({ text: cut, omitted: 0 });
  });

  it('caps lines and characters, counting what it leaves out', () => {
    const many = JSON.stringify(Array.from({ length: 200 }, (_, i) => i));
    const lines = prettyArgs(many);
    expect(lines.text.split('\n')).toHaveLength(MAX_ARGS_LINES);
    expect(lines.omitted).toBe(JSON.stringify(JSON.parse(many), null, 2).length - lines.text.length);
    const long = JSON.stringify({ body: 'y'.repeat(10_000) });
    const chars = prettyArgs(long);
    expect(chars.text).toHaveLength(MAX_ARGS_CHARS);
    expect(chars.omitted).toBeGreaterThan(0);
  });
});

describe('an external question in the store', () => {
  it('stays in the chat and is answered with its note', async () => {
    const calls: unknown[] = [];
    const api: Record<string, unknown> = { onEvent: () => () => {} };
    for (const name of METHOD_NAMES) {
      api[name] = async (input: unknown) => {
        calls.push({ method: name, input });
        return { ok: true };
      };
    }
    (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
    const external: ApprovalRequest = {
      id: 'x1',
      kind: 'external',
      tool: 'lookup_issue',
      source: 'mcp:tracker',
      args: '{"id":7}',
    };
    state().onApproval(external);
    expect(state().center).toBe('chat');
    expect(state().review).toBeNull();
    await state().decideCommand(true, ' only issue 7 ');
    expect(calls).toEqual([
      {
        method: 'agent.decide',
        input: { requestId: 'x1', decision: { approved: true, note: 'only issue 7' } },
      },
    ]);
    expect(state().approvals).toEqual([]);
  });
});
