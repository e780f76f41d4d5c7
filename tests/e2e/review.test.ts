// Flow: review of a proposed change in 'ask' mode. The scripted model proposes one patch that changes
// math.js in two places; the person accepts the first hunk and rejects the second in the review panel
// (Monaco's diff editor), applies, and the file on disk has exactly the first change; undoing the turn
// puts the file back byte for byte.
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
if (skipReason) console.log(`[e2e] review flow skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('review a proposed change, hunk by hunk, then undo', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('applies the accepted hunk only, and undo restores the file exactly', async () => {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    const file = path.join(project, 'math.js');
    const original = await readFile(file);
    await openFolderInApp(s, page, project);

    await page.selectOption(testId('approval-mode'), 'ask');
    await expect.poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode).toBe('ask');

    s.useScript('e2e-review.json');
    await ask(page, 'Fix add() and tidy multiply().');
    const panel = page.locator(testId('review-panel'));
    await panel.waitFor();
    expect(await panel.locator(testId('review-file')).getAttribute('data-path')).toBe('math.js');
    await waitForMonaco(page, testId('diff-editor'));
    // Both sides drawn, with the changes marked.
    await page
      .locator(`${testId('diff-editor')} .monaco-diff-editor .line-insert`)
      .first()
      .waitFor();
    await page
      .locator(`${testId('diff-editor')} .editor.modified .view-line`)
      .filter({ hasText: 'Math.imul(a, b)' })
      .waitFor();
    const hunks = panel.locator(testId('hunk'));
    expect(await hunks.count()).toBe(2);
    expect(await hunks.nth(0).textContent()).toContain('+   return a + b;');
    expect(await hunks.nth(1).textContent()).toContain('+   return Math.imul(a, b);');
    // Nothing is written while the question is open.
    expect(await readFile(file)).toEqual(original);
    await app.screenshot('review-diff');

    await hunks.nth(0).locator(testId('hunk-accept')).click();
    await hunks.nth(1).locator(testId('hunk-reject')).click();
    expect(await hunks.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual([
      'accepted',
      'rejected',
    ]);
    await page.click(testId('apply-changes'));
    await panel.waitFor({ state: 'detached' });
    await waitForStop(page, 'done');

    const expected = original.toString('utf8').replace('return a - b;', 'return a + b;');
    expect(await readFile(file, 'utf8')).toBe(expected);
    expect(
      await page.locator(testId('tool-card', { 'data-tool': 'apply_patch' })).getAttribute('data-status'),
    ).toBe('ok');

    await page.click(testId('undo-turn'));
    await page.locator(testId('undo-turn')).waitFor({ state: 'detached' });
    expect(await readFile(file)).toEqual(original);
    expectNoPageErrors(app);
    await page.close();
  });
});
