// The window's MCP servers: one hub for the open folder (servers stop when another folder opens or the
// app closes), its overview pushed to the window on every change, and the tool source and rules each
// run of the agent gets.
import path from 'node:path';
import type { ApprovalMode } from '../../shared/approval.js';
import type { MethodInput, MethodOutputs } from '../../shared/ipc.js';
import type { McpOverview } from '../../shared/mcp.js';
import { fail, type Failure } from '../../shared/result.js';
import { dataDir } from '../app-paths.js';
import { USER_MCP_FILE } from '../mcp/config.js';
import { McpHub } from '../mcp/hub.js';
import type { AgentModel } from '../model/turn.js';
import { builtInTools } from '../tools/index.js';
import type { ToolSource } from '../tools/tool-registry.js';
import type { ExternalRules } from '../safety/permissions.js';
import type { Emit } from './event-hub.js';
import type { SettingsService } from './settings-service.js';
import type { WorkspaceService } from './workspace-service.js';

export interface McpServiceOptions {
  env: NodeJS.ProcessEnv;
  emit: Emit;
  settings: SettingsService;
  workspace: WorkspaceService;
}

const NO_FOLDER = 'Open a folder first: MCP servers run for the open folder.';

export class McpService {
  private hub: McpHub | undefined;
  private pushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: McpServiceOptions) {}

  /** What a run in the open folder gets: the built-in tools, then the servers' tools, and the person's rules. */
  async forRun(
    mode: ApprovalMode,
    model: AgentModel,
  ): Promise<{ toolSources: ToolSource[]; externalRules: ExternalRules }> {
    const hub = await this.current();
    if (!hub) return { toolSources: [builtInTools], externalRules: noRules };
    hub.useTokenizer(model.countTokens ? (text) => model.countTokens?.(text) ?? 0 : undefined);
    await hub.setMode(mode);
    return { toolSources: [builtInTools, hub.toolSource()], externalRules: hub };
  }

  async overview(): Promise<McpOverview> {
    const hub = await this.current();
    if (!hub) {
      return {
        servers: [],
        tokensCounted: 'approx',
        problems: [NO_FOLDER],
        userConfigPath: path.join(dataDir(this.options.env), USER_MCP_FILE),
      };
    }
    hub.reload();
    return hub.overview();
  }

  trust(input: MethodInput<'mcp.trust'>) {
    return this.change((hub) => hub.trust(input.server, input.trusted));
  }

  setServer(input: MethodInput<'mcp.setServer'>) {
    const { server, ...choice } = input;
    return this.change((hub) => hub.setServer(server, choice));
  }

  setTool(input: MethodInput<'mcp.setTool'>) {
    const { tool, ...choice } = input;
    return this.change((hub) => hub.setTool(tool, choice));
  }

  restart(input: MethodInput<'mcp.restart'>) {
    return this.change((hub) => hub.restart(input.server));
  }

  async log(input: MethodInput<'mcp.log'>): Promise<MethodOutputs['mcp.log']> {
    const hub = await this.current();
    if (!hub) return fail('no_workspace', NO_FOLDER);
    const log = await hub.log(input.server);
    return typeof log === 'string' ? fail('no_log', log) : log;
  }

  async resources(): Promise<MethodOutputs['mcp.resources']> {
    const hub = await this.current();
    return hub ? hub.resources() : { resources: [], problems: [NO_FOLDER] };
  }

  async readResource(input: MethodInput<'mcp.readResource'>): Promise<MethodOutputs['mcp.readResource']> {
    const hub = await this.current();
    if (!hub) return fail('no_workspace', NO_FOLDER);
    const read = await hub.readResource(input.server, input.uri);
    return typeof read === 'string' ? fail('mcp_failed', read) : read;
  }

  async prompts(): Promise<MethodOutputs['mcp.prompts']> {
    const hub = await this.current();
    return hub ? hub.prompts() : { prompts: [], problems: [NO_FOLDER] };
  }

  async getPrompt(input: MethodInput<'mcp.getPrompt'>): Promise<MethodOutputs['mcp.getPrompt']> {
    const hub = await this.current();
    if (!hub) return fail('no_workspace', NO_FOLDER);
    const got = await hub.getPrompt(input.server, input.name, input.args);
    return typeof got === 'string' ? fail('mcp_failed', got) : got;
  }

  async dispose(): Promise<void> {
    clearTimeout(this.pushTimer);
    await this.hub?.close();
    this.hub = undefined;
  }

  private async change(act: (hub: McpHub) => Promise<string | undefined>): Promise<McpOverview | Failure> {
    const hub = await this.current();
    if (!hub) return fail('no_workspace', NO_FOLDER);
    const problem = await act(hub);
    if (problem) return fail('mcp_refused', problem);
    return hub.overview();
  }

  /**
   * The hub of the open folder, for the network setting of commands now; the previous folder's servers
   * (or those started with another network setting) stop.
   */
  private async current(): Promise<McpHub | undefined> {
    const root = this.options.workspace.current?.root;
    const { allowNetwork } = await this.options.settings.get();
    if (this.hub && (this.hub.root !== root || this.hub.allowNetwork !== allowNetwork)) {
      const old = this.hub;
      this.hub = undefined;
      await old.close();
    }
    if (!root) return undefined;
    this.hub ??= new McpHub({
      root,
      env: this.options.env,
      allowNetwork,
      onChange: () => this.schedulePush(),
    });
    return this.hub;
  }

  /** Changes come in bursts (a start is several); the window gets one overview after them. */
  private schedulePush(): void {
    clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => {
      const hub = this.hub;
      if (!hub) return;
      void hub.overview().then(
        (overview) => this.options.emit({ type: 'mcp', overview }),
        () => {},
      );
    }, 100);
  }
}

const noRules: ExternalRules = {
  allowed: () => false,
  readOnlyConfirmed: () => false,
  remember: async () => {},
};
