// What MCP servers offer besides tools, for the window: resources a person attaches to a message and
// prompts run as slash commands, each cut to an attachment budget that says when it was cut.
import type { McpAttachment, McpPromptView, McpResourceView } from '../../shared/mcp.js';
import type { McpServerConfig } from './config.js';
import type { McpConnection } from './connection.js';
import { clipText, type CountTokens } from './tools.js';

/** Tokens of one attached resource or prompt, at most. */
const ATTACH_TOKENS = 2000;

/** The servers usable now (configured, on, trusted) and how to reach them. */
export interface ContentSource {
  servers: readonly McpServerConfig[];
  connection(server: McpServerConfig): McpConnection;
  count: CountTokens;
}

const NOT_USABLE = 'is not a usable MCP server here (not configured, off, or not trusted).';

export async function listResources(
  src: ContentSource,
  signal?: AbortSignal,
): Promise<{ resources: McpResourceView[]; problems: string[] }> {
  const { items, problems } = await fromEachServer(src, async (server, connection) =>
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

export async function readResource(
  src: ContentSource,
  server: string,
  uri: string,
  signal?: AbortSignal,
): Promise<McpAttachment | string> {
  const found = src.servers.find((s) => s.name === server);
  if (!found) return `${server} ${NOT_USABLE}`;
  try {
    const result = await src.connection(found).readResource(uri, signal);
    const parts = result.contents.map((c) =>
      'text' in c && typeof c.text === 'string'
        ? c.text
        : `[${c.uri}${c.mimeType ? ` (${c.mimeType})` : ''}: binary, not attached]`,
    );
    return attachment(`[resource ${uri} from ${server}]\n${parts.join('\n')}`, src.count);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function listPrompts(
  src: ContentSource,
  signal?: AbortSignal,
): Promise<{ prompts: McpPromptView[]; problems: string[] }> {
  const { items, problems } = await fromEachServer(src, async (server, connection) =>
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

export async function getPrompt(
  src: ContentSource,
  server: string,
  name: string,
  args: Record<string, string>,
  signal?: AbortSignal,
): Promise<McpAttachment | string> {
  const found = src.servers.find((s) => s.name === server);
  if (!found) return `${server} ${NOT_USABLE}`;
  try {
    const result = await src.connection(found).getPrompt(name, args, signal);
    const text = result.messages
      .map((m) =>
        m.content.type === 'text'
          ? m.content.text
          : m.content.type === 'resource' && 'text' in m.content.resource
            ? String(m.content.resource.text)
            : `[${m.content.type} not attached]`,
      )
      .join('\n\n');
    return attachment(text, src.count);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What each usable server gives, all at once; a server that fails is a problem line, the others answer. */
async function fromEachServer<T>(
  src: ContentSource,
  read: (server: McpServerConfig, connection: McpConnection) => Promise<T[]>,
): Promise<{ items: T[]; problems: string[] }> {
  const settled = await Promise.allSettled(src.servers.map((s) => read(s, src.connection(s))));
  const items: T[] = [];
  const problems: string[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') items.push(...result.value);
    else problems.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
  }
  return { items, problems };
}

/** The text, cut to the attachment budget (the marker included) when longer. */
function attachment(text: string, count: CountTokens): McpAttachment {
  const tokens = count(text);
  if (tokens <= ATTACH_TOKENS) return { text, truncated: false, tokens };
  // Characters per token vary, and the marker counts too: shrink until the whole fits.
  let keep = Math.floor((text.length * ATTACH_TOKENS) / tokens);
  for (;;) {
    const cut = `${text.slice(0, keep)}\n[cut: ${tokens} tokens, ${ATTACH_TOKENS} attached]`;
    const counted = count(cut);
    if (counted <= ATTACH_TOKENS || keep === 0) return { text: cut, truncated: true, tokens: counted };
    keep = Math.floor(keep * 0.95);
  }
}
