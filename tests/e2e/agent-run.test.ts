// Flows of a run in the window, the model scripted (tests/fixtures/scripts/e2e-*.json) and everything
// else real: asking (tool cards, the answer, token figures, the stop reason), a command approval
// (approve one, deny another, and what each did to the folder), what a tool made for its card (an
// edit's diff, a command's exit code and duration), and cancelling a run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  ask,
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  waitForStop,
  type FlowSession,
} from './helpers/session.js';

/** [tool, status] of every tool card, in order. */
function toolCards(page: Page): Promise<string[][]> {
  return page
    .locator(testId('tool-card'))
    .evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-tool') ?? '', e.getAttribute('data-status') ?? '']),
    );
}

/**
 * Records, on every DOM change, how many tool cards and stop banners the chat shows, so a test can tell
 * that cards were on screen while the run still went on.
 */
async function watchChat(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { __chatFrames: { cards: number; stops: number }[] };
    g.__chatFrames = [];
    const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } })
      .document;
    const snap = () =>
      g.__chatFrames.push({
        cards: d.querySelectorAll('[data-testid="tool-card"]').length,
        stops: d.querySelectorAll('[data-testid="stop-banner"]').length,
      });
    const Observer = (
      globalThis as unknown as {
        MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
      }
    ).MutationObserver;
    new Observer(snap).observe(d, { subtree: true, childList: true, attributes: true });
  });
}

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] agent run flows skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('a run in the window (scripted model)', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('asks: tool cards stream in, then the answer, token figures and the stop reason', async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    s.useScript('e2e-ask.json');
    await watchChat(page);
    await ask(page, 'Why does the test fail?');
    await page.locator(testId('user-message')).filter({ hasText: 'Why does the test fail?' }).waitFor();
    await waitForStop(page, 'done');

    expect(await toolCards(page)).toEqual([
      ['list_dir', 'ok'],
      ['search', 'ok'],
      ['read_file', 'ok'],
    ]);
    const frames = (await page.evaluate('globalThis.__chatFrames')) as { cards: number; stops: number }[];
    expect(frames.some((f) => f.cards > 0 && f.stops === 0)).toBe(true);
    await expect
      .poll(() => page.locator(testId('assistant-message')).allTextContents())
      .toEqual([
        'Let me look at the project first.',
        // Markdown: the backticks became inline code.
        'add() in math.js subtracts its arguments (return a - b;), so test.js fails on add(2, 3).',
      ]);
    expect(await page.locator(testId('assistant-message')).last().locator('code').textContent()).toBe(
      'return a - b;',
    );
    expect(await page.locator(testId('token-stats')).count()).toBe(3);
    expect(await page.locator(testId('token-stats')).first().textContent()).toMatch(/prompt \d/);

    // A card opens to its arguments and output.
    await page
      .locator(testId('tool-card', { 'data-tool': 'read_file' }))
      .locator(testId('tool-toggle'))
      .click();
    const output = page.locator(testId('tool-output'));
    await output.waitFor();
    expect(await output.textContent()).toContain('return a - b;');
    await app.screenshot('chat-tool-cards');
    expectNoPageErrors(app);
    await page.close();
  });

  it('asks before a command: the approved one runs, the denied one does not', async () => {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    await openFolderInApp(s, page, project);
    s.useScript('e2e-command.json');
    await ask(page, 'Create the marker files.');

    const approval = page.locator(testId('command-approval'));
    await approval.waitFor();
    expect(await approval.locator(testId('command-line')).textContent()).toBe('touch approved.txt');
    expect(await approval.locator(testId('command-verdict')).getAttribute('data-verdict')).toBe('ask');
    const sandboxed = await approval.locator(testId('command-sandbox')).getAttribute('data-sandboxed');
    expect(sandboxed).toBe(String((await s.e2e.backend.handle('settings.get', {})).sandbox.available));
    await app.screenshot('command-approval');
    const first = await approval.getAttribute('data-request');
    await page.click(testId('approve-command'));

    // The next question replaces the first; the approved command's file is on disk and in the tree.
    await page.locator(testId('command-line')).filter({ hasText: 'touch denied.txt' }).waitFor();
    expect(await approval.getAttribute('data-request')).not.toBe(first);
    expect(existsSync(path.join(project, 'approved.txt'))).toBe(true);
    await page.locator(testId('tree-row', { 'data-path': 'approved.txt' })).waitFor();
    await page.fill(testId('command-note'), 'no second file');
    await page.click(testId('deny-command'));

    await waitForStop(page, 'done');
    expect(await page.locator(testId('command-approval')).count()).toBe(0);
    expect(existsSync(path.join(project, 'denied.txt'))).toBe(false);
    expect(await toolCards(page)).toEqual([
      ['run_command', 'ok'],
      ['run_command', 'failed'],
    ]);
    expectNoPageErrors(app);
    await page.close();
  });

  it("shows on the cards an edit's diff and a command's exit code and duration", async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    // Edits apply without a review; the command still asks.
    await page.selectOption(testId('approval-mode'), 'auto-edit');
    await expect
      .poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode)
      .toBe('auto-edit');
    s.useScript('e2e-display.json');
    await ask(page, 'Fix add().');
    await page.locator(testId('command-approval')).waitFor();
    await page.click(testId('approve-command'));
    await waitForStop(page, 'done');

    const edit = page.locator(testId('tool-card', { 'data-tool': 'edit_file' }));
    expect(await edit.getAttribute('data-status')).toBe('ok');
    expect(await edit.locator(testId('diff-counts')).textContent()).toBe('+1 −1');
    await edit.locator(testId('tool-toggle')).click();
    const diff = edit.locator(testId('tool-diff'));
    await diff.waitFor();
    const lines = (await diff.textContent())?.split('\n') ?? [];
    expect(lines[0]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    expect(lines).toContain('-  return a - b;');
    expect(lines).toContain('+  return a + b;');
    expect(await edit.locator(testId('display-capped')).count()).toBe(0);

    const command = page.locator(testId('tool-card', { 'data-tool': 'run_command' }));
    expect(await command.getAttribute('data-status')).toBe('failed');
    expect(await command.locator(testId('command-exit')).textContent()).toBe('exit 1');
    await command.locator(testId('tool-toggle')).click();
    expect(await command.locator(testId('command-end')).textContent()).toMatch(
      /^Exit code 1 · \d+(\.\d+)? (ms|s)$/,
    );
    await app.screenshot('chat-tool-display');
    expectNoPageErrors(app);
    await page.close();
  });

  it('cancels a run while the model is still writing', async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    s.useScript('e2e-cancel.json');
    await ask(page, 'Take your time.');
    await page.locator(testId('tool-card', { 'data-tool': 'list_dir', 'data-status': 'ok' })).waitFor();
    await page.locator(testId('run-indicator')).waitFor();
    await page.click(testId('cancel'));

    await waitForStop(page, 'cancelled');
    expect(await page.locator(testId('cancel')).count()).toBe(0);
    expect(await page.locator(testId('send')).textContent()).toBe('Send');
    // The delayed turn never reached the chat.
    expect(await page.locator(testId('assistant-message')).allTextContents()).toEqual(['Looking around.']);
    // The banner comes with the stop event; the service lets the run go a moment later (model released).
    await expect.poll(() => s.e2e.backend.handle('agent.cancel', {})).toEqual({ cancelled: false });
    await app.screenshot('chat-cancelled');
    expectNoPageErrors(app);
    await page.close();
  });
});
