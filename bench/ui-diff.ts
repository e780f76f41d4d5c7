// Opening the review of a 10,000-line file change: a scripted run in 'ask' mode (real backend, real
// tools) reads a 10,000-line file and proposes a write that changes every 100th line (the first one
// included) and inserts a line every 250; measured from the approval request reaching the page to Monaco's diff editor showing the
// computed diff (change decorations drawn), with long tasks meanwhile; against a 100-line file's review
// in the same run. Each run then rejects the change.
//   npx electron-vite build && npx tsx bench/ui-diff.ts      (UI_BENCH_LINES=50000, UI_BENCH_RUNS=5)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scriptedModelFactory, type ModelFactory } from '../src/main/services/desktop-backend.js';
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

/** A TypeScript-looking file and the proposal. */
function change(lines: number): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  for (let i = 0; i < lines; i++) {
    const line = `export function f${i}(x: number): number { return x * ${i} + ${i % 7}; }`;
    before.push(line);
    // Line 1 changes too, so the change marks are in view as soon as the diff is computed.
    after.push(i % 100 === 0 ? line.replace('x *', 'x /') : line);
    if (i % 250 === 125) after.push(`// inserted after line ${i}`);
  }
  return { before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n` };
}

const DIFF_READY = `(() => {
  const panel = document.querySelector('[data-testid="review-panel"]');
  const diff = panel && panel.querySelector('.monaco-diff-editor');
  return !!diff && diff.querySelectorAll('.view-line').length > 0 && !!diff.querySelector('.line-insert, .char-insert, .line-delete, .char-delete');
})()`;

const BASELINE_LINES = 100;
const tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-ui-diff-'));

/** A folder with big.ts of `lines` lines and the script that reads it and proposes the change. */
async function prepare(name: string, lines: number): Promise<{ folder: string; script: string }> {
  const folder = path.join(tmp, name);
  const script = path.join(tmp, `${name}.json`);
  const { before, after } = change(lines);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'big.ts'), before);
  await writeFile(
    script,
    JSON.stringify({
      turns: [
        { calls: [{ name: 'read_file', args: { path: 'big.ts' } }] },
        { calls: [{ name: 'write_file', args: { path: 'big.ts', content: after } }] },
        { text: 'Left as it was.' },
      ],
    }),
  );
  return { folder, script };
}

const cases = { large: await prepare('large', LINES), small: await prepare('small', BASELINE_LINES) };
let current: keyof typeof cases = 'large';
const modelFactory: ModelFactory = (request) => scriptedModelFactory(cases[current].script)(request);

const harness = await startUiHarness({
  backend: { backend: { modelFactory, runDefaults: { verify: false } } },
});

/** One review: send, time from the approval reaching the page to the diff drawn, then reject. */
async function measure(label: string): Promise<number | null> {
  const app = await harness.open('/');
  const { page } = app;
  await waitForExpression(page, `document.querySelector('[data-testid="open-folder"]')`, 30_000);
  harness.e2e.shell.folders.push(cases[current].folder);
  await page.click('[data-testid="open-folder"]');
  await page.locator('[data-testid="chat-input"]').waitFor();
  // Marks when the request reaches the page (the renderer's own listener was added before this one).
  await page.evaluate(`window.api.onEvent((e) => {
    if (e.type === 'approval' && e.request.kind === 'edit') window.__approvalAt = performance.now();
  }); window.api['app.info']({})`);
  await page.fill('[data-testid="chat-input"]', 'Change big.ts.');
  await startPerf(page);
  await page.click('[data-testid="send"]');
  let readyAt: number | null = null;
  try {
    readyAt = await waitForExpression(page, DIFF_READY, 60_000);
  } catch {
    console.log('note: no diff editor in [data-testid="review-panel"]');
  }
  const perf = await stopPerf(page);
  const receivedAt = (await page.evaluate('window.__approvalAt ?? null')) as number | null;
  const took = readyAt !== null && receivedAt !== null ? readyAt - receivedAt : null;
  const hunks = await page.locator('[data-testid="hunk"]').count();
  console.log(
    `${label.padEnd(16)} diff ready ${ms(took).padStart(10)}   ${String(hunks).padStart(3)} hunks   ${summariseLongTasks(perf.longTasks)} (send to diff ready)`,
  );
  await page.click('[data-testid="reject-changes"]').catch(() => undefined);
  await page.locator('[data-testid="stop-banner"]').waitFor({ timeout: 30_000 });
  if (app.pageErrors.length) console.log(describePageErrors(app.pageErrors));
  await page.close();
  return took;
}

try {
  await harness.e2e.backend.handle('settings.update', { approvalMode: 'ask' });
  const times: Record<keyof typeof cases, number[]> = { large: [], small: [] };
  // Alternating, so drift hits both alike; the first pair warms up.
  for (let run = 0; run <= RUNS; run++) {
    for (const which of ['small', 'large'] as const) {
      current = which;
      const lines = which === 'large' ? LINES : BASELINE_LINES;
      const took = await measure(`${run === 0 ? 'warm-up' : `run ${run}`} ${lines}`);
      if (run > 0 && took !== null) times[which].push(took);
    }
  }
  const large = median(times.large);
  const small = median(times.small);
  console.log(
    `real backend, scripted run; median diff ready: ${LINES} lines ${ms(large)}, ${BASELINE_LINES} lines ${ms(small)} (${(large / small).toFixed(2)}x) over ${times.large.length} runs`,
  );
} finally {
  await harness.close();
  await rm(tmp, { recursive: true, force: true });
}
