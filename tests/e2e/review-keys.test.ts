// Flow: the review's keyboard and its in-diff actions, in 'ask' mode with scripted patches of math.js.
// Tab from the file's Accept never types into the proposal (the proposed side is read-only until "Edit
// proposal"); a rejected hunk leaves the proposed side; Alt+J/K/A/R go through the hunks and decide
// them; an edit made after "Edit proposal" is what gets applied (and keeps a rejection elsewhere); the
// hunk list grows with the window.
// Each check ends with the file on disk, byte for byte.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, type AppPage } from './helpers/browser.js';
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
if (skipReason) console.log(`[e2e] review keys flow skipped: ${skipReason}`);

const modifiedLines = `${testId('diff-editor')} .editor.modified .view-line`;
/** Lines Monaco marks as inserted on the proposed side (once its diff caught up). */
const insertedLines = `${testId('diff-editor')} .editor.modified .line-insert`;
const zone = (index: number) => `${testId('diff-hunk-actions')}[data-index="${index}"]`;

interface Opened {
  app: AppPage;
  page: Page;
  file: string;
  original: string;
}

/** Where the focus is: the test id of the focused element or its group, and whether it is Monaco's text. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testId: el?.getAttribute('data-testid') ?? null,
      zoneIndex: el?.closest('[data-testid="diff-hunk-actions"]')?.getAttribute('data-index') ?? null,
      inEditorText: !!el?.closest('.monaco-editor') && !el.closest('.hunk-zone'),
      tag: el?.tagName ?? null,
    };
  });
}

async function states(page: Page, id: 'hunk' | 'diff-hunk-actions') {
  return page.locator(testId(id)).evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
}

describe.skipIf(skipReason !== null)('review: keys, in-diff actions and the read-only proposal', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ backend: { runDefaults: { verify: false } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A fresh project, 'ask' mode, and the review of `script`'s patch open with its diff drawn. */
  async function openReview(script: string, hunks: number): Promise<Opened> {
    const app = await s.open();
    const { page } = app;
    const project = await s.newProject();
    const file = path.join(project, 'math.js');
    const original = await readFile(file, 'utf8');
    await openFolderInApp(s, page, project);
    await page.selectOption(testId('approval-mode'), 'ask');
    await expect.poll(async () => (await s.e2e.backend.handle('settings.get', {})).approvalMode).toBe('ask');
    s.useScript(script);
    await ask(page, 'Change math.js.');
    await page.locator(testId('review-panel')).waitFor();
    await waitForMonaco(page, testId('diff-editor'));
    await page.locator(zone(hunks - 1)).waitFor();
    expect(await page.locator(testId('hunk')).count()).toBe(hunks);
    return { app, page, file, original };
  }

  async function applyAndRead({ page, file }: Opened): Promise<string> {
    await page.click(testId('apply-changes'));
    await page.locator(testId('review-panel')).waitFor({ state: 'detached' });
    await waitForStop(page, 'done');
    return readFile(file, 'utf8');
  }

  it('Tab from the file Accept moves on through the controls and never types into the proposal', async () => {
    const opened = await openReview('e2e-review.json', 2);
    const { page, original } = opened;
    await page.screenshot({ path: '/tmp/h3-review.png' });
    await page.focus(testId('file-accept'));
    const order: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const at = await focused(page);
      order.push(at.zoneIndex !== null ? `zone${at.zoneIndex}:${at.testId}` : (at.testId ?? at.tag ?? '?'));
      expect(at.inEditorText, `Tab ${i + 1} landed in the editor (${order.join(' > ')})`).toBe(false);
    }
    console.log(`[e2e] Tab order: ${order.join(' > ')}`);
    // Past the file's buttons to the bar, into the hunks' actions in the diff, on to the list.
    expect(order.slice(0, 4)).toEqual(['file-reject', 'hunk-prev', 'hunk-next', 'edit-proposal']);
    expect(order).toContain('zone0:diff-hunk-accept');
    expect(order).toContain('hunk-accept');
    expect(await page.locator(testId('revert-edits')).count()).toBe(0);
    expect(await page.locator(`${testId('review-file')} .badge`).allTextContents()).not.toContain('edited');
    // Typing into the read-only side does nothing either.
    await page.locator(modifiedLines).filter({ hasText: 'return a + b;' }).click();
    await page.keyboard.type('zz');
    await page.keyboard.press('Tab');
    expect(await page.locator(modifiedLines).filter({ hasText: 'zz' }).count()).toBe(0);

    const expected = original
      .replace('return a - b;', 'return a + b;')
      .replace('return a * b;', 'return Math.imul(a, b);');
    expect(await applyAndRead(opened)).toBe(expected);
    expectNoPageErrors(opened.app);
    await page.close();
  });

  it('a rejected hunk leaves the proposed side, and only the accepted change is applied', async () => {
    const opened = await openReview('e2e-review.json', 2);
    const { page, original } = opened;
    const imul = page.locator(modifiedLines).filter({ hasText: 'Math.imul(a, b)' });
    await imul.waitFor();
    await page.locator(zone(1)).locator(testId('diff-hunk-reject')).click();
    await imul.waitFor({ state: 'detached' });
    await page.locator(modifiedLines).filter({ hasText: 'return a * b;' }).waitFor();
    expect(await states(page, 'hunk')).toEqual(['accepted', 'rejected']);
    expect(await states(page, 'diff-hunk-actions')).toEqual(['accepted', 'rejected']);
    // The diff itself has only the accepted change left.
    await expect.poll(() => page.locator(insertedLines).count()).toBe(1);
    await page.screenshot({ path: '/tmp/h3-rejected.png' });
    // Back and forth: accepting shows it again, the list's Reject takes it out again.
    await page.locator(zone(1)).locator(testId('diff-hunk-accept')).click();
    await imul.waitFor();
    await page.locator(testId('hunk')).nth(1).locator(testId('hunk-reject')).click();
    await imul.waitFor({ state: 'detached' });
    expect(await states(page, 'diff-hunk-actions')).toEqual(['accepted', 'rejected']);

    expect(await applyAndRead(opened)).toBe(original.replace('return a - b;', 'return a + b;'));
    expectNoPageErrors(opened.app);
    await page.close();
  });

  it('goes through the hunks with Alt+J / Alt+K and decides them with Alt+A / Alt+R', async () => {
    const opened = await openReview('e2e-review-keys.json', 3);
    const { page, original } = opened;
    const current = () =>
      page
        .locator(`${testId('diff-hunk-actions')}[data-current="true"]`)
        .getAttribute('data-index')
        .then(Number);
    const expectFocusOn = async (index: number) =>
      expect.poll(async () => (await focused(page)).zoneIndex).toBe(String(index));

    await page.focus(testId('file-accept'));
    expect(await current()).toBe(0);
    await page.keyboard.press('Alt+KeyJ');
    expect(await current()).toBe(1);
    await expectFocusOn(1);
    await page.keyboard.press('Alt+KeyK');
    expect(await current()).toBe(0);
    await expectFocusOn(0);
    await page.keyboard.press('Alt+KeyR');
    await expectFocusOn(1);
    await page.keyboard.press('Alt+KeyJ');
    await page.keyboard.press('Alt+KeyR');
    // The last hunk keeps the focus after its decision.
    await expectFocusOn(2);
    await page.keyboard.press('Alt+KeyK');
    await expectFocusOn(1);
    await page.keyboard.press('Alt+KeyA');
    await expectFocusOn(2);
    expect(await page.locator(testId('hunk-position')).textContent()).toBe('3 / 3');
    // Wrapping, and the bar's buttons do the same.
    await page.keyboard.press('Alt+KeyJ');
    await expectFocusOn(0);
    await page.click(testId('hunk-prev'));
    await expectFocusOn(2);
    // From inside the (read-only) editor too.
    await page.locator(modifiedLines).filter({ hasText: 'export function add' }).click();
    expect((await focused(page)).inEditorText).toBe(true);
    await page.keyboard.press('Alt+KeyJ');
    await expectFocusOn(0);
    await page.keyboard.press('Alt+KeyK');
    await expectFocusOn(2);
    expect(await states(page, 'diff-hunk-actions')).toEqual(['rejected', 'accepted', 'rejected']);
    expect(await states(page, 'hunk')).toEqual(['rejected', 'accepted', 'rejected']);
    expect(await page.locator(modifiedLines).filter({ hasText: 'Math.imul' }).count()).toBe(0);
    expect(await page.locator(modifiedLines).filter({ hasText: 'its bug fixed' }).count()).toBe(0);
    await expect.poll(() => page.locator(insertedLines).count()).toBe(1);
    await page.screenshot({ path: '/tmp/h3-keys.png' });

    const expected = original.replace('return a - b;', 'return a + b;');
    expect(await applyAndRead(opened)).toBe(expected);
    expectNoPageErrors(opened.app);
    await page.close();
  });

  it('edits the proposal after "Edit proposal", and Esc finishes editing', async () => {
    const opened = await openReview('e2e-review.json', 2);
    const { page, original } = opened;
    const diff = page.locator(testId('diff-editor'));
    expect(await diff.getAttribute('data-editing')).toBe('false');
    // A rejection made before editing survives an edit elsewhere.
    await page.locator(zone(1)).locator(testId('diff-hunk-reject')).click();
    await page.locator(modifiedLines).filter({ hasText: 'return a * b;' }).waitFor();
    await page.click(testId('edit-proposal'));
    expect(await diff.getAttribute('data-editing')).toBe('true');
    expect((await focused(page)).inEditorText).toBe(true);
    await page.locator(modifiedLines).filter({ hasText: 'return a + b;' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' // checked');
    await page.locator(modifiedLines).filter({ hasText: 'return a + b; // checked' }).waitFor();
    await page.screenshot({ path: '/tmp/h3-editing.png' });
    await page.keyboard.press('Escape');
    expect(await diff.getAttribute('data-editing')).toBe('false');
    expect((await focused(page)).testId).toBe('edit-proposal');
    await page.locator(testId('revert-edits')).waitFor();
    expect(await states(page, 'diff-hunk-actions')).toEqual(['accepted', 'rejected']);
    expect(await page.locator(testId('hunk')).nth(1).textContent()).toContain('+   return Math.imul(a, b);');
    // Read-only again: Tab from the button moves on.
    await page.keyboard.press('Tab');
    expect((await focused(page)).inEditorText).toBe(false);

    const expected = original.replace('return a - b;', 'return a + b; // checked');
    expect(await applyAndRead(opened)).toBe(expected);
    expectNoPageErrors(opened.app);
    await page.close();
  });

  it('grows the hunk list with the window', async () => {
    const opened = await openReview('e2e-review.json', 2);
    const { page } = opened;
    const height = async (id: string) => (await page.locator(testId(id)).boundingBox())?.height ?? 0;
    await page.setViewportSize({ width: 1280, height: 640 });
    await expect.poll(() => height('diff-editor')).toBeLessThan(400);
    const small = { list: await height('hunks'), diff: await height('diff-editor') };
    await page.setViewportSize({ width: 1280, height: 1100 });
    await expect.poll(() => height('hunks')).toBeGreaterThan(small.list + 100);
    expect(await height('diff-editor')).toBeGreaterThan(small.diff + 200);
    await page.screenshot({ path: '/tmp/h3-tall.png' });
    // Narrow: Monaco's inline view, the actions still above their hunks and working.
    await page.setViewportSize({ width: 900, height: 700 });
    await page.locator(`${testId('diff-editor')} .monaco-diff-editor:not(.side-by-side)`).waitFor();
    await page.locator(zone(1)).locator(testId('diff-hunk-reject')).click();
    await page.locator(modifiedLines).filter({ hasText: 'Math.imul' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(insertedLines).count()).toBe(1);
    await page.screenshot({ path: '/tmp/h3-inline.png' });
    await page.click(testId('reject-changes'));
    await page.locator(testId('review-panel')).waitFor({ state: 'detached' });
    expectNoPageErrors(opened.app);
    await page.close();
  });
});
