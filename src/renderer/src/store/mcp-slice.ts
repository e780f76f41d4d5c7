// MCP servers of the open folder: the overview (state, tools, the person's choices), kept current by
// 'mcp' events, and the prompts and resources they offer to the message box. The main process decides
// everything; every change is a call whose answer (or the next event) is the new overview.
import type { MethodOutputs } from '../../../shared/ipc';
import type { McpAttachment, McpOverview, McpPromptView, McpResourceView } from '../../../shared/mcp';
import type { Failure } from '../../../shared/result';
import { call, isFailure } from '../api/client';
import type { SliceCreator } from './types';

export interface McpSlice {
  /** null until first loaded. */
  mcp: McpOverview | null;
  mcpPrompts: McpPromptView[];
  mcpResources: McpResourceView[];
  /** Problems the last listing named (a server that could not answer, ...). */
  mcpPromptProblems: string[];
  mcpResourceProblems: string[];
  loadMcp(): Promise<void>;
  onMcpOverview(overview: McpOverview): void;
  /** Each resolves to whether the core accepted (a refusal is shown as a toast). */
  trustMcpServer(server: string, trusted: boolean): Promise<boolean>;
  setMcpServer(server: string, patch: { enabled?: boolean; network?: boolean }): Promise<boolean>;
  setMcpTool(
    tool: string,
    patch: { enabled?: boolean; allowed?: boolean; readOnlyConfirmed?: boolean },
  ): Promise<boolean>;
  restartMcpServer(server: string): Promise<boolean>;
  /** The end of a stdio server's stderr; a Failure is returned for the panel to show inline. */
  readMcpLog(server: string): Promise<MethodOutputs['mcp.log']>;
  loadMcpPrompts(): Promise<void>;
  loadMcpResources(): Promise<void>;
  /** The prompt's text for the message box, or null when refused (shown as a toast). */
  getMcpPrompt(prompt: McpPromptView, args: Record<string, string>): Promise<McpAttachment | null>;
  readMcpResource(resource: McpResourceView): Promise<McpAttachment | null>;
}

export const createMcpSlice: SliceCreator<McpSlice> = (set, get) => {
  /** Applies a change's answer: the new overview, or the refusal as a toast. */
  const change = async (pending: Promise<McpOverview | Failure>, title: string): Promise<boolean> => {
    const result = await pending;
    if (isFailure(result)) {
      get().reportFailure(result, title);
      return false;
    }
    set({ mcp: result });
    return true;
  };

  return {
    mcp: null,
    mcpPrompts: [],
    mcpResources: [],
    mcpPromptProblems: [],
    mcpResourceProblems: [],
    async loadMcp() {
      const result = await call('mcp.overview', {});
      if (isFailure(result)) return get().reportFailure(result, 'Could not list the MCP servers');
      set({ mcp: result });
    },
    onMcpOverview: (overview) => set({ mcp: overview }),
    trustMcpServer: (server, trusted) =>
      change(
        call('mcp.trust', { server, trusted }),
        trusted ? `Could not trust ${server}` : `Could not stop trusting ${server}`,
      ),
    setMcpServer: (server, patch) =>
      change(call('mcp.setServer', { server, ...patch }), `Could not change ${server}`),
    setMcpTool: (tool, patch) => change(call('mcp.setTool', { tool, ...patch }), `Could not change ${tool}`),
    restartMcpServer: (server) => change(call('mcp.restart', { server }), `Could not restart ${server}`),
    readMcpLog: (server) => call('mcp.log', { server }),
    async loadMcpPrompts() {
      const result = await call('mcp.prompts', {});
      if (isFailure(result)) return get().reportFailure(result, 'Could not list the MCP prompts');
      set({ mcpPrompts: result.prompts, mcpPromptProblems: result.problems });
    },
    async loadMcpResources() {
      const result = await call('mcp.resources', {});
      if (isFailure(result)) return get().reportFailure(result, 'Could not list the MCP resources');
      set({ mcpResources: result.resources, mcpResourceProblems: result.problems });
    },
    async getMcpPrompt(prompt, args) {
      const result = await call('mcp.getPrompt', { server: prompt.server, name: prompt.name, args });
      if (!isFailure(result)) return result;
      get().reportFailure(result, `Could not run ${prompt.command}`);
      return null;
    },
    async readMcpResource(resource) {
      const result = await call('mcp.readResource', { server: resource.server, uri: resource.uri });
      if (!isFailure(result)) return result;
      get().reportFailure(result, `Could not read ${resource.name}`);
      return null;
    },
  };
};
