// The MCP servers a session may use: the person's own (`mcp.json` in the data folder) and the open
// folder's (`mcpServers` in its `.local-coder.json`), in the shape other clients use (Claude Desktop,
// Cline, Cursor; VS Code's `servers` too), so a pasted config works. A bad entry is a problem line that
// says what to fix; the other servers still load. A project file cannot grant anything: what only the
// person may decide (network, always-allowed tools) is read from their own file only.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { McpScope } from '../../shared/mcp.js';
import { dataDir } from '../app-paths.js';
import { PROJECT_FILE } from '../agent/verification/project-checks.js';

export const USER_MCP_FILE = 'mcp.json';
/** Longest config file read (a config is a few KB). */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** Server names become tool-name prefixes (`server__tool`, at most 64 characters in all). */
const MAX_SERVER_NAME = 24;
const DEFAULT_TIMEOUT_S = 60;

interface Common {
  /** As the model sees it (letters, digits, `_`, `-`): the prefix of its tools. */
  name: string;
  /** As written in the config. */
  configName: string;
  scope: McpScope;
  disabled: boolean;
  /** Per-call limit. */
  timeoutMs: number;
  /** The person's own config says this server may reach the network (user scope only). */
  network: boolean;
  /** Tools the person's own config allows without asking (user scope only; server tool names). */
  alwaysAllow: string[];
  /** Tools never offered (server tool names). */
  disabledTools: string[];
  /** Stable over restarts; changes when anything that decides what runs changes (trust is per hash). */
  hash: string;
}

export interface StdioServerConfig extends Common {
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Absolute; default the open folder. */
  cwd?: string;
}

export interface HttpServerConfig extends Common {
  transport: 'http';
  url: string;
  headers: Record<string, string>;
}

export type McpServerConfig = StdioServerConfig | HttpServerConfig;

export interface McpConfig {
  servers: McpServerConfig[];
  problems: string[];
  userFile: string;
}

const strings = z.array(z.string().max(4000)).max(200);
const stringMap = z.record(z.string().max(200), z.string().max(8000));
const entrySchema = z
  .object({
    type: z.string().max(40).optional(),
    transport: z.string().max(40).optional(),
    command: z.string().min(1).max(4000).optional(),
    args: strings.optional(),
    env: stringMap.optional(),
    cwd: z.string().min(1).max(4000).optional(),
    url: z.string().min(1).max(4000).optional(),
    headers: stringMap.optional(),
    disabled: z.boolean().optional(),
    enabled: z.boolean().optional(),
    timeout: z.number().positive().max(3600).optional(),
    network: z.boolean().optional(),
    alwaysAllow: strings.optional(),
    autoApprove: strings.optional(),
    disabledTools: strings.optional(),
  })
  .passthrough();

/** The user's file and the project's, merged: a project server of a name the user has too is left out. */
export async function loadMcpConfig(options: {
  env?: NodeJS.ProcessEnv;
  /** The open folder; none: the user's servers only. */
  root?: string;
  /** Instead of the data folder's mcp.json (the runner's --mcp-config). */
  userFile?: string;
}): Promise<McpConfig> {
  const env = options.env ?? process.env;
  const userFile = options.userFile ?? path.join(dataDir(env), USER_MCP_FILE);
  const problems: string[] = [];
  const user = await readServers(userFile, 'user', env, problems);
  const project = options.root
    ? await readServers(path.join(options.root, PROJECT_FILE), 'project', env, problems, options.root)
    : [];
  // Compared without case: `GitHub` in a folder must not pass for the person's `github` (and on a
  // case-insensitive disk their logs would be one file).
  const taken = new Set(user.map((s) => s.name.toLowerCase()));
  const servers = [...user];
  for (const server of project) {
    if (taken.has(server.name.toLowerCase())) {
      problems.push(
        `${PROJECT_FILE}: server "${server.configName}" is left out: your own config has a server of that name.`,
      );
      continue;
    }
    taken.add(server.name.toLowerCase());
    servers.push(server);
  }
  return { servers, problems, userFile };
}

async function readServers(
  file: string,
  scope: McpScope,
  env: NodeJS.ProcessEnv,
  problems: string[],
  root?: string,
): Promise<McpServerConfig[]> {
  const label = scope === 'project' ? PROJECT_FILE : file;
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_CONFIG_BYTES) {
      problems.push(`${label}: over 1 MB; MCP servers from it are not loaded.`);
      return [];
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push(`${label}: cannot be read (${(error as Error).message}).`);
    }
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push(`${label}: not valid JSON (${(error as Error).message}); fix it to load its MCP servers.`);
    return [];
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push(`${label}: must be a JSON object with "mcpServers".`);
    return [];
  }
  const record = json as Record<string, unknown>;
  const table = record.mcpServers ?? record.servers;
  if (table === undefined) return [];
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    problems.push(`${label}: "mcpServers" must be an object of server name to settings.`);
    return [];
  }
  const servers: McpServerConfig[] = [];
  const names = new Set<string>();
  for (const [configName, raw] of Object.entries(table)) {
    const parsed = parseEntry(configName, raw, scope, env, root);
    if (!parsed.ok) {
      problems.push(`${label}: server "${configName}": ${parsed.message}`);
      continue;
    }
    for (const note of parsed.notes) problems.push(`${label}: server "${configName}": ${note}`);
    if (names.has(parsed.server.name.toLowerCase())) {
      problems.push(
        `${label}: server "${configName}" is left out: its name reads as "${parsed.server.name}", like another server's.`,
      );
      continue;
    }
    names.add(parsed.server.name.toLowerCase());
    servers.push(parsed.server);
  }
  return servers;
}

type Parsed = { ok: true; server: McpServerConfig; notes: string[] } | { ok: false; message: string };

function parseEntry(
  configName: string,
  raw: unknown,
  scope: McpScope,
  env: NodeJS.ProcessEnv,
  root: string | undefined,
): Parsed {
  const result = entrySchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, message: `${where}${issue?.message ?? 'invalid'}.` };
  }
  const entry = result.data;
  const name = serverName(configName);
  if (!name) return { ok: false, message: 'its name needs a letter or a digit.' };
  const notes: string[] = [];
  const kind = (entry.type ?? entry.transport ?? (entry.url ? 'http' : 'stdio')).toLowerCase();
  const personal = scope === 'user';
  // A folder's file must not read the person's environment: `${HF_TOKEN}` would hand a secret to a
  // server (or URL) the folder chose. Its `${...}` stay as written.
  if (!personal) {
    if (VARIABLE.test(JSON.stringify(raw))) {
      notes.push(
        "${VAR} is not read from your environment in a project file (it could send your secrets to the folder's server); configure the server in your own mcp.json to use your variables.",
      );
    }
    env = NO_EXPANSION;
  }
  if (!personal && (entry.network !== undefined || entry.alwaysAllow || entry.autoApprove)) {
    notes.push(
      'network and alwaysAllow are ignored in a project file: allow them in the MCP panel or in your own config.',
    );
  }
  const common = {
    name,
    configName,
    scope,
    disabled: entry.disabled === true || entry.enabled === false,
    timeoutMs: (entry.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
    network: personal && entry.network === true,
    alwaysAllow: personal ? [...(entry.alwaysAllow ?? []), ...(entry.autoApprove ?? [])] : [],
    disabledTools: entry.disabledTools ?? [],
  };
  if (kind === 'sse') {
    return {
      ok: false,
      message:
        'the SSE transport is not supported (MCP replaced it with streamable HTTP); give the server\'s streamable HTTP URL with "type": "http".',
    };
  }
  if (kind === 'http' || kind === 'streamable-http' || kind === 'streamablehttp') {
    if (!entry.url) return { ok: false, message: '"url" is required for an HTTP server.' };
    let url: URL;
    try {
      url = new URL(expand(entry.url, env));
    } catch {
      return { ok: false, message: `"url" is not a URL: ${entry.url}` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, message: `"url" must be http or https, not ${url.protocol}` };
    }
    const headers = expandAll(entry.headers ?? {}, env);
    const server: HttpServerConfig = {
      ...common,
      transport: 'http',
      url: url.toString(),
      headers,
      // Values too (as for a stdio server's env): a trusted project URL must not be handed a secret later.
      hash: hashOf({
        scope,
        url: url.toString(),
        headers: Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)),
      }),
    };
    return { ok: true, server, notes };
  }
  if (kind !== 'stdio') {
    return { ok: false, message: `unknown "type" ${JSON.stringify(kind)}: use "stdio" or "http".` };
  }
  if (!entry.command) return { ok: false, message: '"command" is required (or "url" for an HTTP server).' };
  const base = root ?? process.cwd();
  const cwd = entry.cwd ? path.resolve(base, expand(entry.cwd, env)) : undefined;
  const server: StdioServerConfig = {
    ...common,
    transport: 'stdio',
    command: expand(entry.command, env),
    args: (entry.args ?? []).map((a) => expand(a, env)),
    env: expandAll(entry.env ?? {}, env),
    ...(cwd ? { cwd } : {}),
    hash: '',
  };
  server.hash = hashOf({
    scope,
    command: server.command,
    args: server.args,
    cwd: server.cwd ?? null,
    // A project's command runs in its folder (`node server.js`): another folder's is another server,
    // whose cached tool list must not be offered here.
    folder: scope === 'project' ? (root ?? null) : null,
    // Values too: a project's NODE_OPTIONS changes what runs (only the hash is kept, never a token).
    env: Object.entries(server.env).sort(([a], [b]) => a.localeCompare(b)),
  });
  return { ok: true, server, notes };
}

/** `My Server.v2` -> `My_Server_v2`; empty when nothing usable is left. */
export function serverName(configName: string): string {
  return configName
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/__+/g, '_')
    .slice(0, MAX_SERVER_NAME);
}

/** `${VAR}` and `${env:VAR}` from the environment (tokens are kept out of config files this way). */
const VARIABLE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/;

/** The environment of a project file's entries: nothing is expanded. */
const NO_EXPANSION: NodeJS.ProcessEnv = Object.freeze({});

function expand(value: string, env: NodeJS.ProcessEnv): string {
  if (env === NO_EXPANSION) return value;
  return value.replace(new RegExp(VARIABLE.source, 'g'), (_, key: string) => env[key] ?? '');
}

function expandAll(values: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, expand(v, env)]));
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** The command line or URL, for people. */
export function targetOf(server: McpServerConfig): string {
  if (server.transport === 'http') return server.url;
  return [server.command, ...server.args].map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** For the shell line the sandbox runs: `exec` the server, every word quoted; `exports` set first. */
export function execLine(command: string, args: readonly string[], exports: readonly string[] = []): string {
  const set = exports.map((line) => `${line}; `).join('');
  return `${set}exec ${[command, ...args].map(shellWord).join(' ')}`;
}
