// Flow: @-mentions in the message box. Typing "@" and part of a name lists matching files and folders
// (fuzzy, from the backend's index); arrows and Enter pick one, which becomes "@path" in the draft with
// a note of the tokens it attaches; the sent task carries the file's text (re-read at send) or the
// folder's list. Esc closes the list without picking; an email-like "a@b" opens nothing.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  waitForStop,
  type FlowSession,
} from './helpers/session.js';

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] mentions skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('@-mentions of files and folders', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('picks a file by a fuzzy name, notes its tokens, and sends its text with the task', async () => {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    await openFolderInApp(s, page, project);
    const box = page.locator(testId('chat-input'));

    await box.pressSequentially('me@home is not a mention ');
    expect(await page.locator(testId('mention-menu')).count()).toBe(0);
    await box.fill('');

    await box.pressSequentially('Explain @mth');
    const menu = page.locator(testId('mention-menu'));
    await menu.locator(testId('mention-option', { 'data-path': 'math.js' })).waitFor();
    await app.screenshot('mention-menu');
    await box.press('Enter');
    await menu.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Explain @math.js ');
    await page
      .locator(testId('input-note'))
      .filter({ hasText: /@math\.js: \d+ tokens .*attached/ })
      .waitFor();

    // Esc closes the list; the @word stays typed, and nothing is picked.
    await box.pressSequentially('and @tes');
    await menu.locator(testId('mention-option', { 'data-path': 'test.js' })).waitFor();
    await box.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Explain @math.js and @tes');

    // Changed after the pick: the text sent is the file as it is at send.
    await writeFile(path.join(project, 'math.js'), 'export const changed = true;\n');
    s.useScript('e2e-ask.json');
    await box.press('Enter');
    await waitForStop(page, 'done');
    const sessions = await s.e2e.backend.handle('sessions.list', {});
    const task = sessions[0]?.task ?? '';
    expect(
      task.startsWith('Explain @math.js and @tes\n\n[file math.js]\n```\nexport const changed = true;\n'),
    ).toBe(true);
    expect(task).not.toContain('[file test.js]');
    expectNoPageErrors(app);
    await page.close();
  });
});
