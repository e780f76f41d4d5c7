// Flow: the window is reloaded (Electron's View > Reload) in the middle of a run that waits on a review.
// The window comes back from the backend: the folder and its tree, the chat so far, the review with the
// hunk the person had already rejected, Cancel; applying after the reload writes exactly the accepted
// hunk. A second reload mid-run is cancelled from the restored window with Esc.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] reload restore skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('reload the window mid-run', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('comes back with the folder, the chat, the review and its choices; apply writes the accepted hunk', async () => {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    const file = path.join(project, 'math.js');
    const original = await readFile(file, 'utf8');
    await openFolderInApp(s, page, project);
    await page.selectOption(testId('approval-mode'), 'ask');
    await expect.poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode).toBe('ask');

    s.useScript('e2e-review.json');
    await ask(page, 'Fix add() and tidy multiply().');
    const panel = page.locator(testId('review-panel'));
    await panel.waitFor();
    const hunks = panel.locator(testId('hunk'));
    await hunks.nth(1).locator(testId('hunk-reject')).click();
    await expect.poll(() => hunks.nth(1).getAttribute('data-state')).toBe('rejected');

    await page.reload();
    // Back without opening anything: the folder, its tree, the review with the choice made.
    await page
      .locator(testId('folder-name'))
      .filter({ hasText: path.basename(project) })
      .waitFor();
    await page.locator(testId('tree-row', { 'data-path': 'math.js' })).waitFor();
    await panel.waitFor();
    await waitForMonaco(page, testId('diff-editor'));
    expect(await hunks.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual([
      'accepted',
      'rejected',
    ]);
    // The run is still there to cancel, with the review in the center.
    await page.locator(testId('run-cancel')).waitFor();
    await app.screenshot('reload-restored-review');

    await page.click(testId('apply-changes'));
    await panel.waitFor({ state: 'detached' });
    await waitForStop(page, 'done');
    expect(
      await page.locator(testId('chat')).getByText('Fix add() and tidy multiply().').count(),
    ).toBeGreaterThan(0);
    expect(await readFile(file, 'utf8')).toBe(original.replace('return a - b;', 'return a + b;'));
    expectNoPageErrors(app);
    await page.close();
  });

  it('a run restored after a reload can be cancelled from the window (Esc, after closing a drawer)', async () => {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    await openFolderInApp(s, page, project);
    await page.selectOption(testId('approval-mode'), 'ask');
    await expect.poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode).toBe('ask');
    s.useScript('e2e-review.json');
    await ask(page, 'Fix add().');
    await page.locator(testId('review-panel')).waitFor();

    await page.reload();
    await page.locator(testId('review-panel')).waitFor();
    // Esc closes the open drawer first, and only then cancels the run.
    await page.click(testId('settings-button'));
    await page.locator(testId('settings-panel')).waitFor();
    await page.locator('body').press('Escape');
    await page.locator(testId('settings-panel')).waitFor({ state: 'detached' });
    await page.locator(testId('run-cancel')).waitFor();
    await page.locator('body').press('Escape');
    await waitForStop(page, 'cancelled');
    await page.locator(testId('review-panel')).waitFor({ state: 'detached' });
    // The folder can be opened again now that nothing runs.
    await openFolderInApp(s, page, project);
    expectNoPageErrors(app);
    await page.close();
  });
});
