// An MCP server's tools as the registry takes them: namespaced `server__tool` (the model's only way to
// tell two servers' `search` apart), descriptions and schemas trimmed so that all of them fit a token
// budget (small windows pay for every definition on every turn), asked as `external` calls, and their
// results turned into text that the context shapes like any tool output.
import type { CallToolResult, Tool as SdkTool } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolView } from '../../shared/mcp.js';
import { resolveRef } from '../tools/raw-schema-args.js';
import { toToolSpec } from '../tools/tool-spec.js';
import type { JsonSchema, RawSchemaTool, ToolOutcome } from '../tools/types.js';
import type { McpServerConfig } from './config.js';
import type { CachedTool, ToolChoice } from './state.js';

/** Tokens all MCP tools together may add to the fixed prompt, by default. */
export const DEFAULT_MCP_TOOL_TOKENS = 1200;
/** Characters of a result kept in memory before the context shapes it (the rest is cut, and said). */
const MAX_RESULT_CHARS = 1024 * 1024;
const MAX_TOOL_NAME = 64;
const SEPARATOR = '__';
/** References written out this deep along a path (a recursive schema); past it, a free-form object. */
const MAX_REF_DEPTH = 3;
/** Characters of referenced schemas written out in one tool, at most (references fan out: k^depth). */
const MAX_INLINED_CHARS = 32 * 1024;
/** Tools of one server taken, at most (the rest is one problem line, not one each). */
const MAX_TOOLS_PER_SERVER = 256;

/** How much of each description is kept, tightest last: the first level within budget is used. */
const TRIM_LEVELS = [
  { tool: 300, param: 120 },
  { tool: 160, param: 60 },
  { tool: 90, param: 0 },
] as const;

export type CountTokens = (text: string) => number;

/** A call's result, and what the sandbox undid that the server left during it (one line each). */
export interface CalledTool {
  result: CallToolResult;
  repairs: string[];
}

/** What a server's tools need to run: a call through its connection. */
export interface ToolCaller {
  call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CalledTool>;
}

export interface OfferedTool {
  tool: RawSchemaTool;
  view: McpToolView;
}

export interface ServerTools {
  server: McpServerConfig;
  listed: readonly CachedTool[];
  caller: ToolCaller;
}

/**
 * Every enabled tool of these servers, trimmed as little as the budget allows; past the tightest trim,
 * tools are left out in order, each with a problem line. Views cover every listed tool (for the panel).
 */
export function offerTools(
  servers: readonly ServerTools[],
  choices: Readonly<Record<string, ToolChoice>>,
  count: CountTokens,
  budget = DEFAULT_MCP_TOOL_TOKENS,
): { offered: OfferedTool[]; views: Map<string, McpToolView[]>; problems: string[] } {
  const problems: string[] = [];
  type Candidate = { server: ServerTools; listed: CachedTool; name: string };
  const all: Candidate[] = [];
  for (const server of servers) {
    const taken = new Set<string>();
    if (server.listed.length > MAX_TOOLS_PER_SERVER) {
      problems.push(
        `${server.server.name}: only its first ${MAX_TOOLS_PER_SERVER} of ${server.listed.length} tools are used.`,
      );
    }
    for (const listed of server.listed.slice(0, MAX_TOOLS_PER_SERVER)) {
      const name = toolName(server.server.name, listed.name, taken);
      taken.add(name);
      all.push({ server, listed, name });
    }
  }
  const isEnabled = (c: Candidate) =>
    !c.server.server.disabledTools.includes(c.listed.name) && choices[c.name]?.enabled !== false;
  // A schema the conversion cannot take (nested past the stack...) leaves its tool out, not the others.
  const broken = new Set<string>();
  for (const c of all) {
    try {
      build(c, TRIM_LEVELS[TRIM_LEVELS.length - 1] ?? TRIM_LEVELS[0]);
    } catch (error) {
      broken.add(c.name);
      problems.push(`${c.name} left out: its input schema cannot be used (${describe(error)}).`);
    }
  }
  const usable = all.filter((c) => !broken.has(c.name));
  const enabled = usable.filter(isEnabled);
  let level: (typeof TRIM_LEVELS)[number] = TRIM_LEVELS[0];
  let built = enabled.map((c) => build(c, level));
  for (const next of TRIM_LEVELS) {
    level = next;
    built = enabled.map((c) => build(c, level));
    if (sum(built) <= budget) break;
  }
  const offered: OfferedTool[] = [];
  let used = 0;
  for (const b of built) {
    if (used + b.tokens > budget) {
      problems.push(
        `${b.tool.name} left out: the MCP tools are over their budget of ${budget} tokens of the prompt; switch off tools you do not need in the MCP panel.`,
      );
      continue;
    }
    used += b.tokens;
    offered.push({ tool: b.tool, view: b.view });
  }
  const views = new Map<string, McpToolView[]>();
  const offeredNames = new Set(offered.map((o) => o.tool.name));
  const builtByName = new Map(built.map((b) => [b.tool.name, b]));
  for (const c of usable) {
    const b = builtByName.get(c.name) ?? build(c, level);
    const list = views.get(c.server.server.name) ?? [];
    list.push({ ...b.view, enabled: offeredNames.has(c.name) });
    views.set(c.server.server.name, list);
  }
  return { offered, views, problems };

  function build(c: Candidate, lvl: (typeof TRIM_LEVELS)[number]) {
    const tool = adaptTool(c.server, c.listed, c.name, lvl);
    const tokens = count(JSON.stringify(toToolSpec(tool)));
    const choice = choices[c.name] ?? {};
    const view: McpToolView = {
      name: c.name,
      serverTool: c.listed.name,
      description: tool.description,
      readOnlyHint: c.listed.annotations?.readOnlyHint === true,
      enabled: true,
      allowed: choice.allowed === true || c.server.server.alwaysAllow.includes(c.listed.name),
      readOnlyConfirmed: choice.readOnlyConfirmed === true,
      tokens,
    };
    return { tool, view, tokens };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sum(built: readonly { tokens: number }[]): number {
  return built.reduce((n, b) => n + b.tokens, 0);
}

/** `server__tool`, made of what every runtime accepts, unique within the server, at most 64 characters. */
export function toolName(server: string, tool: string, taken: ReadonlySet<string>): string {
  const clean = tool.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'tool';
  const base = `${server}${SEPARATOR}${clean}`.slice(0, MAX_TOOL_NAME);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, MAX_TOOL_NAME - String(n).length - 1)}_${n}`;
  return name;
}

function adaptTool(
  server: ServerTools,
  listed: CachedTool,
  name: string,
  level: (typeof TRIM_LEVELS)[number],
): RawSchemaTool {
  const config = server.server;
  const inputSchema = { type: 'object', ...listed.inputSchema } as JsonSchema;
  const description = clipText(listed.description ?? listed.title ?? listed.name, level.tool);
  return {
    name,
    description,
    kind: 'external',
    // What it changes is the server's business: calls run one at a time, in order.
    mutates: true,
    // A local server may change files: the folder is scanned around its calls (changes go to undo).
    scansFolder: config.transport === 'stdio',
    source: `mcp:${config.name}`,
    inputSchema,
    promptSchema: trimSchema(inlineRefs(inputSchema), level.param),
    ...(listed.annotations?.readOnlyHint === true ? { readOnlyHint: true } : {}),
    async execute(args, ctx): Promise<ToolOutcome> {
      let called: CalledTool;
      try {
        called = await server.caller.call(listed.name, args, ctx.signal);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, output: `${name} failed: ${message}` };
      }
      const { result, repairs } = called;
      const text = resultText(result);
      const notes = repairs.map((line) => `\n[sandbox: ${line}]`).join('');
      return {
        ok: result.isError !== true,
        output: `${result.isError === true ? `${name} reported an error: ${text}` : text}${notes}`,
      };
    },
  };
}

/**
 * The schema with its local `$ref`s written out, for the model's view only: the grammar cannot follow
 * a reference, so a nested object argument (every pydantic model, a recursive zod schema) would read
 * as "any scalar" and never be filled in right. Arguments are still checked against the server's own.
 */
function inlineRefs(schema: JsonSchema): JsonSchema {
  if (!JSON.stringify(schema).includes('"$ref"')) return schema;
  let spent = 0;
  const visit = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((n) => visit(n, depth));
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node as Record<string, unknown>;
    if (typeof $ref === 'string') {
      const target = resolveRef(schema, $ref);
      // Unknown (a remote ref): left as it was, which the grammar reads as any scalar.
      if (!target) return node;
      const { $defs: _d, definitions: _o, ...body } = target;
      if (depth < MAX_REF_DEPTH) spent += JSON.stringify(body).length;
      if (depth >= MAX_REF_DEPTH || spent > MAX_INLINED_CHARS) {
        return target.type === 'object' ? { type: 'object', ...descriptionOf(rest) } : visit(rest, depth);
      }
      return visit({ ...body, ...rest }, depth + 1);
    }
    return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, visit(v, depth)]));
  };
  const { $defs: _defs, definitions: _definitions, ...top } = schema;
  return visit(top, 0) as JsonSchema;
}

function descriptionOf(node: Record<string, unknown>): { description?: string } {
  return typeof node.description === 'string' ? { description: node.description } : {};
}

/** Descriptions cut to `max` characters at a sentence or word end; property descriptions dropped at 0. */
function trimSchema(schema: JsonSchema, max: number): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') {
      if (max > 0 && typeof value === 'string') out.description = clipText(value, max);
      continue;
    }
    if (key === 'title' || key === 'examples' || key === '$comment' || key === '$schema') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, trimSchema(v, max)]),
      );
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = trimSchema(value as JsonSchema, max);
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((v) => (v && typeof v === 'object' ? trimSchema(v as JsonSchema, max) : v));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** One line, control characters out, cut at a sentence (or word) end within `max`. */
export function clipText(text: string, max: number): string {
  const flat = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > max / 2) return cut.slice(0, sentence + 1);
  const word = cut.lastIndexOf(' ');
  return `${word > max / 2 ? cut.slice(0, word) : cut}…`;
}

/** A call's result as text: text parts as they are, everything else named (binary content is never inlined). */
export function resultText(result: CallToolResult): string {
  const parts: string[] = [];
  for (const item of result.content ?? []) {
    switch (item.type) {
      case 'text':
        parts.push(item.text);
        break;
      case 'image':
      case 'audio':
        parts.push(`[${item.type} (${item.mimeType}, ${item.data.length} characters of base64) not shown]`);
        break;
      case 'resource': {
        const res = item.resource;
        parts.push(
          'text' in res && typeof res.text === 'string'
            ? `[resource ${res.uri}]\n${res.text}`
            : `[resource ${res.uri}${res.mimeType ? ` (${res.mimeType})` : ''}: binary, not shown]`,
        );
        break;
      }
      case 'resource_link':
        parts.push(`[resource link ${item.uri}${item.name ? ` (${item.name})` : ''}]`);
        break;
      default:
        parts.push(`[${(item as { type: string }).type} content not shown]`);
    }
  }
  if (parts.length === 0 && result.structuredContent !== undefined) {
    parts.push(JSON.stringify(result.structuredContent, null, 1));
  }
  const text = parts.length === 0 ? '(no output)' : parts.join('\n');
  if (text.length <= MAX_RESULT_CHARS) return text;
  return `${text.slice(0, MAX_RESULT_CHARS)}\n[result cut at ${MAX_RESULT_CHARS} of ${text.length} characters]`;
}

/** The listed tool as kept for the next session. */
export function cacheable(tool: SdkTool): CachedTool {
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema as Record<string, unknown>,
    ...(tool.annotations ? { annotations: { readOnlyHint: tool.annotations.readOnlyHint === true } } : {}),
  };
}
