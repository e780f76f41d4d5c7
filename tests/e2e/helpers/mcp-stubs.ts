// MCP flows' world: stubs for the MCP methods in front of the real backend (every call still passes
// the bridge's validation and is recorded), an overview with a failed and an untrusted server, prompts and
// resources to list, and page helpers.
import type { Page } from 'playwright-core';
import type { ApprovalRequest } from '../../../src/shared/approval.js';
import type { MethodInput, MethodName, MethodOutputs } from '../../../src/shared/ipc.js';
import type { McpOverview, McpPromptView, McpResourceView } from '../../../src/shared/mcp.js';
import { testId, type FlowSession } from './session.js';

/** A stub answers at once or later (a promise), as the real backend may. */
export type Stubs = {
  [M in MethodName]?: (input: MethodInput<M>) => MethodOutputs[M] | Promise<MethodOutputs[M]>;
};

const emptyOverview = (): McpOverview => ({
  servers: [],
  problems: [],
  tokensCounted: 'approx',
  userConfigPath: '/home/me/.local-coder/mcp.json',
});

/**
 * Stubs in front of `s`'s backend. stub(): from now on `stubs`' methods (and mcp.overview, with no
 * servers unless stubbed) are answered in place of the backend, replacing earlier stubs; every other
 * method goes to the real one. unstub(): all go to the real one again.
 */
export function backendStubs(s: FlowSession): { stub(stubs: Stubs): void; unstub(): void } {
  const real = s.e2e.backend.handle;
  return {
    stub(stubs) {
      const all: Stubs = { 'mcp.overview': emptyOverview, ...stubs };
      s.e2e.backend.handle = async (method, input) => {
        const answer = all[method] as
          | ((input: unknown) => MethodOutputs[typeof method] | Promise<MethodOutputs[typeof method]>)
          | undefined;
        return answer ? answer(input) : real(method, input);
      };
    },
    unstub() {
      s.e2e.backend.handle = real;
    },
  };
}

const lookupTool = {
  name: 'tracker__lookup_issue',
  serverTool: 'lookup_issue',
  description: 'Looks an issue up by number.',
  readOnlyHint: true,
  enabled: true,
  allowed: false,
  readOnlyConfirmed: false,
  tokens: 48,
};

export function overview(docsState: 'untrusted' | 'idle', allowed = false): McpOverview {
  return {
    tokensCounted: 'approx',
    problems: ['.local-coder.json: mcpServers.broken has no "command"; add the command that starts it.'],
    userConfigPath: '/home/me/.local-coder/mcp.json',
    servers: [
      {
        name: 'tracker',
        scope: 'user',
        transport: 'stdio',
        target: 'node tracker-server.js --port 0',
        state: 'failed',
        trusted: true,
        error: 'tracker exited before answering (code 1); see its log, fix the command and press Restart.',
        network: false,
        logPath: '/home/me/.local-coder/mcp-logs/tracker.log',
        tools: [{ ...lookupTool, allowed }],
        promptTokens: 48,
        resources: 0,
        prompts: 1,
      },
      {
        name: 'docs',
        scope: 'project',
        transport: 'stdio',
        target: 'npx -y docs-server --root .',
        state: docsState,
        trusted: docsState !== 'untrusted',
        network: false,
        tools: [],
        promptTokens: 0,
        resources: 2,
        prompts: 1,
      },
    ],
  };
}

export const prompts: McpPromptView[] = [
  {
    server: 'tracker',
    name: 'summarize',
    command: '/tracker:summarize',
    description: 'Summarize open issues',
    arguments: [],
  },
  {
    server: 'docs',
    name: 'explain',
    command: '/docs:explain',
    description: 'Explain a topic from the docs',
    arguments: [
      { name: 'topic', description: 'What to explain', required: true },
      { name: 'depth', required: false },
    ],
  },
];

export const resources: McpResourceView[] = [
  { server: 'docs', uri: 'docs://guide/intro.md', name: 'Intro' },
  { server: 'docs', uri: 'docs://guide/setup.md', name: 'Setup' },
];

export const external = (
  id: string,
  extra: Partial<Extract<ApprovalRequest, { kind: 'external' }>>,
): ApprovalRequest => ({
  id,
  kind: 'external',
  tool: 'tracker__lookup_issue',
  source: 'mcp:tracker',
  args: '{"id":7}',
  ...extra,
});

export function callsOf(s: FlowSession, method: MethodName): unknown[] {
  return s.bridge.calls.filter((c) => c.method === method).map((c) => c.input);
}

/** The data-testid of the focused element ('' when it has none). */
export function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = (
      globalThis as { document?: { activeElement: { getAttribute(n: string): string | null } | null } }
    ).document;
    return doc?.activeElement?.getAttribute('data-testid') ?? '';
  });
}

export async function dismissToasts(page: Page): Promise<void> {
  const toast = page.locator(testId('error-toast'));
  while ((await toast.count()) > 0) {
    await toast.first().locator('button[aria-label="Dismiss"]').click();
  }
}
