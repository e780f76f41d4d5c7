// What the person decided about MCP servers, per folder, kept in the data folder (never in the project,
// whose files the agent and the project's authors can write): which project servers they trusted (per
// config hash: a changed command needs trusting again), which servers and tools are on, which tools run
// without asking, which ones they confirmed only read, which servers may reach the network. Also the
// tool list each server gave last time (per config hash), so a session offers its tools without
// starting it: the server starts on the first call. Read leniently; written atomically, one at a time.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir } from '../app-paths.js';
import { writeFileAtomic } from '../workspace/atomic-write.js';

const STATE_FILE = 'mcp-state.json';
/** Folders remembered; the least recently used beyond it are dropped. */
const MAX_FOLDERS = 200;
const MAX_CACHED_SERVERS = 200;

const toolChoiceSchema = z.object({
  enabled: z.boolean().optional(),
  allowed: z.boolean().optional(),
  readOnlyConfirmed: z.boolean().optional(),
});
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

const serverChoiceSchema = z.object({ enabled: z.boolean().optional(), network: z.boolean().optional() });
export type ServerChoice = z.infer<typeof serverChoiceSchema>;

const folderSchema = z.object({
  /** Project server name -> the config hash the person trusted. */
  trusted: z.record(z.string(), z.string()).default({}),
  servers: z.record(z.string(), serverChoiceSchema).default({}),
  /** By the name the model sees (`server__tool`). */
  tools: z.record(z.string(), toolChoiceSchema).default({}),
  usedAt: z.number().default(0),
});
type FolderState = z.infer<typeof folderSchema>;

/** A tool as a server listed it, kept for the next session. */
const cachedToolSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: z.object({ readOnlyHint: z.boolean().optional() }).passthrough().optional(),
});
export type CachedTool = z.infer<typeof cachedToolSchema>;

const stateSchema = z.object({
  folders: z.record(z.string(), folderSchema).default({}),
  toolCache: z
    .record(z.string(), z.object({ tools: z.array(cachedToolSchema), savedAt: z.number() }))
    .default({}),
});
type State = z.infer<typeof stateSchema>;

export class McpStateStore {
  private state: State | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(env: NodeJS.ProcessEnv = process.env, file?: string) {
    this.file = file ?? path.join(dataDir(env), STATE_FILE);
  }

  async folder(root: string): Promise<Readonly<FolderState>> {
    const state = await this.load();
    return state.folders[root] ?? folderSchema.parse({});
  }

  async cachedTools(hash: string): Promise<CachedTool[] | undefined> {
    return (await this.load()).toolCache[hash]?.tools;
  }

  async saveTools(hash: string, tools: readonly CachedTool[]): Promise<void> {
    await this.update((state) => {
      state.toolCache[hash] = { tools: tools.map((t) => cachedToolSchema.parse(t)), savedAt: Date.now() };
      const entries = Object.entries(state.toolCache);
      if (entries.length > MAX_CACHED_SERVERS) {
        entries.sort(([, a], [, b]) => b.savedAt - a.savedAt);
        state.toolCache = Object.fromEntries(entries.slice(0, MAX_CACHED_SERVERS));
      }
    });
  }

  /**
   * Trusting a folder's server starts it fresh: what the person chose for another server of that name
   * (network, allowed tools) is not inherited.
   */
  async setTrusted(root: string, server: string, hash: string | null): Promise<void> {
    await this.updateFolder(root, (f) => {
      if (hash === null) {
        delete f.trusted[server];
        return;
      }
      if (f.trusted[server] !== hash) {
        delete f.servers[server];
        for (const tool of Object.keys(f.tools)) if (tool.startsWith(`${server}__`)) delete f.tools[tool];
      }
      f.trusted[server] = hash;
    });
  }

  async setServer(root: string, server: string, choice: ServerChoice): Promise<void> {
    await this.updateFolder(root, (f) => {
      f.servers[server] = { ...f.servers[server], ...choice };
    });
  }

  async setTool(root: string, tool: string, choice: ToolChoice): Promise<void> {
    await this.updateFolder(root, (f) => {
      f.tools[tool] = { ...f.tools[tool], ...choice };
    });
  }

  private updateFolder(root: string, change: (folder: FolderState) => void): Promise<void> {
    return this.update((state) => {
      const folder = state.folders[root] ?? folderSchema.parse({});
      change(folder);
      folder.usedAt = Date.now();
      state.folders[root] = folder;
      const entries = Object.entries(state.folders);
      if (entries.length > MAX_FOLDERS) {
        entries.sort(([, a], [, b]) => b.usedAt - a.usedAt);
        state.folders = Object.fromEntries(entries.slice(0, MAX_FOLDERS));
      }
    });
  }

  private update(change: (state: State) => void): Promise<void> {
    const next = this.writes.then(async () => {
      const state = await this.load();
      change(state);
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify(state, null, 1)}\n`, { mode: 0o600 });
    });
    this.writes = next.catch(() => {});
    return next;
  }

  private async load(): Promise<State> {
    if (this.state) return this.state;
    let parsed: State;
    try {
      parsed = stateSchema.parse(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch {
      // Missing or unreadable: nothing decided yet (the person decides again; nothing is allowed by it).
      parsed = stateSchema.parse({});
    }
    this.state = parsed;
    return parsed;
  }
}
