// The window's MCP servers through the desktop backend (every call validated as over IPC), with the
// scripted model running the real loop: a run gets the open folder's MCP tools and the person's rules,
// an "always allow" answer is kept for the folder, plan mode runs the server read-only, the settings'
// network switch reaches the servers, and the servers stop with the backend.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopEvent } from '../../src/shared/ipc.js';
import type { McpOverview } from '../../src/shared/mcp.js';
import { scriptedModelFactory } from '../../src/main/services/desktop-backend.js';
import { agentEvents, makeHarness, runEnded, type Harness } from './services/backend-harness.js';
import { NODE, ODD, killTagged, makeWorld, newTag, pidsWith, waitFor, type World } from './mcp-harness.js';

type Approval = Extract<DesktopEvent, { type: 'approval' }>;
const isApproval = (e: DesktopEvent): e is Approval => e.type === 'approval';
const overviewOf = (value: McpOverview | { ok: false; message: string }): McpOverview => {
  if ('ok' in value) throw new Error(value.message);
  return value;
};

describe('MCP through the desktop backend', () => {
  let world: World;
  let h: Harness;
  const tag = newTag();

  beforeAll(async () => {
    world = await makeWorld('mcp-service');
    await world.writeUser({ mcpServers: { odd: { command: NODE, args: [ODD, tag] } } });
    const script = path.join(world.home, 'script.json');
    await fs.writeFile(
      script,
      JSON.stringify({
        turns: [
          { calls: [{ name: 'odd__write_note', args: { file: 'from-run.txt', text: 'run' } }] },
          { text: 'Done.' },
        ],
      }),
    );
    h = makeHarness(world.env, {
      modelFactory: scriptedModelFactory(script),
      runDefaults: { verify: false },
    });
    await h.call('workspace.open', { path: world.root });
  });
  afterAll(async () => {
    await h.backend.dispose();
    killTagged([tag]);
    await world.cleanup();
  });

  it("shows the folder's servers, none started, and refuses what it cannot do with a code", async () => {
    const overview = await h.call('mcp.overview', {});
    expect(overview.servers.map((s) => [s.name, s.state])).toEqual([['odd', 'idle']]);
    expect(overview.userConfigPath).toBe(path.join(world.home, 'mcp.json'));
    expect(pidsWith(tag)).toEqual([]);
    expect(await h.call('mcp.trust', { server: 'odd', trusted: true })).toMatchObject({
      ok: false,
      code: 'mcp_refused',
      message: 'odd is one of your own servers: it needs no trust.',
    });
    expect(await h.call('mcp.log', { server: 'odd' })).toMatchObject({ ok: false, code: 'no_log' });
  });

  it('a run asks before the MCP tool, and "always allow" is kept for the folder', async () => {
    await h.call('settings.update', { approvalMode: 'ask' });
    const from = h.events.length;
    await h.call('agent.send', { text: 'write the note' });
    const asked = await h.waitFor(isApproval, 60_000, from);
    expect(asked.request).toMatchObject({
      kind: 'external',
      tool: 'odd__write_note',
      source: 'mcp:odd',
      canRemember: true,
    });
    await h.call('agent.decide', {
      requestId: asked.request.id,
      decision: { approved: true, remember: true },
    });
    await runEnded(h, from);
    const result = agentEvents(h.events.slice(from)).find((e) => e.type === 'tool_result');
    expect(result).toMatchObject({ ok: true, output: expect.stringContaining('wrote from-run.txt') });
    expect(await fs.readFile(path.join(world.root, 'from-run.txt'), 'utf8')).toBe('run');
    const tool = overviewOf(await h.call('mcp.overview', {})).servers[0]?.tools.find(
      (t) => t.name === 'odd__write_note',
    );
    expect(tool?.allowed).toBe(true);
    // The next run does not ask.
    await fs.rm(path.join(world.root, 'from-run.txt'));
    const next = h.events.length;
    await h.call('agent.send', { text: 'again' });
    await runEnded(h, next);
    expect(h.events.slice(next).some(isApproval)).toBe(false);
    expect(await fs.readFile(path.join(world.root, 'from-run.txt'), 'utf8')).toBe('run');
  });

  it('plan mode: the allowed tool is refused unless confirmed read-only, and then runs in the read-only sandbox', async () => {
    await fs.rm(path.join(world.root, 'from-run.txt'));
    await h.call('settings.update', { approvalMode: 'plan' });
    let from = h.events.length;
    await h.call('agent.send', { text: 'plan it' });
    await runEnded(h, from);
    const refused = agentEvents(h.events.slice(from)).find((e) => e.type === 'tool_result');
    expect(refused).toMatchObject({
      ok: false,
      output: expect.stringMatching(/^Plan mode is read-only: odd__write_note/),
    });
    overviewOf(await h.call('mcp.setTool', { tool: 'odd__write_note', readOnlyConfirmed: true }));
    from = h.events.length;
    await h.call('agent.send', { text: 'plan it again' });
    await runEnded(h, from);
    const held = agentEvents(h.events.slice(from)).find((e) => e.type === 'tool_result');
    expect(held).toMatchObject({ ok: false, output: expect.stringContaining('EROFS') });
    await expect(fs.stat(path.join(world.root, 'from-run.txt'))).rejects.toThrow();
  });

  it("the settings' network switch reaches the folder's servers (a new hub: the old servers stop)", async () => {
    expect(overviewOf(await h.call('mcp.overview', {})).servers[0]?.network).toBe(false);
    expect(pidsWith(tag).length).toBeGreaterThan(0);
    await h.call('settings.update', { allowNetwork: true });
    expect(overviewOf(await h.call('mcp.overview', {})).servers[0]?.network).toBe(true);
    expect(await waitFor(() => pidsWith(tag).length === 0)).toBe(true);
    await h.call('settings.update', { allowNetwork: false });
  });

  it('stops the servers with the backend', async () => {
    overviewOf(await h.call('mcp.restart', { server: 'odd' }));
    expect(pidsWith(tag).length).toBeGreaterThan(0);
    await h.backend.dispose();
    expect(await waitFor(() => pidsWith(tag).length === 0)).toBe(true);
  });
});
