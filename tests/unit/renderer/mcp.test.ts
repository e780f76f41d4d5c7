// MCP in the window: the text helpers (token figures, slash query and matches, the attachment block),
// the slice against a fake window.api, and "always allow" going out with an approval only.
import { beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type DesktopApi } from '../../../src/shared/ipc';
import type { McpOverview, McpPromptView } from '../../../src/shared/mcp';
import {
  appendBlock,
  attachmentNote,
  filterPrompts,
  resourceBlock,
  slashQuery,
  tokensLabel,
} from '../../../src/renderer/src/lib/mcp-text';
import { useAppStore } from '../../../src/renderer/src/store';

const state = () => useAppStore.getState();

/** Every method answers with `answer(method, input)`; calls are recorded. */
function installBridge(
  answer: (method: string, input: unknown) => unknown,
): { method: string; input: unknown }[] {
  const calls: { method: string; input: unknown }[] = [];
  const api: Record<string, unknown> = { onEvent: () => () => {} };
  for (const name of METHOD_NAMES) {
    api[name] = async (input: unknown) => {
      calls.push({ method: name, input });
      return answer(name, input);
    };
  }
  (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
  return calls;
}

const overview: McpOverview = {
  servers: [],
  tokensCounted: 'model',
  problems: [],
  userConfigPath: '/u/mcp.json',
};

const prompt = (server: string, name: string): McpPromptView => ({
  server,
  name,
  command: `/${server}:${name}`,
  arguments: [],
});

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('MCP text', () => {
  it('labels tokens as counted', () => {
    expect(tokensLabel(1234, 'model')).toBe('1,234 tokens');
    expect(tokensLabel(1, 'approx')).toBe('about 1 token');
    expect(tokensLabel(5, undefined)).toBe('about 5 tokens');
  });

  it('reads a slash command only while it is one word at the start', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/docs:ex')).toBe('docs:ex');
    expect(slashQuery('/docs:ex now')).toBeNull();
    expect(slashQuery(' /docs')).toBeNull();
    expect(slashQuery('/a\n')).toBeNull();
  });

  it('lists prompts starting with the query first, then those containing it', () => {
    const list = [prompt('tracker', 'summarize'), prompt('docs', 'explain'), prompt('web', 'docs')];
    expect(filterPrompts(list, '').map((p) => p.command)).toEqual(list.map((p) => p.command));
    expect(filterPrompts(list, 'DO').map((p) => p.command)).toEqual(['/docs:explain', '/web:docs']);
    expect(filterPrompts(list, 'sum').map((p) => p.command)).toEqual(['/tracker:summarize']);
    expect(filterPrompts(list, 'zzz')).toEqual([]);
  });

  it('builds the attachment block and the note, saying when it was cut', () => {
    const resource = { server: 'docs', uri: 'docs://a.md', name: 'A' };
    const cut = { text: 'body', truncated: true, tokens: 3 };
    expect(resourceBlock(resource, cut, 'model')).toBe(
      '--- resource docs://a.md (from docs, 3 tokens, cut to fit) ---\nbody\n--- end of docs://a.md ---\n',
    );
    expect(attachmentNote('Attached A', cut, 'approx')).toBe('Attached A: about 3 tokens (cut to fit)');
    expect(appendBlock('', 'B\n')).toBe('B\n');
    expect(appendBlock('look:\n\n', 'B\n')).toBe('look:\n\nB\n');
  });
});

describe('MCP slice', () => {
  it('loads the overview, applies events and changes, and shows a refusal as a toast', async () => {
    const calls = installBridge((method) =>
      method === 'mcp.restart' ? { ok: false, code: 'mcp_refused', message: 'No server "x".' } : overview,
    );
    await state().loadMcp();
    expect(state().mcp).toEqual(overview);
    const pushed = { ...overview, problems: ['bad file'] };
    state().onMcpOverview(pushed);
    expect(state().mcp).toBe(pushed);
    expect(await state().trustMcpServer('docs', true)).toBe(true);
    expect(state().mcp).toEqual(overview);
    expect(await state().setMcpTool('docs__read', { allowed: true })).toBe(true);
    expect(await state().restartMcpServer('x')).toBe(false);
    expect(calls.map((c) => [c.method, c.input])).toEqual([
      ['mcp.overview', {}],
      ['mcp.trust', { server: 'docs', trusted: true }],
      ['mcp.setTool', { tool: 'docs__read', allowed: true }],
      ['mcp.restart', { server: 'x' }],
    ]);
    expect(state().toasts).toMatchObject([{ title: 'Could not restart x', code: 'mcp_refused' }]);
  });

  it('sends "always allow" with an approval only', async () => {
    const calls = installBridge(() => ({ ok: true }));
    const ask = (id: string) =>
      state().onApproval({ id, kind: 'external', tool: 't', source: 'mcp:s', args: '{}', canRemember: true });
    ask('a');
    await state().decideCommand(false, '', true);
    ask('b');
    await state().decideCommand(true, ' ok ', true);
    expect(calls.map((c) => c.input)).toEqual([
      { requestId: 'a', decision: { approved: false } },
      { requestId: 'b', decision: { approved: true, note: 'ok', remember: true } },
    ]);
  });
});
