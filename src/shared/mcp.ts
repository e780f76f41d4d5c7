// What the window knows of the MCP servers of the open folder: their state, their tools (with what each
// adds to the fixed prompt), the person's choices, and the resources and prompts they offer. Types and
// schemas only; the main process (src/main/mcp/) decides everything.
import { z } from 'zod';

export type McpScope = 'user' | 'project';
export type McpTransportKind = 'stdio' | 'http';

/**
 * idle: configured, not started (servers start when a run first needs them); running; failed: it did
 * not start or could not list its tools (see `error`); untrusted: a project's server the person has not
 * trusted yet, never started; disabled: switched off by the person or its config.
 */
export type McpServerState = 'idle' | 'starting' | 'running' | 'failed' | 'untrusted' | 'disabled';

export interface McpToolView {
  /** As the model sees it: `server__tool`. */
  name: string;
  /** The server's own name for it. */
  serverTool: string;
  /** Trimmed, as the model reads it. */
  description: string;
  /** The server says it only reads (a hint: it changes nothing by itself). */
  readOnlyHint: boolean;
  /** Offered to the model. */
  enabled: boolean;
  /** Runs without asking in ask and auto-edit (the person allowed it for this folder). */
  allowed: boolean;
  /** The person confirmed it only reads: plan mode may run it. */
  readOnlyConfirmed: boolean;
  /** What it adds to the fixed prompt. */
  tokens: number;
}

export interface McpServerView {
  name: string;
  scope: McpScope;
  transport: McpTransportKind;
  /** The command line or the URL, as configured. */
  target: string;
  state: McpServerState;
  /** A folder's server the person trusted (its command line as it is now); always true for their own. */
  trusted: boolean;
  /** Why it failed, and what to do. */
  error?: string;
  /** Whether the person lets this server reach the network (stdio servers run in the sandbox). */
  network: boolean;
  /** Its stderr, for a stdio server that has started once. */
  logPath?: string;
  tools: McpToolView[];
  /** Tokens its enabled tools add to the fixed prompt; `tokensCounted` says how they were counted. */
  promptTokens: number;
  /** As the server listed them when it last ran (0 before it ran in this session). */
  resources: number;
  prompts: number;
}

export interface McpOverview {
  servers: McpServerView[];
  /** `model`: counted with the loaded model's tokenizer; `approx`: about 4 characters a token. */
  tokensCounted: 'model' | 'approx';
  /** Config files read and their problems, each with what to do. */
  problems: string[];
  /** Where the person's own servers are configured. */
  userConfigPath: string;
}

export interface McpResourceView {
  server: string;
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

export interface McpPromptView {
  server: string;
  name: string;
  /** The slash command that runs it: `/server:name`. */
  command: string;
  description?: string;
  arguments: { name: string; description?: string; required: boolean }[];
}

const name = z.string().min(1).max(200);

export const mcpMethodSchemas = {
  'mcp.overview': z.object({}).strict(),
  /** Trust (or stop trusting) a project's server: it starts only once trusted. */
  'mcp.trust': z.object({ server: name, trusted: z.boolean() }).strict(),
  'mcp.setServer': z
    .object({ server: name, enabled: z.boolean().optional(), network: z.boolean().optional() })
    .strict(),
  'mcp.setTool': z
    .object({
      tool: name,
      enabled: z.boolean().optional(),
      allowed: z.boolean().optional(),
      readOnlyConfirmed: z.boolean().optional(),
    })
    .strict(),
  'mcp.restart': z.object({ server: name }).strict(),
  /** The end of a stdio server's stderr log. */
  'mcp.log': z.object({ server: name }).strict(),
  'mcp.resources': z.object({}).strict(),
  /** The resource's text, to attach to a message (cut to a budget; says when). */
  'mcp.readResource': z.object({ server: name, uri: z.string().min(1).max(4000) }).strict(),
  'mcp.prompts': z.object({}).strict(),
  'mcp.getPrompt': z
    .object({ server: name, name, args: z.record(z.string().max(200), z.string().max(10_000)) })
    .strict(),
} as const;

export interface McpAttachment {
  /** What goes into the message. */
  text: string;
  /** Cut to the attachment budget. */
  truncated: boolean;
  tokens: number;
}
