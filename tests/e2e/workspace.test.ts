// Flow: the welcome screen, opening a folder through the dialog, the lazy tree, a file in the read-only
// Monaco viewer; and the settings drawer. Real backend, built renderer, Debian's Chromium.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelPath } from '../integration/test-model.js';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  waitForMonaco,
  type FlowSession,
} from './helpers/session.js';

/** The lines Monaco drew in `scope`, top to bottom (it reuses line elements out of order). */
function editorLines(page: Page, scope: string): Promise<string[]> {
  return page.locator(`${scope} .view-line`).evaluateAll((els) =>
    els
      .map((e) => ({
        top: parseFloat((e as unknown as { style: { top: string } }).style.top),
        text: e.textContent ?? '',
      }))
      .sort((a, b) => a.top - b.top)
      // Monaco draws spaces as non-breaking spaces.
      .map((l) => l.text.replace(/\u00a0/g, ' ')),
  );
}

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] workspace flow skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('open a folder, browse the tree, view a file', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows the welcome screen, then the tree of the opened folder and a file in Monaco', async () => {
    const app = await s.open();
    const { page } = app;
    await page.getByRole('heading', { name: 'Two things to start' }).waitFor();
    expect(await page.locator(testId('folder-name')).textContent()).toBe('No folder');
    // No network here: the model step says why it cannot recommend one, and the Models drawer is a click away.
    await page.locator(testId('need-model')).locator(testId('welcome-models')).waitFor();
    await expect
      .poll(() => page.locator(testId('recommend-none')).textContent(), { timeout: 15_000 })
      .toMatch(/Could not tell whether it fits|Checking|still loading/);
    await app.screenshot('welcome');

    const project = await s.newProject();
    await openFolderInApp(s, page, project);
    const rows = page.locator(testId('tree-row'));
    expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).sort()).toEqual(
      (await readdir(project)).sort(),
    );
    expect(await s.e2e.backend.handle('workspace.recent', {})).toEqual([project]);

    await page.click(testId('tree-row', { 'data-path': 'math.js' }));
    const viewer = testId('file-viewer', { 'data-path': 'math.js' });
    await waitForMonaco(page, viewer);
    await page.locator(`${viewer} .view-line`).filter({ hasText: 'return a - b;' }).waitFor();
    const onDisk = await readFile(path.join(project, 'math.js'), 'utf8');
    // Monaco shows the empty line after the final newline, as split does.
    expect(await editorLines(page, viewer)).toEqual(onDisk.split('\n'));
    expect(
      await page.locator(testId('tree-row', { 'data-path': 'math.js' })).getAttribute('aria-selected'),
    ).toBe('true');
    await app.screenshot('tree-viewer');

    // A file changed on disk shows its new text, and a new file appears in the tree (the watcher).
    await writeFile(path.join(project, 'math.js'), onDisk.replace('a - b', 'a - b - 0'));
    await writeFile(path.join(project, 'notes.md'), '# notes\n');
    await page.locator(`${viewer} .view-line`).filter({ hasText: 'return a - b - 0;' }).waitFor();
    await page.locator(testId('tree-row', { 'data-path': 'notes.md' })).waitFor();
    await page.click(testId('close-file'));
    await page.locator(testId('chat')).waitFor();
    expectNoPageErrors(app);
    await page.close();
  });

  it('opens the settings drawer with the backend settings, and a saved approval mode reaches the backend', async () => {
    const app = await s.open();
    const { page } = app;
    await page.click(testId('settings-button'));
    await page.locator(testId('settings-panel')).waitFor();
    const settings = await s.e2e.backend.handle('settings.get', {});
    expect(await page.inputValue(testId('settings-models-dir'))).toBe(settings.modelsDir);
    expect(await page.inputValue(testId('approval-mode'))).toBe('ask');
    await page.selectOption(testId('settings-approval-mode'), 'full-auto');
    await app.screenshot('settings');
    await page.click(testId('save-settings'));
    await expect
      .poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode)
      .toBe('full-auto');
    // The top bar's mode follows the saved settings.
    await expect.poll(() => page.inputValue(testId('approval-mode'))).toBe('full-auto');
    expectNoPageErrors(app);
    await page.close();
  });

  it("picks prompt lookup and a draft model from the models folder, and shows a turn's guesses", async () => {
    const { modelsDir } = await s.e2e.backend.handle('settings.get', {});
    await mkdir(modelsDir, { recursive: true });
    await copyFile(testModelPath(), path.join(modelsDir, 'draft-small.gguf'));
    const app = await s.open();
    const { page } = app;
    await page.click(testId('settings-button'));
    await page.locator(testId('settings-panel')).waitFor();
    expect(await page.inputValue(testId('settings-lookup'))).toBe('auto');
    expect(await page.inputValue(testId('settings-draft-model'))).toBe('');
    await expect
      .poll(() => page.locator(`${testId('settings-draft-model')} option`).allTextContents())
      .toEqual(['None', 'draft-small.gguf']);
    await page.selectOption(testId('settings-lookup'), 'off');
    await page.selectOption(testId('settings-draft-model'), { label: 'draft-small.gguf' });
    await page.click(testId('save-settings'));
    await expect
      .poll(async () => (await s.e2e.backend.handle('settings.get', {})).speculation)
      .toEqual({ lookup: 'off', draftModel: path.join(modelsDir, 'draft-small.gguf') });

    // A turn's stats with guesses show the share confirmed (pushed as the agent would, in the chat of
    // an open folder).
    await page.locator(testId('settings-panel')).getByRole('button', { name: 'Close' }).click();
    await openFolderInApp(s, page, await s.newProject());
    s.e2e.emit({
      type: 'agent',
      event: {
        type: 'token_stats',
        step: 1,
        promptTokens: 900,
        evaluatedTokens: 40,
        reusedTokens: 860,
        generatedTokens: 120,
        tokensPerSecond: 31.5,
        durationMs: 4100,
        speculation: { kind: 'draft', validated: 90, refuted: 30 },
      },
    });
    await expect
      .poll(() => page.locator(testId('token-stats-speculation')).textContent())
      .toBe('draft 75% of 120 guesses');
    expectNoPageErrors(app);
    await page.close();
  });
});
