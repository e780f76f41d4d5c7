// Flow: a question about a tool from another source (kind `external`), injected as the backend emits
// it. The chat shows the tool, its source and its arguments (indented, long ones capped); Deny and Allow
// send the answer, with the person's note, through agent.decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/shared/approval.js';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  type FlowSession,
} from './helpers/session.js';

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] external approval flow skipped: ${skipReason}`);

const external = (id: string, args: string): ApprovalRequest => ({
  id,
  kind: 'external',
  tool: 'lookup_issue',
  source: 'mcp:tracker',
  args,
});

describe.skipIf(skipReason !== null)('an external tool call asks the person', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows tool, source and arguments, and sends Deny and Allow with the note', async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    const decided = () => s.bridge.calls.filter((c) => c.method === 'agent.decide').map((c) => c.input);

    s.e2e.emit({ type: 'approval', request: external('x1', '{"id":7,"labels":["bug"]}') });
    const card = page.locator(testId('external-approval', { 'data-request': 'x1' }));
    await card.waitFor();
    expect(await card.locator(testId('external-tool')).textContent()).toBe('lookup_issue');
    expect(await card.locator(testId('external-source')).textContent()).toBe('mcp:tracker');
    expect(await card.locator(testId('external-args')).textContent()).toBe(
      '{\n  "id": 7,\n  "labels": [\n    "bug"\n  ]\n}',
    );
    expect(await card.locator(testId('external-args-omitted')).count()).toBe(0);
    await card.locator(testId('external-note')).fill('not that one');
    await card.locator(testId('deny-external')).click();
    await expect
      .poll(decided)
      .toEqual([{ requestId: 'x1', decision: { approved: false, note: 'not that one' } }]);
    // No run is waiting on x1, so the backend refuses the answer (a toast says so, dismissed here); the
    // core closes a question it asked.
    const toast = page.locator(testId('error-toast'));
    await toast.first().waitFor();
    await toast.first().locator('button[aria-label="Dismiss"]').click();
    await toast.first().waitFor({ state: 'detached' });
    s.e2e.emit({ type: 'approval_closed', requestId: 'x1' });
    await card.waitFor({ state: 'detached' });

    const long = JSON.stringify({ body: 'y'.repeat(5000) });
    s.e2e.emit({ type: 'approval', request: external('x2', long) });
    const second = page.locator(testId('external-approval', { 'data-request': 'x2' }));
    await second.waitFor();
    expect((await second.locator(testId('external-args')).textContent())?.length).toBeLessThan(long.length);
    expect(await second.locator(testId('external-args-omitted')).textContent()).toMatch(
      /more characters not shown/,
    );
    await second.locator(testId('allow-external')).click();
    await expect.poll(() => decided().length).toBe(2);
    expect(decided()[1]).toEqual({ requestId: 'x2', decision: { approved: true } });
    s.e2e.emit({ type: 'approval_closed', requestId: 'x2' });
    await second.waitFor({ state: 'detached' });
    expectNoPageErrors(app);
    await page.close();
  });
});
