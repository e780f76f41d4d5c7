// MCP servers from the terminal, as a person uses them: `local-coder mcp list / trust / allow` and a
// run of the headless runner whose model calls a real MCP server's tool (the reference
// server-everything, started by the runner inside the OS sandbox and stopped when the run ends).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const server = { command: process.execPath, args: [everything, 'stdio'] };

let tmp: string;
let home: string;
let project: string;
let userConfig: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-mcp-cli-'));
  home = path.join(tmp, 'home');
  project = path.join(tmp, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(path.join(project, 'README.md'), '# demo\n');
  userConfig = path.join(tmp, 'my-mcp.json');
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A script whose first turn calls `everything__echo`, then answers. */
async function echoScript(): Promise<string> {
  const file = path.join(tmp, 'echo.json');
  const turns = [
    { calls: [{ name: 'everything__echo', args: { message: 'hello from the model' } }] },
    { text: 'The server answered.' },
  ];
  await writeFile(file, JSON.stringify({ turns }));
  return `script:${file}`;
}

function resultOf(events: Array<Record<string, unknown>>, name: string) {
  return events.find((e) => e.type === 'tool_result' && e.name === name) as
    { ok: boolean; output: string } | undefined;
}

describe('local-coder mcp', () => {
  it('lists a configured server with its namespaced tools and their token cost', async () => {
    await writeFile(userConfig, JSON.stringify({ mcpServers: { everything: server } }));
    const run = await runCli(['mcp', 'list', '--folder', project, '--mcp-config', userConfig], { home });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^everything \(user, stdio\): running; /m);
    expect(run.stdout).toMatch(/^ {2}everything__echo {2}about \d+ tokens {2}\[says read-only\]$/m);
    const json = await runCli(['mcp', 'list', '--folder', project, '--mcp-config', userConfig, '--json'], {
      home,
    });
    const overview = JSON.parse(json.stdout) as {
      servers: { name: string; tools: { name: string; tokens: number }[]; promptTokens: number }[];
    };
    const tools = overview.servers[0]?.tools ?? [];
    expect(tools.length).toBeGreaterThan(5);
    expect(overview.servers[0]?.promptTokens).toBe(tools.reduce((n, t) => n + t.tokens, 0));
  }, 60_000);

  it("never starts a folder's own server before the person trusts it", async () => {
    // The server would write this file if it ever started (a project config can run anything).
    const marker = path.join(project, 'started.txt');
    const config = {
      mcpServers: {
        theirs: {
          command: process.execPath,
          args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`],
        },
      },
    };
    await writeFile(path.join(project, '.local-coder.json'), JSON.stringify(config));
    const listed = await runCli(['mcp', 'list', '--folder', project, '--mcp-config', userConfig], { home });
    expect(listed.stdout).toMatch(/^theirs \(project, stdio\): untrusted; /m);
    expect(listed.stdout).toContain('local-coder mcp trust theirs');
    const run = await runCli(
      ['--folder', project, '--model', await echoScript(), '--mcp-config', userConfig, '--json', 'say hi'],
      { home },
    );
    expect(run.code).not.toBe(-1);
    await expect(import('node:fs/promises').then((fs) => fs.stat(marker))).rejects.toThrow(/ENOENT/);

    const trusted = await runCli(['mcp', 'trust', 'theirs', '--folder', project], { home });
    expect(trusted.stdout).toBe('trusted: theirs\n');
    const after = await runCli(['mcp', 'list', '--folder', project, '--mcp-config', userConfig], { home });
    // Trusted, it starts (and, not being an MCP server, fails with a message that points at its log).
    expect(after.stdout).toMatch(/^theirs \(project, stdio\): failed; /m);
    expect(after.stdout).toMatch(/did not start .*Its log: /);
    expect(after.code).toBe(1);
  }, 90_000);

  it('refuses a bad command and a missing name with the usage', async () => {
    const bad = await runCli(['mcp', 'frobnicate', '--folder', project], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown mcp command frobnicate');
    const none = await runCli(['mcp', 'trust', '--folder', project], { home });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('mcp trust takes one name');
    const unknown = await runCli(['mcp', 'trust', 'nobody', '--folder', project], { home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No MCP server named nobody');
  }, 60_000);
});

describe('the runner calls an MCP tool', () => {
  it('asks first: with nobody to answer the call is refused; allowed once, it runs without asking', async () => {
    await writeFile(userConfig, JSON.stringify({ mcpServers: { everything: server } }));
    const args = ['--folder', project, '--mcp-config', userConfig, '--json', '--no-verify'];
    const refused = await runCli([...args, '--model', await echoScript(), 'say hi'], { home });
    const first = resultOf(refused.events, 'everything__echo');
    expect(first?.ok).toBe(false);
    expect(first?.output).toMatch(/needs the user's approval and nobody can answer/);

    const allowed = await runCli(
      ['mcp', 'allow', 'everything__echo', '--folder', project, '--mcp-config', userConfig],
      { home },
    );
    expect(allowed.stdout).toBe('allowed: everything__echo\n');
    const ran = await runCli([...args, '--model', await echoScript(), 'say hi'], { home });
    expect(resultOf(ran.events, 'everything__echo')).toMatchObject({
      ok: true,
      output: 'Echo: hello from the model',
    });
    expect(ran.code).toBe(0);
  }, 120_000);

  it('plan mode refuses it although the server says it only reads, until the person confirms that', async () => {
    await writeFile(userConfig, JSON.stringify({ mcpServers: { everything: server } }));
    const args = ['--folder', project, '--mcp-config', userConfig, '--json', '--approval', 'plan'];
    const refused = await runCli([...args, '--model', await echoScript(), 'say hi'], { home });
    expect(resultOf(refused.events, 'everything__echo')?.output).toMatch(
      /Plan mode is read-only: everything__echo .*its server says it only reads, which the user has not confirmed/,
    );
    const typo = await runCli(
      ['mcp', 'allow', 'everything__ech', '--folder', project, '--mcp-config', userConfig],
      {
        home,
      },
    );
    expect(typo.stderr).toContain('No MCP tool named everything__ech');
    const confirmed = await runCli(
      ['mcp', 'allow', 'everything__echo', '--read-only', '--folder', project, '--mcp-config', userConfig],
      { home },
    );
    expect(confirmed.stdout).toBe('allowed: everything__echo\n');
    const ran = await runCli([...args, '--model', await echoScript(), 'say hi'], { home });
    expect(resultOf(ran.events, 'everything__echo')?.ok).toBe(true);
  }, 120_000);

  it('--no-mcp offers no MCP tool, and a wrong config is a warning, not a failed run', async () => {
    await writeFile(
      userConfig,
      '{ "mcpServers": { "broken": { "type": "sse", "url": "http://127.0.0.1:9/sse" } }',
    );
    const run = await runCli(
      ['--folder', project, '--mcp-config', userConfig, '--json', '--model', await echoScript(), 'say hi'],
      { home },
    );
    const warnings = run.events.filter((e) => e.type === 'warning').map((e) => String(e.message));
    expect(warnings.join('\n')).toMatch(/not valid JSON/);
    expect(resultOf(run.events, 'everything__echo')?.output).toMatch(/unknown tool|not a tool|Unknown tool/i);
    const off = await runCli(
      ['--folder', project, '--no-mcp', '--json', '--model', await echoScript(), 'say hi'],
      { home },
    );
    expect(resultOf(off.events, 'everything__echo')?.ok).toBe(false);
    const both = await runCli(
      ['--folder', project, '--no-mcp', '--mcp-config', userConfig, '--model', 'x', 'y'],
      {
        home,
      },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--no-mcp cannot go with --mcp-config');
  }, 90_000);
});
