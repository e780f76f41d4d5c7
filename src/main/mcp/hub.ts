// The MCP servers of one open folder: its config (the person's servers and the folder's), the person's
// choices, one connection per server, started when first needed (a tool list kept from last time lets a
// session offer a server's tools without starting it) and stopped with the session. It gives sessions a
// tool source and the approval rules the person set, and the window its overview, resources and prompts.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type {
  McpAttachment,
  McpOverview,
  McpPromptView,
  McpResourceView,
  McpServerView,
} from '../../shared/mcp.js';
import type { ApprovalMode } from '../../shared/approval.js';
import { dataDir } from '../app-paths.js';
import { folderPolicy, scanFolder } from '../safety/sandbox-scan.js';
import { detectSandbox, type SandboxInfo } from '../safety/sandbox.js';
import { osSandbox } from '../safety/os-sandbox.js';
import { sandboxEnv } from '../safety/sandbox-secrets.js';
import type { ToolSource } from '../tools/tool-registry.js';
import { notRunResult, type SandboxProfile } from '../workspace/command-runner.js';
import {
  execLine,
  loadMcpConfig,
  targetOf,
  type McpConfig,
  type McpServerConfig,
  type StdioServerConfig,
} from './config.js';
import { McpConnection, McpError, type StdioLauncher } from './connection.js';
import { McpStateStore, type CachedTool } from './state.js';
import {
  cacheable,
  clipText,
  offerTools,
  type CountTokens,
  type OfferedTool,
  type ServerTools,
} from './tools.js';

/** Tokens of one attached resource or prompt, at most. */
const ATTACH_TOKENS = 2000;
const LOG_TAIL_BYTES = 64 * 1024;

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
        .filter((c) => c.config.transport === 'stdio' && c.state === 'running')
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
    const servers: ServerTools[] = [];
    for (const server of config.servers) {
      if (this.blockedReason(server) !== undefined) continue;
      const listed = await this.toolsOf(server, signal).catch((error: unknown) => {
        problems.push(error instanceof Error ? error.message : String(error));
        return undefined;
      });
      if (!listed) continue;
      const connection = this.connection(server);
      servers.push({
        server,
        listed,
        caller: { call: (tool, args, s) => this.call(connection, tool, args, s) },
      });
    }
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
      const cached = (await this.store.cachedTools(server.hash)) ?? [];
      const connection = this.connections.get(server.name);
      const { views } = offerTools(
        [{ server, listed: cached, caller: { call: () => Promise.reject(new Error('not offered')) } }],
        choices.tools,
        this.count,
        Number.POSITIVE_INFINITY,
      );
      const tools = (views.get(server.name) ?? []).map((v) => ({
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
      config.servers.map(async (s) => {
        const { views } = offerTools(
          [
            {
              server: s,
              listed: (await this.store.cachedTools(s.hash)) ?? [],
              caller: { call: () => Promise.reject(new Error('no')) },
            },
          ],
          {},
          this.count,
          Number.POSITIVE_INFINITY,
        );
        return (views.get(s.name) ?? []).map((v) => v.name);
      }),
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
    await this.connection(found).restart();
    // Started now, so the panel shows whether it works.
    await this.toolsOf(found, undefined, true).catch(() => {});
    this.changed();
    return undefined;
  }

  async log(server: string): Promise<{ path: string; text: string } | string> {
    const file = this.logFile(server);
    try {
      const handle = await fs.open(file, 'r');
      try {
        const { size } = await handle.stat();
        const start = Math.max(0, size - LOG_TAIL_BYTES);
        const buffer = Buffer.alloc(size - start);
        await handle.read(buffer, 0, buffer.length, start);
        return {
          path: file,
          text: (start > 0 ? '[… earlier lines not shown]\n' : '') + buffer.toString('utf8'),
        };
      } finally {
        await handle.close();
      }
    } catch {
      return `${server} has no log yet: it writes one once it has started.`;
    }
  }

  async resources(signal?: AbortSignal): Promise<{ resources: McpResourceView[]; problems: string[] }> {
    const { items, problems } = await this.fromEachServer(async (server, connection) =>
      (await connection.listResources(signal)).map((r): McpResourceView => ({
        server: server.name,
        uri: r.uri,
        name: r.name,
        ...(r.description ? { description: clipText(r.description, 200) } : {}),
        ...(r.mimeType ? { mimeType: r.mimeType } : {}),
      })),
    );
    return { resources: items, problems };
  }

  async readResource(server: string, uri: string, signal?: AbortSignal): Promise<McpAttachment | string> {
    const found = (await this.usableServers()).find((s) => s.name === server);
    if (!found) return `${server} is not a usable MCP server here (not configured, off, or not trusted).`;
    try {
      const result = await this.connection(found).readResource(uri, signal);
      const parts = result.contents.map((c) =>
        'text' in c && typeof c.text === 'string'
          ? c.text
          : `[${c.uri}${c.mimeType ? ` (${c.mimeType})` : ''}: binary, not attached]`,
      );
      return this.attachment(`[resource ${uri} from ${server}]\n${parts.join('\n')}`);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  async prompts(signal?: AbortSignal): Promise<{ prompts: McpPromptView[]; problems: string[] }> {
    const { items, problems } = await this.fromEachServer(async (server, connection) =>
      (await connection.listPrompts(signal)).map((p): McpPromptView => ({
        server: server.name,
        name: p.name,
        command: `/${server.name}:${p.name}`,
        ...(p.description ? { description: clipText(p.description, 200) } : {}),
        arguments: (p.arguments ?? []).map((a) => ({
          name: a.name,
          ...(a.description ? { description: clipText(a.description, 200) } : {}),
          required: a.required === true,
        })),
      })),
    );
    return { prompts: items, problems };
  }

  /** What each usable server gives; a server that fails is a problem line, the others still answer. */
  private async fromEachServer<T>(
    read: (server: McpServerConfig, connection: McpConnection) => Promise<T[]>,
  ): Promise<{ items: T[]; problems: string[] }> {
    const items: T[] = [];
    const problems: string[] = [];
    for (const server of await this.usableServers()) {
      try {
        items.push(...(await read(server, this.connection(server))));
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { items, problems };
  }

  async getPrompt(
    server: string,
    name: string,
    args: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<McpAttachment | string> {
    const found = (await this.usableServers()).find((s) => s.name === server);
    if (!found) return `${server} is not a usable MCP server here (not configured, off, or not trusted).`;
    try {
      const result = await this.connection(found).getPrompt(name, args, signal);
      const text = result.messages
        .map((m) =>
          m.content.type === 'text'
            ? m.content.text
            : m.content.type === 'resource' && 'text' in m.content.resource
              ? String(m.content.resource.text)
              : `[${m.content.type} not attached]`,
        )
        .join('\n\n');
      return this.attachment(text);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
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

  private attachment(text: string): McpAttachment {
    const tokens = this.count(text);
    if (tokens <= ATTACH_TOKENS) return { text, truncated: false, tokens };
    // Characters per token vary, and the marker counts too: shrink until the whole fits.
    let keep = Math.floor((text.length * ATTACH_TOKENS) / tokens);
    for (;;) {
      const cut = `${text.slice(0, keep)}\n[cut: ${tokens} tokens, ${ATTACH_TOKENS} attached]`;
      const counted = this.count(cut);
      if (counted <= ATTACH_TOKENS || keep === 0) return { text: cut, truncated: true, tokens: counted };
      keep = Math.floor(keep * 0.95);
    }
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
    const folder = Buffer.from(this.root).toString('base64url').slice(-48);
    return path.join(dataDir(this.env), 'logs', 'mcp', folder, `${server}.log`);
  }

  private launcher(): StdioLauncher {
    return async (server: StdioServerConfig) => {
      const info = await (this.sandbox ??= detectSandbox(this.env));
      await this.choices();
      const cwd = server.cwd ?? this.root;
      const extra = server.env;
      if (!info.available) {
        return {
          spec: { argv: [server.command, ...server.args], env: { ...sandboxEnv(this.env), ...extra }, cwd },
        };
      }
      const policy = folderPolicy(
        this.root,
        { allowNetwork: this.networkOf(server) },
        await scanFolder(this.root),
      );
      const launched = await osSandbox(info, policy, { env: this.env }).launch(
        '/bin/sh',
        execLine(server.command, server.args),
        { cwd, timeoutMs: 0, profile: this.profile },
      );
      if ('unavailable' in launched) return { error: `${server.name}: ${launched.unavailable}` };
      return {
        spec: {
          argv: launched.argv,
          env: { ...launched.env, ...extra },
          cwd,
          ...(launched.fd3 ? { fd3: launched.fd3 } : {}),
        },
        settle: async () => {
          await launched.settle(notRunResult('the server ended'));
        },
      };
    };
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
