// Flow: the window as people use it. Saving the settings keeps the form and the top bar's approval
// mode; a file changing on disk (by hand or by the agent) never takes the center from the chat; error
// toasts collapse repeats, go by themselves and stay clear of the chat's input. Real backend, built
// renderer, Debian's Chromium.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  ask,
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  waitForMonaco,
  waitForStop,
  type FlowSession,
} from './helpers/session.js';

const SCREENSHOTS = '/tmp';

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

function intersects(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The center tab the person sees, by its label. */
function selectedTab(page: Page): Promise<string | null> {
  return page.locator('.center-tabs [role="tab"][aria-selected="true"]').textContent();
}

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] window basics skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('the window as people use it', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('saves the context size without resetting the approval mode, and keeps the form shown', async () => {
    const app = await s.open();
    const { page } = app;
    const settingsOf = () => s.e2e.backend.handle('settings.get', {});
    await page.selectOption(testId('approval-mode'), 'plan');
    await expect.poll(async () => (await settingsOf()).approvalMode).toBe('plan');

    await page.click(testId('settings-button'));
    await page.locator(testId('settings-models-dir')).waitFor();
    expect(await page.inputValue(testId('settings-approval-mode'))).toBe('plan');
    // The top bar and the form show one state: a mode picked up there shows here at once.
    await page.selectOption(testId('approval-mode'), 'ask');
    await expect.poll(async () => (await settingsOf()).approvalMode).toBe('ask');
    expect(await page.inputValue(testId('settings-approval-mode'))).toBe('ask');

    const before = await settingsOf();
    const max = before.context.max * 2;
    await page.fill(testId('settings-context-max'), String(max));
    await page.click(testId('save-settings'));
    await page.locator(testId('settings-saved')).filter({ hasText: 'Saved.' }).waitFor();
    // Still the form, not "Loading…", with the saved value in it.
    expect(await page.inputValue(testId('settings-context-max'))).toBe(String(max));
    expect(await page.locator(testId('settings-panel')).textContent()).not.toContain('Loading…');
    const after = await settingsOf();
    expect(after.context).toEqual({ min: before.context.min, max });
    expect(after.approvalMode).toBe('ask');
    expect(await page.inputValue(testId('approval-mode'))).toBe('ask');
    await page.screenshot({ path: `${SCREENSHOTS}/h1-settings-saved.png` });

    // A refusal is said in the form, next to Save; nothing is saved and the form stays.
    await page.fill(testId('settings-models-dir'), 'relative/models');
    await page.click(testId('save-settings'));
    const error = page.locator(testId('settings-error'));
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Not saved: .*absolute path.*\(invalid_models_dir\)$/);
    expect(await page.locator(testId('settings-saved')).count()).toBe(0);
    expect(await page.inputValue(testId('settings-models-dir'))).toBe('relative/models');
    expect((await settingsOf()).modelsDir).toBe(before.modelsDir);
    await page.screenshot({ path: `${SCREENSHOTS}/h1-settings-refused.png` });
    expectNoPageErrors(app);
    await page.close();
  });

  it('keeps the chat in the center when the open file changes on disk or by the agent', async () => {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    const file = path.join(project, 'math.js');
    await openFolderInApp(s, page, project);
    await page.selectOption(testId('approval-mode'), 'auto-edit');
    await expect
      .poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode)
      .toBe('auto-edit');

    await page.click(testId('tree-row', { 'data-path': 'math.js' }));
    const viewer = testId('file-viewer', { 'data-path': 'math.js' });
    await waitForMonaco(page, viewer);
    await page.getByRole('tab', { name: 'Chat' }).click();
    await page.locator(testId('chat')).waitFor();

    // By hand: the watcher reports both files; once the new one is in the tree the change was seen.
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('return a - b;', 'return a - b - 0;'));
    await writeFile(path.join(project, 'notes.md'), '# notes\n');
    await page.locator(testId('tree-row', { 'data-path': 'notes.md' })).waitFor();
    await page.waitForTimeout(500);
    expect(await selectedTab(page)).toBe('Chat');
    await page.locator(testId('chat')).waitFor();

    // By the agent: an edit in auto-edit mode.
    s.useScript('e2e-window-edit.json');
    await ask(page, 'Tidy multiply().');
    await waitForStop(page, 'done');
    await expect.poll(() => readFile(file, 'utf8')).toContain('Math.imul(a, b)');
    await page.waitForTimeout(500);
    expect(await selectedTab(page)).toBe('Chat');
    expect(await page.locator(testId('file-viewer')).count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/h1-chat-kept.png` });

    // The file tab shows both changes when the person goes to it.
    await page.getByRole('tab', { name: 'math.js' }).click();
    await waitForMonaco(page, viewer);
    await page.locator(`${viewer} .view-line`).filter({ hasText: 'return a - b - 0;' }).waitFor();
    await page.locator(`${viewer} .view-line`).filter({ hasText: 'Math.imul(a, b)' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/h1-file-tab.png` });
    expectNoPageErrors(app);
    await page.close();
  });

  it('collapses repeated error toasts into one with a count, clear of the input, gone by itself', async () => {
    const app = await s.open();
    const { page } = app;
    await page.setViewportSize({ width: 1024, height: 700 });
    await openFolderInApp(s, page, await s.newProject());

    // No model for the run (the session's scripted model has no script): each Send is refused.
    s.useScript('no-such-script.json');
    const send = page.locator(testId('send'));
    for (let i = 0; i < 3; i++) {
      await page.fill(testId('chat-input'), 'hello');
      await send.click();
      await page.locator(testId('error-toast', { 'data-count': String(i + 1) })).waitFor();
    }
    const toast = page.locator(testId('error-toast'));
    expect(await toast.count()).toBe(1);
    expect(await toast.locator(testId('toast-count')).textContent()).toBe('×3');
    expect(await toast.textContent()).toContain('Could not start the run');
    const toastBox = await box(toast);
    expect(intersects(toastBox, await box(send))).toBe(false);
    expect(intersects(toastBox, await box(page.locator('.chat-input')))).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/h1-toast-1024x700.png` });

    // With the settings drawer open the center is at its narrowest; the toast still keeps clear.
    await page.click(testId('settings-button'));
    await page.locator(testId('settings-models-dir')).waitFor();
    expect(intersects(await box(toast), await box(send))).toBe(false);
    expect(intersects(await box(toast), await box(page.locator(testId('settings-panel'))))).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/h1-toast-drawer.png` });
    await page.click(testId('settings-button'));

    // The pointer on it holds it past its time; off it, it goes by itself.
    await toast.hover();
    await page.waitForTimeout(9_000);
    expect(await toast.count()).toBe(1);
    await page.mouse.move(900, 100);
    await toast.waitFor({ state: 'detached', timeout: 12_000 });
    expectNoPageErrors(app);
    await page.close();
  });
});
