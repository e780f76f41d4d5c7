// The MCP servers of one open folder: its config (the person's servers and the folder's), the person's
// choices, one connection per server, started when first needed (a tool list kept from last time lets a
// session offer a server's tools without starting it) and stopped with the session. It gives sessions a
// tool source and the approval rules the person set, and the window its overview, resources and prompts.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { McpOverview, McpServerView } from '../../shared/mcp.js';
import type { ApprovalMode } from '../../shared/approval.js';
import { dataDir } from '../app-paths.js';
import { detectSandbox, type SandboxInfo } from '../safety/sandbox.js';
import type { ToolSource } from '../tools/tool-registry.js';
import type { SandboxProfile } from '../workspace/command-runner.js';
import { serverLauncher } from './launcher.js';
import { loadMcpConfig, targetOf, type McpConfig, type McpServerConfig } from './config.js';
import { McpConnection, McpError, type StdioLauncher } from './connection.js';
import { getPrompt, listPrompts, listResources, readResource, type ContentSource } from './content.js';
import { McpStateStore, type CachedTool } from './state.js';
import { readLogTail } from './stdio-transport.js';
import { cacheable, offerTools, type CountTokens, type OfferedTool, type ServerTools } from './tools.js';

/** Tokens of one attached resource or prompt, at most. */

export interface McpHubOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  /** The runner's --mcp-config: instead of the data folder's mcp.json. */
  userFile?: string;
  /** Commands' network setting: servers get it too, unless the person allowed a server more. */
  allowNetwork?: boolean;
  /** Instead of the data folder's mcp-state.json (tests). */
  store?: McpStateStore;
  /** Instead of detecting it (tests). */
  sandbox?: SandboxInfo;
  /** Told whenever the overview may have changed. */
  onChange?: () => void;
  /** Project servers start without the person's trust (the runner's --trust-project-mcp). */
  trustProject?: boolean;
}

/** What Permissions asks about an external tool (see safety/permissions.ts ExternalRules). */
export interface McpRules {
  allowed(tool: string): boolean;
  readOnlyConfirmed(tool: string): boolean;
  remember(tool: string): Promise<void>;
}

export class McpHub implements McpRules {
  private config: McpConfig | undefined;
  private readonly connections = new Map<string, McpConnection>();
  private readonly store: McpStateStore;
  private readonly env: NodeJS.ProcessEnv;
  private profile: SandboxProfile = 'write';
  private sandbox: Promise<SandboxInfo> | undefined;
  /** The last offer, for the rules and the overview. */
  private offered = new Map<string, OfferedTool>();
  private lastProblems: string[] = [];
  private count: CountTokens = approxTokens;
  private counted: 'model' | 'approx' = 'approx';
  private folderChoices: Awaited<ReturnType<McpStateStore['folder']>> | undefined;
  /** Resources and prompts each server listed when it last started. */
  private readonly counts = new Map<string, { resources: number; prompts: number }>();

  constructor(private readonly options: McpHubOptions) {
    this.env = options.env ?? process.env;
    this.store = options.store ?? new McpStateStore(this.env);
    if (options.sandbox) this.sandbox = Promise.resolve(options.sandbox);
  }

  get root(): string {
    return this.options.root;
  }

  /** The commands' network setting the servers were given. */
  get allowNetwork(): boolean {
    return this.options.allowNetwork === true;
  }

  /** Counts with the model's tokenizer from now on (the overview says which). */
  useTokenizer(count: CountTokens | undefined): void {
    this.count = count ?? approxTokens;
    this.counted = count ? 'model' : 'approx';
  }

  /**
   * The approval mode of the next run: plan runs servers in the read-only sandbox profile, the others
   * in the write profile (the folder writable, its protected paths not). A change restarts running
   * stdio servers on their next call.
   */
  async setMode(mode: ApprovalMode): Promise<void> {
    const profile: SandboxProfile = mode === 'plan' ? 'read-only' : 'write';
    if (profile === this.profile) return;
    this.profile = profile;
    await Promise.all(
      [...this.connections.values()]
        // One still starting was launched in the old profile too.
        .filter((c) => c.config.transport === 'stdio' && (c.state === 'running' || c.state === 'starting'))
        .map((c) => c.restart()),
    );
  }

  /** The tool source of a session: every enabled tool of every usable server, within the token budget. */
  toolSource(): ToolSource {
    return {
      name: 'mcp',
      list: async (signal) => {
        const offer = await this.offer(signal);
        this.lastProblems = offer.problems;
        return offer;
      },
    };
  }

  /** The tools offered now, and what was left out (a server that failed, the budget...). */
  async offer(signal?: AbortSignal) {
    const config = await this.loadConfig();
    const choices = await this.choices();
    const problems = [...config.problems];
    // Servers without a kept list start together: the first session waits for the slowest, not the sum.
    const usable = config.servers.filter((server) => this.blockedReason(server) === undefined);
    const lists = await Promise.allSettled(usable.map((server) => this.toolsOf(server, signal)));
    const servers: ServerTools[] = [];
    usable.forEach((server, i) => {
      const listed = lists[i];
      if (!listed || listed.status === 'rejected') {
        const reason: unknown = listed?.reason;
        problems.push(reason instanceof Error ? reason.message : String(reason));
        return;
      }
      const connection = this.connection(server);
      servers.push({
        server,
        listed: listed.value,
        caller: { call: (tool, args, s) => this.call(connection, tool, args, s) },
      });
    });
    const { offered, problems: budget } = offerTools(servers, choices.tools, this.count);
    problems.push(...budget);
    this.offered = new Map(offered.map((o) => [o.tool.name, o]));
    return { tools: offered.map((o) => o.tool), problems };
  }

  /**
   * A call of a session's tool. Refused once the person switched its server off or took its trust
   * back (or its command changed): the session's tool list, made earlier, cannot know.
   */
  private async call(
    connection: McpConnection,
    tool: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ) {
    await this.choices();
    const blocked = this.blockedReason(connection.config);
    const name = connection.config.name;
    if (blocked === 'disabled') throw new McpError(`${name} was switched off in the MCP panel.`);
    if (blocked === 'untrusted') throw new McpError(`${name} is not trusted in this folder now.`);
    return connection.callTool(tool, args, signal);
  }

  allowed(tool: string): boolean {
    return this.offered.get(tool)?.view.allowed === true;
  }

  readOnlyConfirmed(tool: string): boolean {
    return this.offered.get(tool)?.view.readOnlyConfirmed === true;
  }

  async remember(tool: string): Promise<void> {
    await this.store.setTool(this.root, tool, { allowed: true });
    const offered = this.offered.get(tool);
    if (offered) offered.view.allowed = true;
    this.folderChoices = undefined;
    this.options.onChange?.();
  }

  async overview(): Promise<McpOverview> {
    const config = await this.loadConfig();
    const choices = await this.choices();
    const servers: McpServerView[] = [];
    for (const server of config.servers) {
      const blocked = this.blockedReason(server);
      const connection = this.connections.get(server.name);
      const views = await this.listedViews(server, choices.tools);
      const tools = views.map((v) => ({
        ...v,
        enabled: v.enabled && blocked === undefined,
      }));
      servers.push({
        name: server.name,
        scope: server.scope,
        transport: server.transport,
        target: targetOf(server),
        state: blocked ?? connection?.state ?? 'idle',
        trusted: server.scope === 'user' || this.isTrusted(server),
        ...(connection?.error ? { error: connection.error } : {}),
        network: this.networkOf(server),
        ...(connection?.logFile ? { logPath: connection.logFile } : {}),
        tools,
        promptTokens: tools.filter((t) => t.enabled).reduce((n, t) => n + t.tokens, 0),
        resources: this.counts.get(server.name)?.resources ?? 0,
        prompts: this.counts.get(server.name)?.prompts ?? 0,
      });
    }
    return {
      servers,
      tokensCounted: this.counted,
      problems: [...config.problems, ...this.lastProblems.filter((p) => !config.problems.includes(p))],
      userConfigPath: config.userFile,
    };
  }

  async trust(server: string, trusted: boolean): Promise<string | undefined> {
    const config = await this.loadConfig();
    const found = config.servers.find((s) => s.name === server);
    if (!found) return `No MCP server named ${server} in this folder's config or yours.`;
    if (found.scope !== 'project') return `${server} is one of your own servers: it needs no trust.`;
    await this.store.setTrusted(this.root, server, trusted ? found.hash : null);
    if (!trusted) await this.connections.get(server)?.close();
    this.changed();
    return undefined;
  }

  async setServer(
    server: string,
    choice: { enabled?: boolean; network?: boolean },
  ): Promise<string | undefined> {
    const found = (await this.loadConfig()).servers.find((s) => s.name === server);
    if (!found) return `No MCP server named ${server}.`;
    if (choice.network !== undefined && found.transport !== 'stdio') {
      return `${server} is an HTTP server: the network setting is for servers the app starts.`;
    }
    await this.store.setServer(this.root, server, choice);
    // A new network setting or a switched-off server takes effect at its next start.
    await this.connections.get(server)?.restart();
    this.changed();
    return undefined;
  }

  async setTool(
    tool: string,
    choice: { enabled?: boolean; allowed?: boolean; readOnlyConfirmed?: boolean },
  ): Promise<string | undefined> {
    const config = await this.loadConfig();
    const known = await Promise.all(
      config.servers.map(async (s) => (await this.listedViews(s, {})).map((v) => v.name)),
    );
    if (!known.flat().includes(tool))
      return `No MCP tool named ${tool} (start its server once to list its tools).`;
    await this.store.setTool(this.root, tool, choice);
    // A running session asks the rules of the last offer: what the person takes back counts at once.
    const offered = this.offered.get(tool);
    if (offered) {
      const server = config.servers.find((s) => `mcp:${s.name}` === offered.tool.source);
      const always = server?.alwaysAllow.includes(offered.view.serverTool) === true;
      if (choice.allowed !== undefined) offered.view.allowed = choice.allowed || always;
      if (choice.readOnlyConfirmed !== undefined) offered.view.readOnlyConfirmed = choice.readOnlyConfirmed;
    }
    this.changed();
    return undefined;
  }

  async restart(server: string): Promise<string | undefined> {
    const found = (await this.loadConfig()).servers.find((s) => s.name === server);
    if (!found) return `No MCP server named ${server}.`;
    // Enforced here, not only by the window's disabled button: Restart starts the server.
    await this.choices();
    const blocked = this.blockedReason(found);
    if (blocked === 'untrusted') return `${server} is not trusted in this folder: trust it first.`;
    if (blocked === 'disabled') return `${server} is switched off: switch it on first.`;
    await this.connection(found).restart();
    // Started now, so the panel shows whether it works.
    await this.toolsOf(found, undefined, true).catch(() => {});
    this.changed();
    return undefined;
  }

  async log(server: string): Promise<{ path: string; text: string } | string> {
    // Only a configured server's own log: the name is joined into a path (`../..` must read nothing).
    if (!(await this.loadConfig()).servers.some((s) => s.name === server))
      return `No MCP server named ${server}.`;
    const file = this.logFile(server);
    const text = await readLogTail(file);
    return text === undefined
      ? `${server} has no log yet: it writes one once it has started.`
      : { path: file, text };
  }

  /** Every tool the server listed last (kept), as the panel shows it, whatever the budget. */
  private async listedViews(server: McpServerConfig, choices: Parameters<typeof offerTools>[1]) {
    const listed = (await this.store.cachedTools(server.hash)) ?? [];
    const notOffered = { call: () => Promise.reject(new Error('not offered')) };
    const { views } = offerTools([{ server, listed, caller: notOffered }], choices, this.count, Infinity);
    return views.get(server.name) ?? [];
  }

  /** Resources, prompts and attachments of the usable servers (content.ts). */
  private async content(): Promise<ContentSource> {
    return {
      servers: await this.usableServers(),
      connection: (server) => this.connection(server),
      count: this.count,
    };
  }

  async resources(signal?: AbortSignal) {
    return listResources(await this.content(), signal);
  }

  async readResource(server: string, uri: string, signal?: AbortSignal) {
    return readResource(await this.content(), server, uri, signal);
  }

  async prompts(signal?: AbortSignal) {
    return listPrompts(await this.content(), signal);
  }

  async getPrompt(server: string, name: string, args: Record<string, string>, signal?: AbortSignal) {
    return getPrompt(await this.content(), server, name, args, signal);
  }

  /** Stops every server (the session ended or the folder closed). */
  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close()));
    this.connections.clear();
  }

  /** Reads the config again (the person edited a file). */
  reload(): void {
    this.config = undefined;
    this.folderChoices = undefined;
  }

  private async usableServers(): Promise<McpServerConfig[]> {
    await this.choices();
    return (await this.loadConfig()).servers.filter((s) => this.blockedReason(s) === undefined);
  }

  /** Why a server is not used now, as its state, or undefined. Needs choices loaded. */
  private blockedReason(server: McpServerConfig): 'untrusted' | 'disabled' | undefined {
    // Untrusted first: the person must see that trusting it is what it needs, even when it is off too.
    if (server.scope === 'project' && !this.options.trustProject && !this.isTrusted(server)) {
      return 'untrusted';
    }
    const choices = this.folderChoices;
    if (server.disabled || choices?.servers[server.name]?.enabled === false) return 'disabled';
    return undefined;
  }

  private isTrusted(server: McpServerConfig): boolean {
    return this.folderChoices?.trusted[server.name] === server.hash;
  }

  private networkOf(server: McpServerConfig): boolean {
    if (server.transport === 'http') return true;
    return (
      this.options.allowNetwork === true ||
      server.network ||
      this.folderChoices?.servers[server.name]?.network === true
    );
  }

  /** The cached list, or the server's own (started for it, and cached); `fresh` always asks the server. */
  private async toolsOf(server: McpServerConfig, signal?: AbortSignal, fresh = false): Promise<CachedTool[]> {
    if (!fresh) {
      const cached = await this.store.cachedTools(server.hash);
      if (cached) return cached;
    }
    const listed = (await this.connection(server).listTools(signal)).map(cacheable);
    await this.store.saveTools(server.hash, listed);
    return listed;
  }

  private connection(server: McpServerConfig): McpConnection {
    const known = this.connections.get(server.name);
    if (known && known.config.hash === server.hash) return known;
    // Its config changed (another command...): the old server must not run on beside the new one.
    if (known) void known.close();
    const connection: McpConnection = new McpConnection(server, {
      launch: this.launcher(),
      logFile: this.logFile(server.name),
      onChange: () => {
        // Each start lists the tools again: the next session offers what the server has now.
        if (connection.state === 'running') {
          void connection
            .listTools()
            .then((tools) => this.store.saveTools(server.hash, tools.map(cacheable)))
            .catch(() => {});
          void Promise.all([connection.listResources(), connection.listPrompts()]).then(
            ([resources, prompts]) => {
              this.counts.set(server.name, { resources: resources.length, prompts: prompts.length });
              this.options.onChange?.();
            },
            () => {},
          );
        }
        this.changed();
      },
    });
    this.connections.set(server.name, connection);
    return connection;
  }

  private logFile(server: string): string {
    const folder = createHash('sha256').update(this.root).digest('hex').slice(0, 24);
    return path.join(dataDir(this.env), 'logs', 'mcp', folder, `${server}.log`);
  }

  private launcher(): StdioLauncher {
    return serverLauncher({
      root: this.root,
      env: this.env,
      sandbox: () => (this.sandbox ??= detectSandbox(this.env)),
      profile: () => this.profile,
      network: async (server) => {
        await this.choices();
        return this.networkOf(server);
      },
    });
  }

  private async loadConfig(): Promise<McpConfig> {
    this.config ??= await loadMcpConfig({
      env: this.env,
      root: this.root,
      ...(this.options.userFile ? { userFile: this.options.userFile } : {}),
    });
    return this.config;
  }

  private async choices() {
    this.folderChoices ??= await this.store.folder(this.root);
    return this.folderChoices;
  }

  private changed(): void {
    this.folderChoices = undefined;
    this.options.onChange?.();
  }
}

/** About 4 characters a token (labelled `approx` wherever it is shown). */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
