// Flow: finding things in the folder. Ctrl+P opens quick open: a fuzzy name opens the file in a tab of
// its own (two files, two tabs; closing one shows the other). Ctrl+Shift+F opens the search drawer:
// the agent's search engine finds the lines, grouped by file, and a match opens its file at that line;
// a broken regular expression says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  waitForMonaco,
  type FlowSession,
} from './helpers/session.js';

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] navigate skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('quick open, file tabs and the search drawer', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession();
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
});
