// MCP servers as a session uses them, against real server processes started by the hub inside the OS
// sandbox: server-everything (the reference server) and tests/fixtures/mcp/odd-server.mjs (what the
// reference cannot do: crash, hang, flood, odd names and schemas). One hub for the stdio servers, one
// for HTTP (server-everything over streamable HTTP on 127.0.0.1). What is checked: the tools arrive
// namespaced and within their token budget, arguments are checked against the server's schema before a
// call, failures (a crash, a timeout, a cancel, a missing command, an unreachable URL) are messages and
// the session goes on, a huge result is cut and shaped with a spill file, and the servers stop with the
// session. Resources and prompts come from server-everything.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared/agent-events.js';
import { loadMcpConfig, type McpServerConfig } from '../../src/main/mcp/config.js';
import type { McpHub } from '../../src/main/mcp/hub.js';
import { approxTokens } from '../../src/main/mcp/hub.js';
import { offerTools, toolName, type ServerTools } from '../../src/main/mcp/tools.js';
import type { CachedTool } from '../../src/main/mcp/state.js';
import { runSession } from '../../src/main/agent/session.js';
import { ScriptedModel } from '../../src/main/model/scripted-model.js';
import { builtInTools } from '../../src/main/tools/index.js';
import { executeCalls } from '../../src/main/tools/scheduler.js';
import { loadTools } from '../../src/main/tools/tool-registry.js';
import { parseToolArgs, toToolSpec } from '../../src/main/tools/tool-spec.js';
import type { AnyTool, RawSchemaTool, ReadContext, TurnContext } from '../../src/main/tools/types.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import { allowAllPermissions } from '../helpers/allow-all.js';
import {
  EVERYTHING,
  NODE,
  ODD,
  freePort,
  makeWorld,
  newTag,
  pidsWith,
  startHttpEverything,
  tmpSpill,
  waitFor,
  type World,
} from './mcp-harness.js';

const signal = () => new AbortController().signal;
const ctxOf = (s: AbortSignal) => ({ signal: s }) as ReadContext;
const raw = (tools: readonly AnyTool[], name: string) => {
  const tool = tools.find((t) => t.name === name);
  if (!tool || !('inputSchema' in tool))
    throw new Error(`no MCP tool ${name}: ${tools.map((t) => t.name).join(', ')}`);
  return tool as RawSchemaTool;
};
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
/** The odd server's tools but these (each entry of the odd server is its own process). */
const oddBut = (...keep: string[]) =>
  ['crash', 'slow', 'huge', 'sneaky', 'write_note', 'fetch_url', 'my.tool/v2'].filter(
    (t) => !keep.includes(t),
  );

describe('stdio servers in one session (server-everything and the odd server, sandboxed)', () => {
  let world: World;
  let hub: McpHub;
  let tools: readonly AnyTool[];
  let problems: readonly string[];
  const tags = { everything: newTag(), odd: newTag(), crashy: newTag() };

  beforeAll(async () => {
    world = await makeWorld('mcp-stdio');
    await world.writeUser({
      mcpServers: {
        everything: { command: NODE, args: [EVERYTHING, 'stdio', tags.everything] },
        odd: { command: NODE, args: [ODD, tags.odd], disabledTools: ['sneaky', 'fetch_url'] },
        // Crashes and times out; each server entry is a process of its own, so odd is not disturbed.
        crashy: {
          command: NODE,
          args: [ODD, tags.crashy],
          timeout: 2,
          disabledTools: oddBut('crash', 'slow'),
        },
        missing: { command: 'lc-no-such-command-here', args: ['--stdio'] },
      },
    });
    hub = world.hub();
    const offer = await hub.offer();
    tools = offer.tools;
    problems = offer.problems;
  });
  afterAll(() => world.cleanup());

  it("offers server-everything's tools as server__tool, with the server's read-only hints", async () => {
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['everything__echo', 'everything__get-sum', 'odd__write_note']),
    );
    expect(names.filter((n) => n.startsWith('crashy__'))).toEqual(['crashy__crash', 'crashy__slow']);
    expect(names).not.toContain('odd__sneaky');
    const echo = raw(tools, 'everything__echo');
    expect(echo).toMatchObject({
      kind: 'external',
      source: 'mcp:everything',
      readOnlyHint: true,
      mutates: true,
    });
    expect(raw(tools, 'odd__write_note').readOnlyHint).toBeUndefined();
    const overview = await hub.overview();
    const everything = overview.servers.find((s) => s.name === 'everything');
    expect(everything).toMatchObject({ state: 'running', scope: 'user', transport: 'stdio', network: false });
    expect(everything?.tools.find((t) => t.name === 'everything__echo')).toMatchObject({
      serverTool: 'echo',
      readOnlyHint: true,
      enabled: true,
      allowed: false,
      readOnlyConfirmed: false,
    });
    // Switched off in the config: listed for the panel, not offered.
    const odd = overview.servers.find((s) => s.name === 'odd');
    expect(odd?.tools.find((t) => t.name === 'odd__sneaky')).toMatchObject({ enabled: false });
    // The odd server's banner on stdout was skipped (and logged), not taken for a message.
    expect(await world.logOf(hub, 'odd')).toContain('[not a JSON-RPC line on stdout]');
    // All of them within the default budget: no tool was left out.
    expect(problems.filter((p) => p.includes('left out'))).toEqual([]);
  });

  it('offers the cached tool list in the next session without starting any server', async () => {
    const before = Object.values(tags).map((t) => pidsWith(t).length);
    const next = world.hub();
    const offer = await next.offer();
    expect(offer.tools.map((t) => t.name)).toEqual(tools.map((t) => t.name));
    expect(Object.values(tags).map((t) => pidsWith(t).length)).toEqual(before);
    const states = (await next.overview()).servers.map((s) => [s.name, s.state]);
    expect(states).toContainEqual(['everything', 'idle']);
    await next.close();
  });

  it('makes odd tool names safe and unique (at most 64 characters)', async () => {
    const tree = raw(tools, 'odd__my_tool_v2');
    const view = (await hub.overview()).servers
      .find((s) => s.name === 'odd')
      ?.tools.find((t) => t.name === 'odd__my_tool_v2');
    expect(view?.serverTool).toBe('my.tool/v2');
    const result = await tree.execute(
      {
        tree: { label: 'root', children: [{ label: 'a' }, { label: 'b', children: [{ label: 'c' }] }] },
        value: { n: 7 },
      },
      ctxOf(signal()),
    );
    expect(result).toEqual({ ok: true, output: 'nodes 4 value object' });
    // Names that read alike after cleaning stay apart; a long one is cut to 64 characters.
    const taken = new Set<string>();
    const names = ['my.tool/v2', 'my tool v2', 'my_tool_v2', '...', 'x'.repeat(80), 'x'.repeat(81)].map(
      (n) => {
        const name = toolName('odd', n, taken);
        taken.add(name);
        return name;
      },
    );
    expect(names.slice(0, 4)).toEqual([
      'odd__my_tool_v2',
      'odd__my_tool_v2_2',
      'odd__my_tool_v2_3',
      'odd__tool',
    ]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('trims descriptions to fit a small token budget, then leaves tools out, each with a problem line', async () => {
    const config = await loadMcpConfig({ env: world.env, root: world.root });
    const servers: ServerTools[] = [];
    for (const name of ['everything', 'odd']) {
      const server = config.servers.find((s) => s.name === name) as McpServerConfig;
      const listed = (await world.store.cachedTools(server.hash)) as CachedTool[];
      expect(listed.length).toBeGreaterThan(5);
      servers.push({ server, listed, caller: { call: () => Promise.reject(new Error('not called')) } });
    }
    const spent = (offered: ReturnType<typeof offerTools>['offered']) =>
      offered.reduce((n, o) => n + o.view.tokens, 0);
    const full = offerTools(servers, {}, approxTokens, Number.POSITIVE_INFINITY);
    const enabled = full.offered.length;
    const longest = Math.max(...full.offered.map((o) => o.tool.description.length));
    expect(longest).toBeGreaterThan(160);
    // Just under what the untrimmed tools need: everything still offered, descriptions shorter.
    const trimmed = offerTools(servers, {}, approxTokens, spent(full.offered) - 1);
    expect(trimmed.offered).toHaveLength(enabled);
    expect(trimmed.problems).toEqual([]);
    expect(Math.max(...trimmed.offered.map((o) => o.tool.description.length))).toBeLessThanOrEqual(160);
    expect(spent(trimmed.offered)).toBeLessThan(spent(full.offered));
    // Far too small: the tightest trim, then tools left out in order, each named with what to do.
    const budget = 300;
    const tight = offerTools(servers, {}, approxTokens, budget);
    expect(tight.offered.length).toBeGreaterThan(0);
    expect(tight.offered.length).toBeLessThan(enabled);
    expect(spent(tight.offered)).toBeLessThanOrEqual(budget);
    for (const o of tight.offered) expect(o.tool.description.length).toBeLessThanOrEqual(90);
    expect(tight.problems).toHaveLength(enabled - tight.offered.length);
    expect(tight.problems[0]).toMatch(
      /^\S+ left out: the MCP tools are over their budget of 300 tokens of the prompt; switch off tools you do not need in the MCP panel\.$/,
    );
    // The panel still sees every tool, the left-out ones as not offered.
    const views = [...tight.views.values()].flat();
    expect(views.filter((v) => v.enabled)).toHaveLength(tight.offered.length);
    // What the model is shown is what was counted.
    for (const o of tight.offered)
      expect(approxTokens(JSON.stringify(toToolSpec(o.tool)))).toBe(o.view.tokens);
  });

  it('calls echo through the tool, and checks arguments against the server schema before any call', async () => {
    const echo = raw(tools, 'everything__echo');
    expect(await echo.execute({ message: 'hello over stdio' }, ctxOf(signal()))).toEqual({
      ok: true,
      output: 'Echo: hello over stdio',
    });
    const { registry } = await loadTools([hub.toolSource()]);
    const ctx = { signal: signal(), permissions: allowAllPermissions() } as unknown as TurnContext;
    const outcomes = await executeCalls(
      [
        { id: 'a', name: 'everything__echo', args: { message: 42 } },
        { id: 'b', name: 'odd__write_note', args: { file: 'never-written.txt', text: 5 } },
        { id: 'c', name: 'everything__get-sum', args: '{"a": 2, "b": 3}' },
        { id: 'd', name: 'odd__write_note', args: { file: 'via-scheduler.txt', text: 'ok' } },
      ],
      registry,
      ctx,
    );
    expect(outcomes.map((o) => [o.ok, o.invalid])).toEqual([
      [false, 'invalid_args'],
      [false, 'invalid_args'],
      [true, undefined],
      [true, undefined],
    ]);
    expect(outcomes[0]?.output).toBe(
      'Invalid arguments for everything__echo: message: must be string. Expected parameters: message.',
    );
    expect(outcomes[1]?.output).toMatch(/^Invalid arguments for odd__write_note: text: must be string\./);
    expect(outcomes[2]?.output).toMatch(/\b5\b/);
    // The bad call never reached the server; the good one wrote through the sandbox's write profile.
    await expect(fs.stat(path.join(world.root, 'never-written.txt'))).rejects.toThrow();
    expect(await fs.readFile(path.join(world.root, 'via-scheduler.txt'), 'utf8')).toBe('ok');
    // A nested schema ($ref, anyOf) is checked too, down to the nested field.
    const tree = raw(tools, 'odd__my_tool_v2');
    expect(parseToolArgs(tree, { tree: { label: 'a', children: [{ label: 5 }] }, value: 'v' })).toEqual({
      ok: false,
      message: expect.stringContaining('tree.children.0.label: must be string'),
    });
    expect(parseToolArgs(tree, { tree: { label: 'a' }, value: 7 })).toEqual({
      ok: false,
      message: expect.stringContaining('value: must match a schema in anyOf'),
    });
  });

  it('shows the model a schema it can fill for a $ref argument (a nested object, not a scalar)', () => {
    const tree = raw(tools, 'odd__my_tool_v2');
    const params = toToolSpec(tree).parameters as { properties: Record<string, Record<string, unknown>> };
    // The server requires an object here; a grammar that only allows scalars can never make a valid call.
    expect(params.properties.tree).toMatchObject({
      type: 'object',
      // (its description may be trimmed away by the budget)
      properties: { label: { type: 'string' } },
    });
    expect(JSON.stringify(params)).not.toContain('$ref');
  });

  it('takes a nested optional field the grammar filled with null as "not given"', () => {
    // The grammar writes every listed property, optional ones as null: nested ones too.
    const tree = raw(tools, 'odd__my_tool_v2');
    expect(parseToolArgs(tree, { tree: { label: 'a', children: null }, value: 'v' })).toEqual({
      ok: true,
      args: { tree: { label: 'a' }, value: 'v' },
    });
  });

  it('cancels a slow call with its signal at once, and the server still answers the next one', async () => {
    const slow = raw(tools, 'odd__slow');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const result = await slow.execute({ seconds: 60 }, ctxOf(controller.signal));
    const took = Date.now() - started;
    expect(result).toEqual({ ok: false, output: 'odd__slow failed: cancelled' });
    expect(took).toBeLessThan(15_000);
    expect(await slow.execute({ seconds: 0 }, ctxOf(signal()))).toEqual({ ok: true, output: 'waited 0 s' });
  });

  it("gives up on a call past the server's timeout with a message", async () => {
    const slow = raw(tools, 'crashy__slow');
    const result = await slow.execute({ seconds: 20 }, ctxOf(signal()));
    expect(result).toEqual({ ok: false, output: 'crashy__slow failed: crashy did not answer within 2 s.' });
  });

  it('cuts a huge result in memory and the context shapes it with a spill file (a real session)', async () => {
    const opened = await openWorkspace(world.root, world.env);
    if (!opened.ok) throw new Error(opened.message);
    const spillDir = tmpSpill();
    const events: AgentEvent[] = [];
    await hub.setMode('full-auto');
    const result = await runSession({
      workspace: opened.workspace,
      model: new ScriptedModel({
        turns: [{ calls: [{ name: 'odd__huge', args: {} }] }, { text: 'Got it.' }],
      }),
      task: 'Fetch the huge thing.',
      toolSources: [builtInTools, hub.toolSource()],
      externalRules: hub,
      approvalMode: 'full-auto',
      verify: false,
      checkpoints: false,
      features: { repoMap: false },
      spillDir,
      onEvent: (e) => events.push(e),
    });
    expect(result.reason).toBe('done');
    const shaped = events.find((e) => e.type === 'tool_result' && e.name === 'odd__huge');
    if (shaped?.type !== 'tool_result') throw new Error('no tool result');
    expect(shaped.ok).toBe(true);
    expect(shaped.truncated).toBe(true);
    expect(shaped.output.startsWith('HEAD-OF-HUGE\n')).toBe(true);
    expect(shaped.output.length).toBeLessThan(20_000);
    const pointer = /full output: read_file @spill\/(\S+?) \.\.\.\]/.exec(shaped.output);
    expect(pointer, shaped.output.slice(0, 400)).not.toBeNull();
    const full = await fs.readFile(path.join(spillDir, pointer?.[1] ?? ''), 'utf8');
    // Cut at 1 MiB in memory (said at its end), the rest of the 5 MB never kept.
    expect(full.startsWith('HEAD-OF-HUGE\n')).toBe(true);
    expect(full).not.toContain('TAIL-OF-HUGE');
    expect(lastLine(full)).toMatch(/^\[result cut at 1048576 of \d{7} characters\]$/);
    expect(full.length).toBeLessThan(1_100_000);
    await fs.rm(spillDir, { recursive: true, force: true });
  });

  it('says a missing command was not found, and the other servers load', () => {
    const missing = problems.filter((p) => p.startsWith('missing'));
    expect(missing).toEqual([
      'missing: the command "lc-no-such-command-here" was not found; install it or fix "command" in its config.',
    ]);
    expect(tools.some((t) => t.name.startsWith('everything__'))).toBe(true);
  });

  it('a crash mid-call is a clear error, the next call restarts it, repeated crashes give up until Restart', async () => {
    const crash = raw(tools, 'crashy__crash');
    const slow = raw(tools, 'crashy__slow');
    const first = pidsWith(tags.crashy);
    expect(first.length).toBeGreaterThan(0);
    expect(await crash.execute({}, ctxOf(signal()))).toEqual({
      ok: false,
      output: 'crashy__crash failed: crashy stopped during the call; it is started again on the next call.',
    });
    const after = (await hub.overview()).servers.find((s) => s.name === 'crashy');
    expect(after?.state).toBe('idle');
    expect(after?.error).toMatch(
      /^crashy stopped unexpectedly \(exited with code 3\); it is started again on the next call\. Its log: /,
    );
    expect(await world.logOf(hub, 'crashy')).toContain('crashing on purpose');
    // Started again, after a short backoff.
    expect(await slow.execute({ seconds: 0 }, ctxOf(signal()))).toEqual({ ok: true, output: 'waited 0 s' });
    const second = pidsWith(tags.crashy);
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((p) => first.includes(p))).toBe(false);
    // Three more crashes (four in all within five minutes): given up.
    for (let i = 0; i < 3; i++) {
      expect((await crash.execute({}, ctxOf(signal()))).output).toMatch(/stopped during the call/);
    }
    const given = await slow.execute({ seconds: 0 }, ctxOf(signal()));
    expect(given).toEqual({
      ok: false,
      output:
        'crashy__slow failed: crashy crashed 4 times in 5 minutes and is not restarted; fix it (see its log) and press Restart in the MCP panel.',
    });
    expect(await waitFor(() => pidsWith(tags.crashy).length === 0)).toBe(true);
    expect((await hub.overview()).servers.find((s) => s.name === 'crashy')?.state).toBe('failed');
    // The person's Restart: started at once, the count reset.
    expect(await hub.restart('crashy')).toBeUndefined();
    expect((await hub.overview()).servers.find((s) => s.name === 'crashy')).toMatchObject({
      state: 'running',
    });
    expect((await hub.overview()).servers.find((s) => s.name === 'crashy')?.error).toBeUndefined();
    expect(await slow.execute({ seconds: 0 }, ctxOf(signal()))).toEqual({ ok: true, output: 'waited 0 s' });
    expect(await hub.restart('nope')).toBe('No MCP server named nope.');
  });

  it('stops every server with the session: no process left, each log ends with how it ended', async () => {
    for (const tag of Object.values(tags)) expect(pidsWith(tag).length, tag).toBeGreaterThan(0);
    await hub.close();
    for (const tag of Object.values(tags))
      expect(await waitFor(() => pidsWith(tag).length === 0), tag).toBe(true);
    for (const name of ['everything', 'odd', 'crashy']) {
      expect(lastLine(await world.logOf(hub, name)), name).toMatch(/\] ended by SIGTERM$/);
    }
  });
});

describe('streamable HTTP servers, resources and prompts (server-everything on 127.0.0.1)', () => {
  let world: World;
  let hub: McpHub;
  let http: Awaited<ReturnType<typeof startHttpEverything>>;
  let closedPort: number;

  beforeAll(async () => {
    world = await makeWorld('mcp-http');
    http = await startHttpEverything();
    closedPort = await freePort();
    await world.writeUser({
      mcpServers: {
        remote: { type: 'http', url: http.url },
        gone: { type: 'http', url: `http://127.0.0.1:${closedPort}/mcp` },
      },
    });
    hub = world.hub();
  });
  afterAll(async () => {
    await world.cleanup();
    await http.stop();
  });

  it("lists and calls a server's tools over HTTP; an unreachable one is a problem line and the session goes on", async () => {
    const { registry, problems } = await loadTools([builtInTools, hub.toolSource()]);
    expect(registry.names()).toEqual(
      expect.arrayContaining(['read_file', 'remote__echo', 'remote__get-sum']),
    );
    expect(registry.names().some((n) => n.startsWith('gone__'))).toBe(false);
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^gone: could not connect to http://127\\.0\\.0\\.1:${closedPort}/mcp \\(.+\\); check that the server runs and the URL is its streamable HTTP endpoint\\.$`,
        ),
      ),
    ]);
    const echo = registry.get('remote__echo') as RawSchemaTool;
    expect(echo.scansFolder).toBe(false);
    expect(await echo.execute({ message: 'over http' }, ctxOf(signal()))).toEqual({
      ok: true,
      output: 'Echo: over http',
    });
    const servers = (await hub.overview()).servers;
    expect(servers.find((s) => s.name === 'remote')).toMatchObject({
      state: 'running',
      transport: 'http',
      network: true,
    });
    expect(servers.find((s) => s.name === 'gone')).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('could not connect'),
    });
    expect(servers.find((s) => s.name === 'remote')?.logPath).toBeUndefined();
  });

  it('lists and reads resources; a long one is cut to its token budget', async () => {
    const { resources, problems } = await hub.resources();
    expect(problems).toEqual([expect.stringContaining('gone: could not connect')]);
    const uris = resources.filter((r) => r.server === 'remote').map((r) => r.uri);
    expect(uris).toContain('demo://resource/static/document/architecture.md');
    const read = await hub.readResource('remote', 'demo://resource/static/document/architecture.md');
    if (typeof read === 'string') throw new Error(read);
    expect(read.truncated).toBe(false);
    expect(
      read.text.startsWith('[resource demo://resource/static/document/architecture.md from remote]\n'),
    ).toBe(true);
    const long = await hub.readResource('remote', 'demo://resource/static/document/structure.md');
    if (typeof long === 'string') throw new Error(long);
    expect(long.truncated).toBe(true);
    expect(long.text).toMatch(/\n\[cut: \d+ tokens, 2000 attached\]$/);
    expect(long.tokens).toBeLessThanOrEqual(2000);
  });

  it('gives a message, not a throw, for a missing server or resource', async () => {
    expect(await hub.readResource('nope', 'demo://x')).toBe(
      'nope is not a usable MCP server here (not configured, off, or not trusted).',
    );
    const unknown = await hub.readResource('remote', 'demo://resource/static/document/no-such.md');
    expect(typeof unknown).toBe('string');
    expect(unknown).toMatch(/^remote: /);
    expect(await hub.getPrompt('nope', 'simple-prompt', {})).toBe(
      'nope is not a usable MCP server here (not configured, off, or not trusted).',
    );
  });

  it('lists prompts as slash commands and fills one in with its arguments', async () => {
    const { prompts } = await hub.prompts();
    const args = prompts.find((p) => p.name === 'args-prompt');
    expect(args).toMatchObject({
      server: 'remote',
      command: '/remote:args-prompt',
      arguments: [
        { name: 'city', required: true, description: 'Name of the city' },
        // server-everything's optional argument loses its description in the SDK (not ours to fix).
        { name: 'state', required: false },
      ],
    });
    const got = await hub.getPrompt('remote', 'args-prompt', { city: 'Oslo', state: 'Viken' });
    expect(got).toEqual({
      text: "What's weather in Oslo, Viken?",
      truncated: false,
      tokens: expect.any(Number),
    });
    const embedded = await hub.getPrompt('remote', 'resource-prompt', {
      resourceType: 'Text',
      resourceId: '2',
    });
    if (typeof embedded === 'string') throw new Error(embedded);
    expect(embedded.text).toContain('Resource 2: This is a plaintext resource');
    const bad = await hub.getPrompt('remote', 'args-prompt', {});
    expect(typeof bad).toBe('string');
    expect(bad).toMatch(/^remote: /);
  });

  it('closes the HTTP session with the hub; the server itself runs on', async () => {
    await hub.close();
    expect(http.child.exitCode).toBeNull();
    // A fresh hub still works against it.
    const again = world.hub();
    const { tools } = await again.offer();
    expect(tools.map((t) => t.name)).toContain('remote__echo');
  });
});
