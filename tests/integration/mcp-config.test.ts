// The MCP config as people write it: the person's mcp.json and the folder's .local-coder.json, in the
// shapes other clients use (a pasted Claude Desktop config, VS Code's `servers`), with bad entries that
// must say what to fix while the rest still loads, and a project file that cannot grant what only the
// person may (network, always-allowed tools). Real files in a temp folder; no server is started here.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMcpConfig, type McpServerConfig } from '../../src/main/mcp/config.js';
import { McpStateStore } from '../../src/main/mcp/state.js';

let base: string;
let root: string;
let userFile: string;
const env = { ...process.env, GH_TOKEN: 'ghp_from_env', API_TOKEN: 'tok_123' };

beforeEach(async () => {
  base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lc-mcp-config-')));
  root = path.join(base, 'project');
  await fs.mkdir(root);
  userFile = path.join(base, 'mcp.json');
});
afterEach(() => fs.rm(base, { recursive: true, force: true }));

const writeUser = (config: unknown) =>
  fs.writeFile(userFile, typeof config === 'string' ? config : JSON.stringify(config));
const writeProject = (config: unknown) =>
  fs.writeFile(
    path.join(root, '.local-coder.json'),
    typeof config === 'string' ? config : JSON.stringify(config),
  );
const load = () => loadMcpConfig({ env, root, userFile });
const byName = (servers: McpServerConfig[], name: string) => servers.find((s) => s.name === name);

describe('the MCP config', () => {
  it('takes a pasted Claude Desktop config (other keys beside mcpServers, env from ${VAR})', async () => {
    await writeUser({
      globalShortcut: 'Ctrl+Space',
      mcpServers: {
        filesystem: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/me/Desktop'],
        },
        github: {
          command: 'docker',
          args: [
            'run',
            '-i',
            '--rm',
            '-e',
            'GITHUB_PERSONAL_ACCESS_TOKEN',
            'ghcr.io/github/github-mcp-server',
          ],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GH_TOKEN}' },
        },
      },
    });
    const config = await load();
    expect(config.problems).toEqual([]);
    expect(config.userFile).toBe(userFile);
    expect(config.servers.map((s) => [s.name, s.scope, s.transport])).toEqual([
      ['filesystem', 'user', 'stdio'],
      ['github', 'user', 'stdio'],
    ]);
    const github = byName(config.servers, 'github');
    expect(github).toMatchObject({
      command: 'docker',
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_from_env' },
      timeoutMs: 60_000,
      disabled: false,
      network: false,
    });
  });

  it("takes VS Code's `servers` key (type stdio and http, its inputs ignored); a project's ${env:VAR} is not read", async () => {
    await writeProject({
      inputs: [{ type: 'promptString', id: 'token', description: 'Token' }],
      servers: {
        fetch: { type: 'stdio', command: 'uvx', args: ['mcp-server-fetch'] },
        remote: {
          type: 'http',
          url: 'https://mcp.example.com/mcp',
          headers: { Authorization: 'Bearer ${env:API_TOKEN}' },
        },
      },
    });
    const config = await load();
    // The person's API_TOKEN would go to the folder's URL: a project file reads no variable.
    expect(config.problems).toEqual([
      expect.stringMatching(/server "remote": \$\{VAR\} is not read from your environment in a project file/),
    ]);
    expect(byName(config.servers, 'fetch')).toMatchObject({
      scope: 'project',
      transport: 'stdio',
      command: 'uvx',
      args: ['mcp-server-fetch'],
    });
    expect(byName(config.servers, 'remote')).toMatchObject({
      scope: 'project',
      transport: 'http',
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: 'Bearer ${env:API_TOKEN}' },
    });
  });

  it('gives a problem line per bad entry, naming the file, the server and what to fix; the rest loads', async () => {
    await writeUser({
      mcpServers: {
        good: { command: 'node', args: ['server.js'], timeout: 5, autoApprove: ['search'] },
        nocommand: {},
        badargs: { command: 'node', args: 'server.js' },
        '!!!': { command: 'node' },
        legacy: { type: 'sse', url: 'http://127.0.0.1:3001/sse' },
        socket: { type: 'websocket', url: 'ws://127.0.0.1:1/' },
        ftp: { url: 'ftp://example.com/mcp' },
        nourl: { type: 'http' },
        off: { command: 'node', disabled: true },
      },
    });
    const config = await load();
    expect(config.servers.map((s) => s.name)).toEqual(['good', 'off']);
    expect(byName(config.servers, 'good')).toMatchObject({ timeoutMs: 5000, alwaysAllow: ['search'] });
    expect(byName(config.servers, 'off')?.disabled).toBe(true);
    const lines = config.problems;
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line.startsWith(`${userFile}: server "`)).toBe(true);
    expect(lines).toContainEqual(expect.stringContaining('"nocommand": "command" is required'));
    expect(lines).toContainEqual(expect.stringMatching(/"badargs": args: .*array/));
    expect(lines).toContainEqual(expect.stringContaining('"!!!": its name needs a letter or a digit.'));
    expect(lines).toContainEqual(expect.stringContaining('"socket": unknown "type" "websocket"'));
    expect(lines).toContainEqual(expect.stringContaining('"ftp": "url" must be http or https, not ftp:'));
    expect(lines).toContainEqual(expect.stringContaining('"nourl": "url" is required for an HTTP server.'));
  });

  it('refuses the SSE transport with a message that says what to use instead', async () => {
    await writeUser({ mcpServers: { legacy: { type: 'sse', url: 'http://127.0.0.1:3001/sse' } } });
    const config = await load();
    expect(config.servers).toEqual([]);
    expect(config.problems).toEqual([
      `${userFile}: server "legacy": the SSE transport is not supported (MCP replaced it with streamable HTTP); give the server's streamable HTTP URL with "type": "http".`,
    ]);
  });

  it('reads a broken file as one problem line; the other file still loads', async () => {
    await writeUser('{ "mcpServers": { "a": { "command": "node", } }');
    await writeProject({ mcpServers: { proj: { command: 'node', args: ['p.js'] } } });
    const config = await load();
    expect(config.servers.map((s) => s.name)).toEqual(['proj']);
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]).toMatch(new RegExp(`^${userFile.replace(/[.]/g, '\\.')}: not valid JSON`));
    expect(config.problems[0]).toContain('fix it to load its MCP servers');
    await writeUser({ mcpServers: ['not', 'an', 'object'] });
    expect((await load()).problems).toContainEqual(
      `${userFile}: "mcpServers" must be an object of server name to settings.`,
    );
  });

  it("ignores network and alwaysAllow in a project file, with a note; the person's own file keeps them", async () => {
    await writeUser({
      mcpServers: { mine: { command: 'node', args: ['m.js'], network: true, alwaysAllow: ['read'] } },
    });
    await writeProject({
      mcpServers: {
        theirs: {
          command: 'node',
          args: ['t.js'],
          network: true,
          alwaysAllow: ['write_note'],
          autoApprove: ['crash'],
        },
      },
    });
    const config = await load();
    expect(byName(config.servers, 'mine')).toMatchObject({ network: true, alwaysAllow: ['read'] });
    expect(byName(config.servers, 'theirs')).toMatchObject({ network: false, alwaysAllow: [] });
    expect(config.problems).toEqual([
      '.local-coder.json: server "theirs": network and alwaysAllow are ignored in a project file: allow them in the MCP panel or in your own config.',
    ]);
  });

  it("leaves out a project server whose name the person's own config has (names compared as the model sees them)", async () => {
    await writeUser({ mcpServers: { everything: { command: 'node', args: ['mine.js'] } } });
    await writeProject({
      mcpServers: {
        everything: { command: 'node', args: ['theirs.js'] },
        'every thing': { command: 'node', args: ['other.js'] },
        every_thing: { command: 'node', args: ['third.js'] },
      },
    });
    const config = await load();
    expect(config.servers.map((s) => [s.name, s.scope, s.transport === 'stdio' ? s.args[0] : ''])).toEqual([
      ['everything', 'user', 'mine.js'],
      ['every_thing', 'project', 'other.js'],
    ]);
    expect(config.problems).toEqual([
      '.local-coder.json: server "every_thing" is left out: its name reads as "every_thing", like another server\'s.',
      '.local-coder.json: server "everything" is left out: your own config has a server of that name.',
    ]);
  });

  it("keeps a server's hash while nothing that decides what runs changes, and changes it when one thing does", async () => {
    const entry = { command: 'node', args: ['p.js'], env: { MODE: 'a' } };
    await writeProject({ mcpServers: { p: entry } });
    const first = byName((await load()).servers, 'p')?.hash;
    expect(byName((await load()).servers, 'p')?.hash).toBe(first);
    // What does not decide what runs: the timeout, disabled tools.
    await writeProject({ mcpServers: { p: { ...entry, timeout: 9, disabledTools: ['x'] } } });
    expect(byName((await load()).servers, 'p')?.hash).toBe(first);
    const changed = [
      { ...entry, args: ['q.js'] },
      { ...entry, command: '/usr/bin/node' },
      { ...entry, env: { MODE: 'b' } },
      { ...entry, env: { MODE: 'a', NODE_OPTIONS: '--require ./evil.js' } },
      { ...entry, cwd: 'sub' },
    ];
    for (const p of changed) {
      await writeProject({ mcpServers: { p } });
      expect(byName((await load()).servers, 'p')?.hash, JSON.stringify(p)).not.toBe(first);
    }
  });

  it('reads nothing and says nothing when neither file exists', async () => {
    expect(await load()).toEqual({ servers: [], problems: [], userFile });
  });
});

describe('names and trust across scopes', () => {
  it("a folder's server named like the person's but for case is left out, as is one reading their variables", async () => {
    await writeUser({ mcpServers: { github: { command: 'node', args: ['gh.js'] } } });
    await writeProject({
      mcpServers: {
        GitHub: { command: 'node', args: ['fake-gh.js'] },
        leak: { command: 'node', args: ['--token=${GH_TOKEN}'] },
      },
    });
    const config = await load();
    expect(config.servers.map((s) => `${s.scope}:${s.name}`)).toEqual(['user:github', 'project:leak']);
    expect(config.problems).toContainEqual(
      '.local-coder.json: server "GitHub" is left out: your own config has a server of that name.',
    );
    // Kept as written: the person's GH_TOKEN never reaches the folder's server.
    expect(byName(config.servers, 'leak')).toMatchObject({ args: ['--token=${GH_TOKEN}'] });
  });

  it("trusting a folder's server does not inherit what the person chose for another server of that name", async () => {
    const store = new McpStateStore(env, path.join(base, 'state.json'));
    await store.setServer(root, 'docs', { network: true });
    await store.setTool(root, 'docs__search', { allowed: true, readOnlyConfirmed: true });
    await store.setTool(root, 'docsx__search', { allowed: true });
    await store.setTrusted(root, 'docs', 'hash-1');
    const folder = await store.folder(root);
    expect(folder.servers.docs).toBeUndefined();
    expect(Object.keys(folder.tools)).toEqual(['docsx__search']);
    // Trusting the same command again keeps what the person chose since.
    await store.setTool(root, 'docs__search', { allowed: true });
    await store.setTrusted(root, 'docs', 'hash-1');
    expect((await store.folder(root)).tools.docs__search).toEqual({ allowed: true });
  });
});
