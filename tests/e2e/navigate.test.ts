// Flow: finding things in the folder. Ctrl+P opens quick open: a fuzzy name opens the file in a tab of
// its own (two files, two tabs; closing one shows the other). Ctrl+Shift+F opens the search drawer:
// the agent's search engine finds the lines, grouped by file, and a match opens its file at that line;
// a broken regular expression says so. A command's full output, cut for the model, opens from its card.
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
if (skipReason) console.log(`[e2e] navigate skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('quick open, file tabs and the search drawer', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('opens files by fuzzy name in tabs, and finds text that opens at its line', async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());

    const quick = page.locator(testId('quick-open'));
    await page.keyboard.press('Control+p');
    await page.locator(testId('quick-open-input')).fill('tst');
    await quick.locator(testId('quick-open-option', { 'data-path': 'test.js' })).waitFor();
    await app.screenshot('quick-open');
    await page.keyboard.press('Enter');
    await page.locator(testId('file-viewer', { 'data-path': 'test.js' })).waitFor();
    await page.keyboard.press('Control+p');
    await page.locator(testId('quick-open-input')).fill('mth');
    await quick.locator(testId('quick-open-option', { 'data-path': 'math.js' })).waitFor();
    await page.keyboard.press('Enter');
    await page.locator(testId('file-viewer', { 'data-path': 'math.js' })).waitFor();
    const tabs = page.locator(testId('file-tab'));
    expect(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')))).toEqual([
      'test.js',
      'math.js',
    ]);
    // Enter at once after typing: the answer for what was typed, not the list still shown.
    await page.keyboard.press('Control+p');
    await page.locator(testId('quick-open-input')).waitFor();
    await page.keyboard.type('pkgjs');
    await page.keyboard.press('Enter');
    await page.locator(testId('file-viewer', { 'data-path': 'package.json' })).waitFor();
    await page
      .locator(testId('file-tab', { 'data-path': 'package.json' }))
      .locator(testId('close-file'))
      .click();
    // Esc leaves quick open without opening anything.
    await page.keyboard.press('Control+p');
    await page.locator(testId('quick-open-input')).waitFor();
    await page.keyboard.press('Escape');
    await page.locator(testId('quick-open-input')).waitFor({ state: 'detached' });
    await page
      .locator(testId('file-tab', { 'data-path': 'math.js' }))
      .locator(testId('close-file'))
      .click();
    await page.locator(testId('file-viewer', { 'data-path': 'test.js' })).waitFor();

    await page.keyboard.press('Control+Shift+F');
    const panel = page.locator(testId('search-panel'));
    await panel.locator(testId('search-input')).fill('return a');
    await page.keyboard.press('Enter');
    await panel
      .locator(testId('search-summary'))
      .filter({ hasText: /2 matches in 1 file/ })
      .waitFor();
    await app.screenshot('search-panel');
    await panel.locator(testId('search-match', { 'data-path': 'math.js', 'data-line': '7' })).click();
    const viewer = page.locator(testId('file-viewer', { 'data-path': 'math.js', 'data-line': '7' }));
    await waitForMonaco(page, testId('file-viewer', { 'data-path': 'math.js' }));
    await viewer.locator('.monaco-editor .selected-text').first().waitFor();
    expect(await tabs.count()).toBe(2);

    await panel.locator(testId('search-regex')).check();
    await panel.locator(testId('search-input')).fill('return (a');
    await page.keyboard.press('Enter');
    await panel.locator(testId('search-error')).waitFor();
    expectNoPageErrors(app);
    await page.close();
  });

  it("opens a command's full output that the model saw cut (@spill), from the tool card", async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    await page.selectOption(testId('approval-mode'), 'full-auto');
    await expect
      .poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode)
      .toBe('full-auto');
    s.useScript('e2e-spill.json');
    await ask(page, 'List a lot.');
    await waitForStop(page, 'done');
    const card = page.locator(testId('tool-card', { 'data-tool': 'run_command' }));
    await card.locator(testId('tool-toggle')).click();
    await card.locator(testId('spill-open')).click();
    const dialog = page.locator(testId('spill-dialog'));
    const text = (await dialog.locator(testId('spill-text')).textContent()) ?? '';
    // The whole output, the middle the model did not see included.
    expect(text).toContain('row 0 of the long output');
    expect(text).toContain('row 10000 of the long output');
    expect(text).toContain('row 19999 of the long output');
    // What the model saw: shaped, without the middle.
    const seen = (await card.locator(testId('tool-output')).locator('> pre').last().textContent()) ?? '';
    expect(seen).toContain('@spill/');
    expect(seen).not.toContain('row 10000 of');
    await app.screenshot('spill-dialog');
    await dialog.locator(testId('spill-close')).click();
    expectNoPageErrors(app);
    await page.close();
  });
});
