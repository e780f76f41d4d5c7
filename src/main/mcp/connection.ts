// One MCP server, through the official SDK's client: started when first needed, restarted after a
// crash (with backoff, and given up after repeated crashes until the person restarts it), stopped with
// its session. Every failure is a message that says what happened and what to do.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  CallToolResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  Tool as SdkTool,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpServerState } from '../../shared/mcp.js';
import type { McpServerConfig, StdioServerConfig } from './config.js';
import { ChildStdioTransport, type SpawnSpec } from './stdio-transport.js';

const START_TIMEOUT_MS = 30_000;
/** Crashes within CRASH_WINDOW_MS before the server is given up on. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 8000;
/** Pages of a list read at most (a server paging forever is cut). */
const MAX_PAGES = 20;
const LIST_TIMEOUT_MS = 30_000;

/**
 * How a stdio server is started: inside the OS sandbox where there is one, whose repairs (what the
 * server left that no mount keeps out) run around each call.
 */
export type StdioLauncher = (
  server: StdioServerConfig,
) => Promise<{ spec: SpawnSpec; around?: AroundCall } | { error: string }>;

export type AroundCall = <T>(run: () => Promise<T>) => Promise<{ value: T; repairs: string[] }>;

export interface ConnectionOptions {
  launch: StdioLauncher;
  /** Where a stdio server's stderr goes. */
  logFile: string;
  /** Called whenever state or error changes. */
  onChange?: () => void;
  clientInfo?: { name: string; version: string };
}

export class McpError extends Error {}

export class McpConnection {
  state: Exclude<McpServerState, 'untrusted' | 'disabled'> = 'idle';
  /** The last failure, with what to do; cleared by a successful start. */
  error: string | undefined;
  private client: Client | undefined;
  private transport: Transport | undefined;
  private starting: Promise<Client> | undefined;
  private crashes: number[] = [];
  private closing = false;
  private startedOnce = false;
  /** The running server's sandbox repairs, around each call. */
  private around: AroundCall | undefined;

  constructor(
    readonly config: McpServerConfig,
    private readonly options: ConnectionOptions,
  ) {}

  get logFile(): string | undefined {
    return this.config.transport === 'stdio' && this.startedOnce ? this.options.logFile : undefined;
  }

  /** The running client, starting the server if needed. */
  async connect(signal?: AbortSignal): Promise<Client> {
    if (this.client) return this.client;
    if (this.closing) throw new McpError(`${this.config.name} is stopping with its session.`);
    this.starting ??= this.start(signal).finally(() => (this.starting = undefined));
    return this.starting;
  }

  listTools(signal?: AbortSignal): Promise<SdkTool[]> {
    return this.listAll('tools', signal, async (client, params, options) => {
      const page = await client.listTools(params, options);
      return { items: page.tools, next: page.nextCursor };
    });
  }

  /** A tool call, with what the sandbox undid that the server left during it. */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{ result: CallToolResult; repairs: string[] }> {
    const send = () =>
      this.request(signal, (client, options) =>
        client.callTool({ name, arguments: args }, undefined, { ...options, resetTimeoutOnProgress: true }),
      ) as Promise<CallToolResult>;
    await this.connect(signal);
    if (!this.around) return { result: await send(), repairs: [] };
    const { value, repairs } = await this.around(send);
    return { result: value, repairs };
  }

  listResources(signal?: AbortSignal): Promise<Resource[]> {
    return this.listAll('resources', signal, async (client, params, options) => {
      const page = await client.listResources(params, options);
      return { items: page.resources, next: page.nextCursor };
    });
  }

  readResource(uri: string, signal?: AbortSignal): Promise<ReadResourceResult> {
    return this.request(signal, (client, options) => client.readResource({ uri }, options));
  }

  listPrompts(signal?: AbortSignal): Promise<Prompt[]> {
    return this.listAll('prompts', signal, async (client, params, options) => {
      const page = await client.listPrompts(params, options);
      return { items: page.prompts, next: page.nextCursor };
    });
  }

  getPrompt(name: string, args: Record<string, string>, signal?: AbortSignal): Promise<GetPromptResult> {
    return this.request(signal, (client, options) => client.getPrompt({ name, arguments: args }, options));
  }

  /** One request on the running client (started if need be); its failure explained. */
  private async request<T>(
    signal: AbortSignal | undefined,
    send: (client: Client, options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect(signal);
    try {
      return await send(client, this.requestOptions(signal));
    } catch (error) {
      throw this.explain(error, signal);
    }
  }

  /** Every page of a list the server has the capability for (none without it), up to MAX_PAGES. */
  private async listAll<T>(
    capability: 'tools' | 'resources' | 'prompts',
    signal: AbortSignal | undefined,
    read: (
      client: Client,
      params: { cursor: string } | undefined,
      options: RequestOptions,
    ) => Promise<{ items: T[]; next?: string | undefined }>,
  ): Promise<T[]> {
    const client = await this.connect(signal);
    if (!client.getServerCapabilities()?.[capability]) return [];
    const all: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let result;
      try {
        // A list is quick or broken: a server's long call timeout must not stall a session's start.
        const options = {
          ...this.requestOptions(signal),
          timeout: Math.min(this.config.timeoutMs, LIST_TIMEOUT_MS),
        };
        result = await read(client, cursor ? { cursor } : undefined, options);
      } catch (error) {
        throw this.explain(error, signal);
      }
      all.push(...result.items);
      if (!result.next) break;
      cursor = result.next;
    }
    return all;
  }

  /** Stops the server; a later call starts it again (the person's Restart), with the crash count reset. */
  async restart(): Promise<void> {
    await this.stop();
    this.crashes = [];
    this.error = undefined;
    this.closing = false;
    this.setState('idle');
  }

  /** Stops the server for good (the session ended). */
  async close(): Promise<void> {
    this.closing = true;
    await this.stop();
  }

  private async stop(): Promise<void> {
    const wasClosing = this.closing;
    this.closing = true;
    try {
      if (this.starting) await this.starting.catch(() => {});
      await this.client?.close().catch(() => {});
      await this.transport?.close().catch(() => {});
    } finally {
      this.closing = wasClosing;
      this.client = undefined;
      this.transport = undefined;
    }
  }

  private requestOptions(signal: AbortSignal | undefined): RequestOptions {
    return { timeout: this.config.timeoutMs, ...(signal ? { signal } : {}) };
  }

  private async start(signal?: AbortSignal): Promise<Client> {
    const recent = this.crashes.filter((t) => Date.now() - t < CRASH_WINDOW_MS);
    this.crashes = recent;
    if (recent.length >= MAX_CRASHES) {
      const message = `${this.config.name} crashed ${recent.length} times in 5 minutes and is not restarted; fix it (see its log) and press Restart in the MCP panel.`;
      this.fail(message);
      throw new McpError(message);
    }
    if (recent.length > 0) {
      const wait =
        Math.min(MAX_BACKOFF_MS, 500 * 2 ** (recent.length - 1)) - (Date.now() - (recent.at(-1) ?? 0));
      if (wait > 0) await sleep(wait, signal);
    }
    this.setState('starting');
    let transport: Transport;
    let around: AroundCall | undefined;
    if (this.config.transport === 'stdio') {
      const launched = await this.options.launch(this.config);
      if ('error' in launched) {
        this.fail(launched.error);
        throw new McpError(launched.error);
      }
      around = launched.around;
      transport = new ChildStdioTransport(launched.spec, this.options.logFile);
      this.startedOnce = true;
    } else {
      transport = new StreamableHTTPClientTransport(new URL(this.config.url), {
        requestInit: { headers: this.config.headers },
      });
    }
    const client = new Client(this.options.clientInfo ?? { name: 'local-coder', version: 'dev' }, {
      capabilities: {},
    });
    this.transport = transport;
    try {
      await client.connect(transport, { timeout: START_TIMEOUT_MS, ...(signal ? { signal } : {}) });
    } catch (error) {
      await transport.close().catch(() => {});
      this.transport = undefined;
      const message = this.startFailure(error, transport);
      this.fail(message);
      throw new McpError(message);
    }
    client.onclose = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.transport = undefined;
      this.around = undefined;
      if (this.closing) {
        this.setState('idle');
        return;
      }
      this.crashes.push(Date.now());
      const how = transport instanceof ChildStdioTransport ? ` (${transport.exitNote ?? 'ended'})` : '';
      this.error = `${this.config.name} stopped unexpectedly${how}; it is started again on the next call.${this.logHint()}`;
      this.setState('idle');
    };
    this.client = client;
    this.around = around;
    this.error = undefined;
    this.setState('running');
    return client;
  }

  private startFailure(error: unknown, transport: Transport): string {
    const name = this.config.name;
    if (this.config.transport === 'http') {
      return `${name}: could not connect to ${this.config.url} (${describe(error)}); check that the server runs and the URL is its streamable HTTP endpoint.`;
    }
    const exit = transport instanceof ChildStdioTransport ? transport.exitNote : undefined;
    const code = (error as NodeJS.ErrnoException).code;
    // In the sandbox the shell runs the command: one it cannot find is its exit code 127.
    if (code === 'ENOENT' || /ENOENT/.test(describe(error)) || exit === 'exited with code 127') {
      return `${name}: the command "${this.config.command}" was not found; install it or fix "command" in its config.`;
    }
    const npx = /(^|\/)(npx|uvx|pnpm|bunx)$/.test(this.config.command) && !this.config.network;
    const hint = npx
      ? ` ${this.config.command} downloads packages, and the network is off for MCP servers: allow this server the network in the MCP panel, or install the package and start it with node.`
      : '';
    return `${name}: did not start (${exit ?? describe(error)}).${hint}${this.logHint()}`;
  }

  private logHint(): string {
    return this.config.transport === 'stdio' ? ` Its log: ${this.options.logFile}` : '';
  }

  /** A call's failure as the model and the person read it. */
  private explain(error: unknown, signal: AbortSignal | undefined): Error {
    if (error instanceof McpError) return error;
    if (signal?.aborted) return new McpError('cancelled');
    const message = describe(error);
    const code = (error as { code?: unknown }).code;
    if (code === -32001 || /timed out/i.test(message)) {
      return new McpError(`${this.config.name} did not answer within ${this.config.timeoutMs / 1000} s.`);
    }
    if (code === -32000 || /connection closed/i.test(message)) {
      return new McpError(
        `${this.config.name} stopped during the call; it is started again on the next call.`,
      );
    }
    return new McpError(`${this.config.name}: ${message}`);
  }

  private fail(message: string): void {
    this.error = message;
    this.setState('failed');
  }

  private setState(state: McpConnection['state']): void {
    this.state = state;
    this.options.onChange?.();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new McpError('cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new McpError('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
