// Flow: MCP in the window. An external tool's question offers "always allow in this folder" (sent only
// with Allow) and shows the server's read-only claim; the MCP drawer shows an overview pushed by an
// 'mcp' event (config problems, a failed server's error, a project's server waiting for trust) and sends
// the person's choices; "/" in the message box lists the servers' prompts and runs one into the draft;
// Attach adds a resource to it. The MCP methods whose answers depend on running servers are answered by
// stubs in front of the real backend (every call still passes the bridge's validation and is recorded).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, repoRoot } from './helpers/browser.js';
import {
  callsOf,
  dismissToasts,
  external,
  focusedTestId,
  overview,
  prompts,
  resources,
  backendStubs,
  type Stubs,
} from './helpers/mcp-stubs.js';
import {
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  type FlowSession,
} from './helpers/session.js';

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] MCP flow skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('MCP in the window', () => {
  let s: FlowSession;
  let stub: (stubs: Stubs) => void;
  let unstub: () => void;
  beforeAll(async () => {
    s = await startFlowSession();
    ({ stub, unstub } = backendStubs(s));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('offers "always allow in this folder" with Allow only, and shows the read-only claim', async () => {
    stub({});
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    await dismissToasts(page);
    const decided = () => callsOf(s, 'agent.decide');

    s.e2e.emit({ type: 'approval', request: external('r1', { canRemember: true, readOnlyHint: true }) });
    const first = page.locator(testId('external-approval', { 'data-request': 'r1' }));
    await first.waitFor();
    expect(await first.locator(testId('external-readonly-hint')).textContent()).toBe('server says read-only');
    await first.locator(testId('external-remember')).check();
    await first.locator(testId('deny-external')).click();
    await expect.poll(decided).toEqual([{ requestId: 'r1', decision: { approved: false } }]);
    // No run waits on r1, so the backend refuses the answer (a toast); the core closes its question.
    await page.locator(testId('error-toast')).first().waitFor();
    await dismissToasts(page);
    s.e2e.emit({ type: 'approval_closed', requestId: 'r1' });
    await first.waitFor({ state: 'detached' });

    s.e2e.emit({ type: 'approval', request: external('r2', { canRemember: true }) });
    const second = page.locator(testId('external-approval', { 'data-request': 'r2' }));
    await second.waitFor();
    expect(await second.locator(testId('external-readonly-hint')).count()).toBe(0);
    await second.locator(testId('external-remember')).check();
    await second.locator(testId('allow-external')).click();
    await expect.poll(() => decided().length).toBe(2);
    expect(decided()[1]).toEqual({ requestId: 'r2', decision: { approved: true, remember: true } });
    await dismissToasts(page);
    s.e2e.emit({ type: 'approval_closed', requestId: 'r2' });
    await second.waitFor({ state: 'detached' });

    // Queued questions: the next one starts unticked, and one that cannot be remembered has no box.
    s.e2e.emit({ type: 'approval', request: external('r3', { canRemember: true }) });
    s.e2e.emit({ type: 'approval', request: external('r4', { canRemember: true }) });
    s.e2e.emit({ type: 'approval', request: external('r5', {}) });
    const third = page.locator(testId('external-approval', { 'data-request': 'r3' }));
    await third.locator(testId('external-remember')).check();
    s.e2e.emit({ type: 'approval_closed', requestId: 'r3' });
    const fourth = page.locator(testId('external-approval', { 'data-request': 'r4' }));
    await fourth.waitFor();
    expect(await fourth.locator(testId('external-remember')).isChecked()).toBe(false);
    s.e2e.emit({ type: 'approval_closed', requestId: 'r4' });
    const fifth = page.locator(testId('external-approval', { 'data-request': 'r5' }));
    await fifth.waitFor();
    expect(await fifth.locator(testId('external-remember')).count()).toBe(0);
    s.e2e.emit({ type: 'approval_closed', requestId: 'r5' });
    await fifth.waitFor({ state: 'detached' });
    expect(decided()).toHaveLength(2);
    expectNoPageErrors(app);
    await page.close();
  });

  it('shows the pushed overview and sends trust, tool choices and restart', async () => {
    stub({
      'mcp.trust': () => overview('idle'),
      // Answers late, as a busy main process does: the box shows the choice while it is asked.
      'mcp.setTool': async (input) => {
        await new Promise((done) => setTimeout(done, 300));
        return input.readOnlyConfirmed === undefined
          ? overview('idle', input.allowed === true)
          : { ok: false, code: 'mcp_failed', message: 'tracker is not configured in this folder any more.' };
      },
      'mcp.restart': () => ({
        ok: false,
        code: 'mcp_failed',
        message: 'tracker still exits at start; see its log.',
      }),
      'mcp.log': () => ({
        path: '/home/me/.local-coder/mcp-logs/tracker.log',
        text: 'starting\nError: no port\n',
      }),
    });
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    await page.click(testId('mcp-button'));
    const panel = page.locator(testId('mcp-panel'));
    await panel.locator(testId('mcp-empty')).waitFor();

    s.e2e.emit({ type: 'mcp', overview: overview('untrusted') });
    const tracker = panel.locator(testId('mcp-server', { 'data-server': 'tracker' }));
    const docs = panel.locator(testId('mcp-server', { 'data-server': 'docs' }));
    await docs.waitFor();
    expect(await panel.locator(testId('mcp-problem')).textContent()).toMatch(
      /has no "command"; add the command/,
    );
    expect(await panel.locator(testId('mcp-config-paths')).textContent()).toBe(
      "Your servers: /home/me/.local-coder/mcp.json; this folder's: .local-coder.json",
    );
    expect(await tracker.getAttribute('data-state')).toBe('failed');
    expect(await tracker.locator(testId('mcp-server-error')).textContent()).toMatch(/press Restart/);
    expect(await tracker.locator(testId('mcp-target')).textContent()).toBe('node tracker-server.js --port 0');
    expect(await tracker.locator(testId('mcp-prompt-tokens')).textContent()).toBe('about 48 tokens');
    expect(await tracker.locator(testId('mcp-untrust')).count()).toBe(0);
    const tool = tracker.locator(testId('mcp-tool', { 'data-tool': 'tracker__lookup_issue' }));
    expect(await tool.locator(testId('mcp-tool-tokens')).textContent()).toBe('about 48 tokens');
    expect(await tool.locator(testId('mcp-tool-readonly-hint')).count()).toBe(1);
    expect(await tool.locator(testId('mcp-tool-enabled')).isChecked()).toBe(true);
    expect(await tool.locator(testId('mcp-tool-readonly')).isChecked()).toBe(false);
    expect(await page.locator(testId('mcp-attention')).textContent()).toBe('2');
    await app.screenshot('mcp-panel');

    expect(await docs.locator(testId('mcp-untrusted')).textContent()).toMatch(
      /start only after you trust them/,
    );
    expect(await docs.locator(testId('mcp-trust-target')).textContent()).toBe('npx -y docs-server --root .');
    await docs.locator(testId('mcp-trust')).click();
    await expect.poll(() => callsOf(s, 'mcp.trust')).toEqual([{ server: 'docs', trusted: true }]);
    await expect.poll(() => docs.getAttribute('data-state')).toBe('idle');
    await docs.locator(testId('mcp-untrust')).waitFor();
    expect(await docs.locator(testId('mcp-trust')).count()).toBe(0);

    await tool.locator(testId('mcp-tool-allowed')).check();
    await expect
      .poll(() => callsOf(s, 'mcp.setTool'))
      .toEqual([{ tool: 'tracker__lookup_issue', allowed: true }]);
    await expect.poll(() => tool.locator(testId('mcp-tool-allowed')).isChecked()).toBe(true);

    // A refused choice shows as sent while it is asked, then the core's value comes back.
    await tool.locator(testId('mcp-tool-readonly')).click();
    await page.locator(testId('error-toast')).filter({ hasText: 'not configured in this folder' }).waitFor();
    await expect.poll(() => tool.locator(testId('mcp-tool-readonly')).isChecked()).toBe(false);
    await expect.poll(() => tool.locator(testId('mcp-tool-readonly')).isEnabled()).toBe(true);

    await tracker.locator(testId('mcp-log-button')).click();
    await expect
      .poll(() => tracker.locator(testId('mcp-log')).textContent())
      .toBe('starting\nError: no port\n');
    expect(callsOf(s, 'mcp.log')).toEqual([{ server: 'tracker' }]);

    await tracker.locator(testId('mcp-restart')).click();
    const toast = page
      .locator(testId('error-toast', { 'data-code': 'mcp_failed' }))
      .filter({ hasText: 'Could not restart' });
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(/Could not restart tracker.*still exits at start/);
    expect(callsOf(s, 'mcp.restart')).toEqual([{ server: 'tracker' }]);
    expectNoPageErrors(app);
    await page.close();
  });

  it('lists prompts for "/", filters them, and runs one into the draft without sending it', async () => {
    stub({
      'mcp.prompts': () => ({ prompts, problems: [] }),
      'mcp.getPrompt': (input) =>
        input.name === 'explain'
          ? { text: `Explain ${input.args.topic ?? '?'} from the docs.`, truncated: true, tokens: 9 }
          : { text: 'Summarize the open issues.', truncated: false, tokens: 5 },
    });
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    await dismissToasts(page);
    const input = page.locator(testId('chat-input'));
    const options = page.locator(testId('slash-option'));
    await input.focus();
    await page.keyboard.type('/');
    await page.locator(testId('slash-menu')).waitFor();
    await expect.poll(() => options.count()).toBe(2);
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    await page.keyboard.press('Escape');
    await page.locator(testId('slash-menu')).waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe('/');

    await page.keyboard.type('do');
    await expect.poll(() => options.count()).toBe(1);
    expect(await options.first().getAttribute('data-command')).toBe('/docs:explain');
    await page.keyboard.press('Enter');
    const form = page.locator(testId('slash-args'));
    await form.waitFor();
    await app.screenshot('mcp-prompt-args');
    expect(await focusedTestId(page)).toBe('slash-arg');
    expect(
      await form.locator(testId('slash-arg', { 'data-name': 'topic' })).getAttribute('required'),
    ).not.toBeNull();
    expect(
      await form.locator(testId('slash-arg', { 'data-name': 'depth' })).getAttribute('required'),
    ).toBeNull();
    await page.keyboard.type('caching');
    await page.keyboard.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('Explain caching from the docs.');
    expect(callsOf(s, 'mcp.getPrompt')).toEqual([
      { server: 'docs', name: 'explain', args: { topic: 'caching' } },
    ]);
    expect(await page.locator(testId('input-note')).textContent()).toBe(
      'Prompt /docs:explain: about 9 tokens (cut to fit)',
    );
    expect(await focusedTestId(page)).toBe('chat-input');
    expect(callsOf(s, 'agent.send')).toEqual([]);

    await input.fill('');
    await page.keyboard.type('/tr');
    await expect.poll(() => options.count()).toBe(1);
    await page.keyboard.press('Tab');
    await expect.poll(() => input.inputValue()).toBe('Summarize the open issues.');
    expect(callsOf(s, 'mcp.getPrompt')[1]).toEqual({ server: 'tracker', name: 'summarize', args: {} });
    expect(callsOf(s, 'agent.send')).toEqual([]);
    expectNoPageErrors(app);
    await page.close();
  });

  it('attaches a resource to the draft with its token count', async () => {
    stub({
      'mcp.resources': () => ({ resources, problems: [] }),
      'mcp.readResource': (input) => ({ text: `# ${input.uri}\nHello.`, truncated: false, tokens: 6 }),
    });
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    await dismissToasts(page);
    const input = page.locator(testId('chat-input'));
    await input.fill('Use this:');
    await page.click(testId('attach-resource'));
    const options = page.locator(testId('resource-option'));
    await expect.poll(() => options.count()).toBe(2);
    expect(await focusedTestId(page)).toBe('resource-filter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => input.inputValue())
      .toBe(
        'Use this:\n\n--- resource docs://guide/setup.md (from docs, about 6 tokens) ---\n' +
          '# docs://guide/setup.md\nHello.\n--- end of docs://guide/setup.md ---\n',
      );
    expect(callsOf(s, 'mcp.readResource')).toEqual([{ server: 'docs', uri: 'docs://guide/setup.md' }]);
    expect(await page.locator(testId('input-note')).textContent()).toBe('Attached Setup: about 6 tokens');
    await page.locator(testId('resource-menu')).waitFor({ state: 'detached' });
    expectNoPageErrors(app);
    await page.close();
  });

  it("runs a real project's server once trusted: its prompt goes into the draft", async () => {
    unstub();
    const project = await s.newProject();
    const server = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
    const config = { mcpServers: { everything: { command: process.execPath, args: [server, 'stdio'] } } };
    await writeFile(path.join(project, '.local-coder.json'), JSON.stringify(config, null, 2));
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, project);
    await page.click(testId('mcp-button'));
    const row = page.locator(testId('mcp-server', { 'data-server': 'everything' }));
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('untrusted');
    expect(await row.locator(testId('mcp-trust-target')).textContent()).toContain(server);
    await row.locator(testId('mcp-trust')).click();
    await expect.poll(() => row.getAttribute('data-state')).not.toBe('untrusted');
    expect(callsOf(s, 'mcp.trust').at(-1)).toEqual({ server: 'everything', trusted: true });
    await row.locator(testId('mcp-untrust')).waitFor();

    const input = page.locator(testId('chat-input'));
    await input.focus();
    await page.keyboard.type('/everything:args');
    const option = page.locator(testId('slash-option', { 'data-command': '/everything:args-prompt' }));
    await option.waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    const form = page.locator(testId('slash-args'));
    await form.waitFor();
    expect(
      await form.locator(testId('slash-arg', { 'data-name': 'city' })).getAttribute('required'),
    ).not.toBeNull();
    await page.keyboard.type('Paris');
    await page.keyboard.press('Enter');
    await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toContain("What's weather in Paris?");
    expect(await page.locator(testId('input-note')).textContent()).toMatch(
      /^Prompt \/everything:args-prompt: /,
    );

    await page.click(testId('attach-resource'));
    const resource = page.locator(testId('resource-option')).first();
    await resource.waitFor({ timeout: 30_000 });
    const uri = await resource.getAttribute('data-uri');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => input.inputValue(), { timeout: 30_000 })
      .toContain(`--- end of ${uri ?? '?'} ---`);
    expect(await page.locator(testId('input-note')).nth(1).textContent()).toMatch(
      /^Attached .+: (about )?\d[\d,]* tokens/,
    );
    await row.locator(testId('mcp-tools-toggle')).click();
    await row.locator(testId('mcp-tool')).first().waitFor();
    await app.screenshot('mcp-panel-real-server');
    await dismissToasts(page);
    expectNoPageErrors(app);
    await page.close();
  });
});
