// `local-coder mcp`: the MCP servers of a folder from a terminal, and the runner's MCP options.
//   mcp list --folder DIR [--json]       start each usable server; its state, tools and their tokens
//   mcp trust NAME --folder DIR          let the folder's own server NAME start (untrust: stop it)
//   mcp allow TOOL --folder DIR          run TOOL without asking in this folder (--read-only: and in plan mode)
import path from 'node:path';
import type { McpOverview } from '../shared/mcp.js';
import { parseCliArgs, printUsageError } from './cli-args.js';
import { McpHub } from './mcp/hub.js';
import { openWorkspace } from './workspace/workspace.js';

export const MCP_USAGE = `Usage: local-coder mcp list --folder DIR [--json] [--mcp-config FILE]
       local-coder mcp trust NAME --folder DIR      (the folder's own server NAME may start)
       local-coder mcp untrust NAME --folder DIR
       local-coder mcp allow TOOL --folder DIR [--read-only]
                                                     (TOOL runs without asking in this folder;
                                                      --read-only: you confirm it only reads, so
                                                      plan mode may run it too)

Servers are configured in your mcp.json (data folder) and in the folder's .local-coder.json, under
"mcpServers", the shape other MCP clients use.`;

export async function runMcpCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const parsed = parseCliArgs({
    args: rest,
    allowPositionals: true,
    options: {
      folder: { type: 'string' },
      json: { type: 'boolean', default: false },
      'mcp-config': { type: 'string' },
      'read-only': { type: 'boolean', default: false },
    },
  });
  if (!parsed.ok) return printUsageError(parsed.message, MCP_USAGE);
  const { values, positionals } = parsed;
  if (!action || !['list', 'trust', 'untrust', 'allow'].includes(action)) {
    return printUsageError(action ? `Unknown mcp command ${action}.` : 'Name an mcp command.', MCP_USAGE);
  }
  if (!values.folder) return printUsageError('--folder is required.', MCP_USAGE);
  const opened = await openWorkspace(values.folder);
  if (!opened.ok) {
    process.stderr.write(`error: ${opened.message}\n`);
    return 2;
  }
  const hub = new McpHub({
    root: opened.workspace.root,
    ...(values['mcp-config'] ? { userFile: path.resolve(values['mcp-config']) } : {}),
  });
  try {
    if (action === 'list') {
      await hub.offer().catch(() => undefined);
      const overview = await hub.overview();
      process.stdout.write(values.json ? `${JSON.stringify(overview)}\n` : describeOverview(overview));
      return overview.servers.some((s) => s.state === 'failed') ? 1 : 0;
    }
    const name = positionals[0];
    if (!name || positionals.length > 1) return printUsageError(`mcp ${action} takes one name.`, MCP_USAGE);
    const problem =
      action === 'allow'
        ? await hub.setTool(name, {
            allowed: true,
            ...(values['read-only'] ? { readOnlyConfirmed: true } : {}),
          })
        : await hub.trust(name, action === 'trust');
    if (problem) {
      process.stderr.write(`error: ${problem}\n`);
      return 1;
    }
    process.stdout.write(`${action === 'allow' ? 'allowed' : `${action}ed`}: ${name}\n`);
    return 0;
  } finally {
    await hub.close();
  }
}

export function describeOverview(overview: McpOverview): string {
  const lines: string[] = [];
  for (const problem of overview.problems) lines.push(`problem: ${problem}`);
  if (overview.servers.length === 0) {
    lines.push(
      `no MCP servers (yours go in ${overview.userConfigPath}; a folder's in its .local-coder.json)`,
    );
  }
  const about = overview.tokensCounted === 'approx' ? 'about ' : '';
  for (const server of overview.servers) {
    lines.push(
      `${server.name} (${server.scope}, ${server.transport}): ${server.state}; ${server.target}` +
        `; tools add ${about}${server.promptTokens} tokens${server.network ? '; network allowed' : ''}`,
    );
    if (server.state === 'untrusted') {
      lines.push(`  not started: run "local-coder mcp trust ${server.name} --folder ..." once you trust it`);
    }
    if (server.error) lines.push(`  ${server.error}`);
    for (const tool of server.tools) {
      const marks = [
        tool.enabled ? null : 'off',
        tool.allowed ? 'allowed' : null,
        tool.readOnlyConfirmed ? 'read-only (confirmed)' : tool.readOnlyHint ? 'says read-only' : null,
      ].filter(Boolean);
      lines.push(
        `  ${tool.name}  ${about}${tool.tokens} tokens${marks.length ? `  [${marks.join(', ')}]` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
