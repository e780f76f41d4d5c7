// The IPC contract between the window and the main process: one table of methods, each with the zod
// schema its input is validated against, and one union of events pushed to the window. The preload, the
// main-process handlers, the e2e bridge and the renderer all derive from this table, so they agree by
// construction. Types and schemas only.
import { z } from 'zod';
import { LOOKUP_MODES, type AgentEvent, type LookupMode } from './agent-events.js';
import {
  approvalDecisionSchema,
  approvalModeSchema,
  type ApprovalMode,
  type ApprovalRequest,
} from './approval.js';
import {
  mcpMethodSchemas,
  type McpAttachment,
  type McpOverview,
  type McpPromptView,
  type McpResourceView,
} from './mcp.js';
import type { Failure } from './result.js';

/** Longest path or text a window may send; beyond it, the input is refused. */
const PATH_MAX = 4096;
const relPath = z.string().max(PATH_MAX);
const id = z.string().min(1).max(200);
const none = z.object({}).strict();

export const contextBoundsSchema = z
  .object({ min: z.number().int().min(512).max(1_048_576), max: z.number().int().min(512).max(1_048_576) })
  .refine((b) => b.min <= b.max, { message: 'min must not exceed max' });

export const settingsPatchSchema = z
  .object({
    modelsDir: z.string().min(1).max(PATH_MAX),
    context: contextBoundsSchema,
    approvalMode: approvalModeSchema,
    /** Checks to run before the agent may finish: name -> shell command. Empty: detect from the project. */
    checks: z.record(z.string().min(1).max(100), z.string().min(1).max(2000)),
    /** Commands may reach the network inside the sandbox. */
    allowNetwork: z.boolean(),
    /** Where no OS sandbox exists: ask before every command, or refuse to run commands. */
    noSandbox: z.enum(['ask', 'refuse']),
    /** Speculative decoding of the local model: prompt lookup, and a draft model's path (or none). */
    speculation: z
      .object({ lookup: z.enum(LOOKUP_MODES), draftModel: z.string().min(1).max(PATH_MAX).nullable() })
      .strict(),
  })
  .partial()
  .strict();

/** Every method the window may call: its name and the schema of its one argument. */
export const METHODS = {
  'app.info': none,
  /** Puts a `restore` event into the stream: what a reloaded window needs to come back as it was. */
  'app.restore': none,
  'settings.get': none,
  'settings.update': settingsPatchSchema,
  /** No path: the main process shows a folder dialog. */
  'workspace.open': z.object({ path: z.string().min(1).max(PATH_MAX).optional() }).strict(),
  'workspace.recent': none,
  /** Children of one folder ('' is the root), for the lazy tree. */
  'workspace.list': z.object({ dir: relPath }).strict(),
  'workspace.read': z.object({ path: relPath }).strict(),
  /** Files and folders ranked against `query` (fuzzy), for @-mentions. */
  'workspace.find': z
    .object({ query: z.string().max(500), limit: z.number().int().min(1).max(100).optional() })
    .strict(),
  /** Text search over the folder with the agent's own engine (ripgrep, or the built-in one). */
  'workspace.search': z
    .object({
      pattern: z.string().min(1).max(500),
      regex: z.boolean().optional(),
      maxMatches: z.number().int().min(1).max(5000).optional(),
    })
    .strict(),
  /** What an @-mention of this file or folder attaches, within `maxTokens`. */
  'workspace.mention': z
    .object({ path: relPath, maxTokens: z.number().int().min(1).max(100_000).optional() })
    .strict(),
  /** Starts a run with this task, or steers the running one with it; `resume` continues a past session. */
  'agent.send': z.object({ text: z.string().min(1).max(100_000), resume: id.optional() }).strict(),
  'agent.cancel': none,
  'agent.decide': z.object({ requestId: id, decision: approvalDecisionSchema }).strict(),
  'agent.undoTurn': none,
  'sessions.list': none,
  'sessions.open': z.object({ sessionId: id }).strict(),
  /** A tool's full output the context cut down (`@spill/<name>` in its result), from that session. */
  'sessions.spill': z.object({ sessionId: id, name: z.string().min(1).max(200) }).strict(),
  'models.catalog': none,
  'models.library': none,
  'models.download': z.object({ catalogId: id }).strict(),
  'models.cancelDownload': z.object({ downloadId: id }).strict(),
  /** No path: the main process shows a file dialog. */
  'models.import': z.object({ path: z.string().min(1).max(PATH_MAX).optional() }).strict(),
  'models.delete': z.object({ fileName: z.string().min(1).max(255) }).strict(),
  'models.activate': z.object({ fileName: z.string().min(1).max(255) }).strict(),
  /** A model on an OpenAI-compatible engine instead of a GGUF: the saved server, never its key. */
  'server.get': none,
  /** The models a server lists; `key` omitted: the stored one (or the environment's). */
  'server.models': z
    .object({ url: z.string().min(1).max(2000), key: z.string().min(1).max(4096).optional() })
    .strict(),
  /** Probes and activates; `key`: store this one, null forget it, omitted keep it. */
  'server.connect': z
    .object({
      url: z.string().min(1).max(2000),
      model: z.string().min(1).max(500),
      key: z.string().min(1).max(4096).nullable().optional(),
    })
    .strict(),
  /** Back to the models folder's GGUF. */
  'server.disconnect': none,
  /** Forgets the stored key; nothing else changes (the runs' model is closed, to open without it). */
  'server.forgetKey': none,
  /** Where an external link goes: only http(s), opened by the OS browser. */
  'shell.openExternal': z.object({ url: z.string().url().max(2000) }).strict(),
  ...mcpMethodSchemas,
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodInput<M extends MethodName> = z.infer<(typeof METHODS)[M]>;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  dataDir: string;
}

export interface Settings {
  modelsDir: string;
  context: { min: number; max: number };
  approvalMode: ApprovalMode;
  checks: Record<string, string>;
  allowNetwork: boolean;
  noSandbox: 'ask' | 'refuse';
  /** The active model's file name in the models folder, if any. */
  activeModel: string | null;
  speculation: { lookup: LookupMode; draftModel: string | null };
  /** Whether commands run in an OS sandbox on this machine, and which. */
  sandbox: { available: boolean; kind: 'bwrap' | 'sandbox-exec' | null; note: string };
}

export interface WorkspaceInfo {
  root: string;
  name: string;
}

export interface TreeEntry {
  name: string;
  /** Relative to the root, with `/`. */
  path: string;
  kind: 'file' | 'dir';
}

/** The search panel's answer: matching lines (cut for display), whether more were left, what was skipped. */
export interface SearchView {
  matches: { path: string; line: number; text: string }[];
  capped: boolean;
  filesSearched: number;
  skippedCount: number;
  engine: 'ripgrep' | 'node' | null;
}

/** What an @-mention attaches to a message: the text, its tokens, and whether it was cut. */
export interface MentionView {
  path: string;
  kind: 'file' | 'dir';
  text: string;
  tokens: number;
  /** Tokens of the whole file or list before any cut. */
  totalTokens: number;
  truncated: boolean;
  /** 'model': counted with the loaded model's tokenizer; 'approx': about four characters a token. */
  counted: 'model' | 'approx';
}

export type FileView =
  | { kind: 'text'; path: string; content: string }
  | { kind: 'binary' | 'too_large'; path: string; sizeBytes: number };

export interface SessionSummary {
  sessionId: string;
  task: string;
  folder: string;
  startedAt: string;
  stopReason: string | null;
  /** Its conversation was saved, so it can be continued ("Continue", agent.send with `resume`). */
  resumable: boolean;
}

export interface CatalogView {
  id: string;
  name: string;
  family: string;
  parameters: string;
  quantization: string;
  sizeBytes: number;
  description: string;
  /** This machine's verdict; null while unknown (no header read yet or offline). */
  fit: { verdict: 'full_gpu' | 'partial_gpu' | 'cpu_only' | 'does_not_fit'; message: string } | null;
  /** Why `fit` is null, for a person (still checking, offline, header unreadable). */
  fitMessage?: string;
  /** The file is in the models folder already. */
  installed: boolean;
  /** The catalog entry that can draft for this one (speculative decoding), if paired. */
  draft?: { id: string; name: string };
}

export interface LibraryView {
  fileName: string;
  sizeBytes: number;
  architecture?: string;
  parameters?: number;
  quantization?: string;
  chatTemplateFamily?: string;
  error?: string;
  active: boolean;
}

export interface DownloadView {
  downloadId: string;
  catalogId: string;
  fileName: string;
  status: 'starting' | 'downloading' | 'retrying' | 'verifying' | 'done' | 'failed' | 'cancelled';
  downloadedBytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  message?: string;
}

/** The window's Server entry. The key itself never leaves the main process. */
export interface ServerView {
  url: string | null;
  model: string | null;
  /** A key is stored (encrypted by the OS). */
  hasKey: boolean;
  /** LOCAL_CODER_API_KEY or OPENAI_API_KEY is set: used when none is stored. */
  keyFromEnv: boolean;
  /** The OS can encrypt a key (Electron's safeStorage); without it only the environment's key works. */
  canStoreKey: boolean;
  /** Runs use the server's model rather than the models folder's. */
  active: boolean;
  /** Probed and ready: what the probe found (context size and its source, tool mode, token counts). */
  connected?: { id: string; contextSize: number; about: string };
}

export type ModelStateView =
  | { status: 'empty' }
  | { status: 'loading'; fileName: string; progress: number }
  | { status: 'loaded'; fileName: string; contextSize: number; chatWrapper: string; backend: string }
  | { status: 'failed'; fileName: string; code: string; message: string };

/**
 * What a window that was reloaded (or opened again) comes back to: the open folder, the run (working or
 * the last one in this folder) with its events so far, the questions still open, downloads in flight,
 * the model. Sent as an event, so everything emitted before it is in it and everything after it follows.
 */
export interface WindowSnapshot {
  workspace: WorkspaceInfo | null;
  run: { running: boolean; sessionId: string | null; events: AgentEvent[] };
  approvals: ApprovalRequest[];
  downloads: DownloadView[];
  model: ModelStateView;
}

/** What each method resolves to (an expected failure is a `Failure`, never a thrown error). */
export interface MethodOutputs {
  'app.info': AppInfo;
  'app.restore': { ok: true };
  'settings.get': Settings;
  'settings.update': Settings | Failure;
  'workspace.open': WorkspaceInfo | Failure | { cancelled: true };
  'workspace.recent': string[];
  'workspace.list': { entries: TreeEntry[] } | Failure;
  'workspace.read': FileView | Failure;
  'workspace.find': { entries: TreeEntry[] } | Failure;
  'workspace.search': SearchView | Failure;
  'workspace.mention': MentionView | Failure;
  'agent.send': { sessionId: string; steered: boolean } | Failure;
  'agent.cancel': { cancelled: boolean };
  'agent.decide': { ok: true } | Failure;
  'agent.undoTurn': { restored: string[]; checkpointId: string } | Failure;
  'sessions.list': SessionSummary[];
  'sessions.open': { summary: SessionSummary; events: AgentEvent[] } | Failure;
  'sessions.spill': { name: string; text: string; sizeBytes: number; truncated: boolean } | Failure;
  'models.catalog': CatalogView[];
  'models.library': LibraryView[];
  'models.download': { downloadId: string } | Failure;
  'models.cancelDownload': { cancelled: boolean };
  'models.import': LibraryView | Failure | { cancelled: true };
  'models.delete': { ok: true } | Failure;
  'models.activate': { ok: true } | Failure;
  'server.get': ServerView;
  'server.models': { models: string[] } | Failure;
  'server.connect': ServerView | Failure;
  'server.disconnect': ServerView | Failure;
  'server.forgetKey': ServerView | Failure;
  'shell.openExternal': { ok: true } | Failure;
  'mcp.overview': McpOverview;
  'mcp.trust': McpOverview | Failure;
  'mcp.setServer': McpOverview | Failure;
  'mcp.setTool': McpOverview | Failure;
  'mcp.restart': McpOverview | Failure;
  'mcp.log': { path: string; text: string } | Failure;
  'mcp.resources': { resources: McpResourceView[]; problems: string[] };
  'mcp.readResource': McpAttachment | Failure;
  'mcp.prompts': { prompts: McpPromptView[]; problems: string[] };
  'mcp.getPrompt': McpAttachment | Failure;
}

/** Pushed from the main process to the window, in order. Deltas, never the whole state. */
export type DesktopEvent =
  | { type: 'agent'; event: AgentEvent }
  | { type: 'approval'; request: ApprovalRequest }
  | { type: 'approval_closed'; requestId: string }
  | { type: 'run_state'; running: boolean; sessionId: string | null }
  | { type: 'tree'; changes: { path: string; kind: 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir' }[] }
  | { type: 'watch_status'; status: 'ready' | 'degraded'; message?: string }
  | { type: 'download'; download: DownloadView }
  | { type: 'model'; state: ModelStateView }
  /** The open folder's MCP servers changed (state, tools, choices). */
  | { type: 'mcp'; overview: McpOverview }
  /** The answer to app.restore: the window replaces its state with this one. */
  | { type: 'restore'; state: WindowSnapshot };

/** The one channel for invokes (`{ method, input }`) and the one for events. */
export const IPC = {
  invoke: 'api:invoke',
  event: 'api:event',
} as const;

export type MethodCalls = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutputs[M]> };

/**
 * What the preload exposes on window.api: one typed function per method of the table, and an event
 * subscription; never raw ipcRenderer. Calls reject only for a schema violation or a bug.
 */
export interface DesktopApi extends MethodCalls {
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: DesktopEvent) => void): () => void;
}

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

/** Thrown into the window's promise when an input fails its schema (a bug in the window, not the user). */
export function describeInvalidInput(method: string, error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return `Invalid input for ${method}${where}: ${first?.message ?? 'rejected'}`;
}
