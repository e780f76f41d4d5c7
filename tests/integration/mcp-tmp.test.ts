// A stdio server installed under /tmp, outside the opened folder (a checkout there, a package unpacked
// there): the sandbox gives each server a private /tmp, so the server's own files must stay visible,
// read-only, or it never starts. The fixture server is written to /tmp with a module it requires from a
// node_modules above its package, a file beside the package that must stay out of view, and it tries to
// write into its own package (read-only) and into the opened folder (the write profile allows it).
import { mkdtempSync, promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpHub } from '../../src/main/mcp/hub.js';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import type { AnyTool, RawSchemaTool, ReadContext } from '../../src/main/tools/types.js';
import { NODE, makeWorld, type World } from './mcp-harness.js';

const info = await detectSandbox();
const ctx = { signal: new AbortController().signal } as ReadContext;
const BARE = path.resolve(import.meta.dirname, '../fixtures/mcp/bare-server.mjs');

async function call(tools: readonly AnyTool[], name: string, args: Record<string, unknown>) {
  const tool = tools.find((t) => t.name === name) as RawSchemaTool | undefined;
  if (!tool) throw new Error(`no tool ${name}: ${tools.map((t) => t.name).join(', ')}`);
  const result = await tool.execute(args, ctx);
  return result.ok ? result.output : `failed: ${result.output}`;
}

describe.skipIf(!info.available)('a stdio server installed under /tmp, in the sandbox', () => {
  let world: World;
  let hub: McpHub;
  let tools: readonly AnyTool[];
  let problems: readonly string[];
  let base: string;
  let script: string;

  beforeAll(async () => {
    base = realpathSync(mkdtempSync('/tmp/lc-mcp-installed-'));
    const pkg = path.join(base, 'checkout', 'servers', 'bare');
    await fs.mkdir(path.join(base, 'checkout', 'node_modules', 'lc-greeting'), { recursive: true });
    await fs.writeFile(
      path.join(base, 'checkout', 'node_modules', 'lc-greeting', 'index.js'),
      "module.exports = 'hello from a node_modules under /tmp';\n",
    );
    await fs.mkdir(pkg, { recursive: true });
    await fs.writeFile(path.join(pkg, 'package.json'), '{"name":"bare","private":true}\n');
    script = path.join(pkg, 'bare-server.mjs');
    await fs.copyFile(BARE, script);
    await fs.writeFile(path.join(base, 'checkout', 'beside.txt'), 'not for the server\n');
    world = await makeWorld('mcp-tmp');
    await world.writeUser({ mcpServers: { bare: { command: NODE, args: [script] } } });
    hub = world.hub();
    await hub.setMode('auto-edit');
    ({ tools, problems } = await hub.offer());
  });
  afterAll(async () => {
    await world?.cleanup();
    await fs.rm(base, { recursive: true, force: true });
  });

  it('starts and lists its tools: its package and the node_modules above it are visible', async () => {
    expect(problems).toEqual([]);
    expect(tools.map((t) => t.name)).toEqual(['bare__greet', 'bare__peek', 'bare__touch']);
    expect(await call(tools, 'bare__greet', {})).toContain('hello from a node_modules under /tmp');
    const line = (await world.logOf(hub, 'bare')).split('\n')[0] ?? '';
    expect(line).toContain(` --ro-bind ${path.dirname(script)} ${path.dirname(script)} `);
    expect(line).toContain(` --ro-bind ${base}/checkout/node_modules ${base}/checkout/node_modules `);
  });

  it('sees nothing else under /tmp, and writes neither its package nor outside the folder', async () => {
    expect(await call(tools, 'bare__peek', { path: path.join(base, 'checkout', 'beside.txt') })).toContain(
      'error ENOENT',
    );
    expect(await call(tools, 'bare__peek', { path: script })).toContain('greeting');
    expect(await call(tools, 'bare__touch', { path: path.join(path.dirname(script), 'planted.js') })).toMatch(
      /error (EROFS|EACCES|EPERM)/,
    );
    await expect(fs.stat(path.join(path.dirname(script), 'planted.js'))).rejects.toThrow();
    expect(await call(tools, 'bare__touch', { path: path.join(world.root, 'note.txt') })).toContain(
      'written',
    );
    expect(await fs.readFile(path.join(world.root, 'note.txt'), 'utf8')).toBe('x');
  });
});
