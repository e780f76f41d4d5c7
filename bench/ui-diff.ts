// Opening the review of a 10,000-line file change: from the approval request reaching the page to
// Monaco's diff editor showing the computed diff (change decorations drawn), with long tasks meanwhile.
// The request is pushed through the bridge's event stream as the core would send it.
//   npx electron-vite build && npx tsx bench/ui-diff.ts      (UI_BENCH_LINES=50000, UI_BENCH_RUNS=5)
import type { FileChange } from '../src/shared/approval.js';
import {
  describePageErrors,
  median,
  ms,
  startPerf,
  startUiHarness,
  stopPerf,
  summariseLongTasks,
  waitForExpression,
} from './ui-harness.js';

const LINES = Number(process.env.UI_BENCH_LINES ?? 10_000);
const RUNS = Number(process.env.UI_BENCH_RUNS ?? 3);

/** A TypeScript-looking file; the proposal changes every 100th line and inserts a line every 250. */
function change(lines: number): FileChange {
  const before: string[] = [];
  const after: string[] = [];
  for (let i = 0; i < lines; i++) {
    const line = `export function f${i}(x: number): number { return x * ${i} + ${i % 7}; }`;
    before.push(line);
    after.push(i % 100 === 50 ? line.replace('x *', 'x /') : line);
    if (i % 250 === 125) after.push(`// inserted after line ${i}`);
  }
  return { path: 'src/big.ts', before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n` };
}

const DIFF_READY = `(() => {
  const panel = document.querySelector('[data-testid="review-panel"]');
  const diff = panel && panel.querySelector('.monaco-diff-editor');
  return !!diff && diff.querySelectorAll('.view-line').length > 0 && !!diff.querySelector('.line-insert, .char-insert, .line-delete, .char-delete');
})()`;

const harness = await startUiHarness();
try {
  const fileChange = change(LINES);
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const app = await harness.open('/');
    await waitForExpression(app.page, `document.querySelector('#root > *')`, 30_000);
    const id = `bench-diff-${run}`;
    // Marks when the request reaches the page (the renderer's own listener was added before this one).
    await app.page.evaluate(`window.api.onEvent((e) => {
      if (e.type === 'approval' && e.request.id === ${JSON.stringify(id)}) window.__approvalAt = performance.now();
    }); window.api['app.info']({})`);
    await startPerf(app.page);
    harness.e2e.emit({
      type: 'approval',
      request: { id, kind: 'edit', tool: 'edit_file', changes: [fileChange] },
    });
    await waitForExpression(app.page, `document.querySelector('[data-testid="review-panel"]')`, 30_000).catch(
      () => null,
    );
    const opened = (await app.page.evaluate(
      `(() => { const f = document.querySelector('[data-testid="review-file"]'); if (f && !document.querySelector('.monaco-diff-editor')) { f.click(); return true; } return false; })()`,
    )) as boolean;
    let readyAt: number | null = null;
    try {
      readyAt = await waitForExpression(app.page, DIFF_READY, 60_000);
    } catch {
      console.log('note: no diff editor in [data-testid="review-panel"] (review UI not there yet?)');
    }
    const perf = await stopPerf(app.page);
    const receivedAt = (await app.page.evaluate('window.__approvalAt ?? null')) as number | null;
    const took = readyAt !== null && receivedAt !== null ? readyAt - receivedAt : null;
    const label = run === 0 ? 'warm-up' : `run ${run}`;
    console.log(
      `${label.padEnd(8)} diff ready ${ms(took).padStart(10)}${opened ? ' (after clicking review-file)' : ''}   ${summariseLongTasks(perf.longTasks)}`,
    );
    if (run > 0 && took !== null) times.push(took);
    if (app.pageErrors.length) console.log(describePageErrors(app.pageErrors));
    await app.page.close();
    if (readyAt === null) break;
  }
  console.log(
    `backend: ${harness.e2e.kind}; ${LINES} lines; median diff ready ${ms(median(times))} over ${times.length} runs`,
  );
} finally {
  await harness.close();
}
