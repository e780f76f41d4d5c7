// The file tree of a 100,000-file folder (real backend: lazy listing, watcher): time from "open folder"
// to the tree root rendered, to expanding the folder of 100,000 entries (first child row shown), long
// tasks and frames while scrolling it (at wheel speed, and flung to the end), and the number of row
// elements in the DOM (virtualised: stays small).
//   npx electron-vite build && npx tsx bench/ui-tree.ts      (UI_BENCH_FILES=200000)
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  describeFrames,
  describePageErrors,
  ms,
  pageNow,
  startPerf,
  startUiHarness,
  stopPerf,
  summariseLongTasks,
  waitForExpression,
} from './ui-harness.js';

const FILES = Number(process.env.UI_BENCH_FILES ?? 100_000);
const BIG = 'big';
const BATCH = 500;
const SCROLL_SECONDS = 3;

const fileName = (i: number) => `f${String(i).padStart(6, '0')}.txt`;

async function generate(root: string): Promise<void> {
  await mkdir(path.join(root, 'src'), { recursive: true });
  await writeFile(path.join(root, 'src/index.ts'), 'export const x = 1;\n');
  await writeFile(path.join(root, 'README.md'), '# big\n');
  await mkdir(path.join(root, BIG), { recursive: true });
  for (let i = 0; i < FILES; i += BATCH) {
    const writes: Promise<void>[] = [];
    for (let j = i; j < Math.min(FILES, i + BATCH); j++) {
      writes.push(writeFile(path.join(root, BIG, fileName(j)), `${j}\n`));
    }
    await Promise.all(writes);
  }
}

const row = (p: string) =>
  `document.querySelector('[data-testid="tree-row"][data-path=${JSON.stringify(p)}]')`;
const rowCount = `document.querySelectorAll('[data-testid="tree-row"]').length`;

async function step(page: Page, label: string, action: () => Promise<void>, until: string): Promise<void> {
  await startPerf(page);
  const t0 = await pageNow(page);
  await action();
  const at = await waitForExpression(page, until, 120_000);
  const perf = await stopPerf(page);
  const rows = (await page.evaluate(rowCount)) as number;
  console.log(
    `${label.padEnd(34)} ${ms(at - t0).padStart(10)}   ${summariseLongTasks(perf.longTasks)}, ${rows} rows in DOM`,
  );
}

/** Scrolls the tree from the top for SCROLL_SECONDS, at `pxPerSecond` or (null) to the end, one step a frame. */
async function scroll(page: Page, label: string, pxPerSecond: number | null): Promise<void> {
  await page.evaluate(`document.querySelector('[data-testid="file-tree"]').scrollTop = 0`);
  await startPerf(page);
  const reached = (await page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector('[data-testid="file-tree"]');
    const end = el.scrollHeight - el.clientHeight;
    const rate = ${pxPerSecond ?? 'null'} ?? end / ${SCROLL_SECONDS};
    const start = performance.now();
    const frame = (now) => {
      const t = Math.min(${SCROLL_SECONDS}, (now - start) / 1000);
      el.scrollTop = Math.min(end, rate * t);
      if (t < ${SCROLL_SECONDS}) requestAnimationFrame(frame);
      else resolve(el.scrollTop);
    };
    requestAnimationFrame(frame);
  })`)) as number;
  const perf = await stopPerf(page);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  // The last row in view shows which part of the list was drawn at the end.
  const last = (await page.evaluate(
    `[...document.querySelectorAll('[data-testid="tree-row"]')].map((e) => e.getAttribute('data-path')).filter((p) => p.startsWith('${BIG}/')).sort().at(-1)`,
  )) as string;
  const rows = (await page.evaluate(rowCount)) as number;
  console.log(
    `${label.padEnd(34)} to ${Math.round(reached).toLocaleString('en-US')} px (${BIG}/ rows drawn up to ${last}): ${summariseLongTasks(perf.longTasks)}; ${describeFrames(perf)}; ${rows} rows in DOM`,
  );
}

const harness = await startUiHarness();
try {
  const folder = path.join(harness.home, 'big-project');
  const t = performance.now();
  await generate(folder);
  console.log(
    `generated ${FILES.toLocaleString('en-US')} files in ${BIG}/ in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const app = await harness.open('/');
  await waitForExpression(app.page, `document.querySelector('[data-testid="open-folder"]')`, 30_000);
  harness.e2e.shell.folders.push(folder);
  // Clicks are the page's own (element.click()), so the time includes no Playwright actionability waits.
  const click = (selector: string) => async () => {
    await app.page.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);
  };
  const toggle = click(`[data-testid="tree-row"][data-path="${BIG}"]`);
  await step(app.page, 'open folder -> tree root', click('[data-testid="open-folder"]'), row(BIG));
  await step(app.page, `expand ${BIG}/ (${FILES} entries)`, toggle, row(`${BIG}/${fileName(0)}`));
  await scroll(app.page, 'scroll at 2,000 px/s', 2000);
  await scroll(app.page, `fling to the end in ${SCROLL_SECONDS} s`, null);
  await app.page.evaluate(`document.querySelector('[data-testid="file-tree"]').scrollTop = 0`);
  await waitForExpression(app.page, row(BIG), 10_000);
  await step(app.page, `collapse ${BIG}/`, toggle, `!${row(`${BIG}/${fileName(0)}`)}`);
  await step(app.page, `expand ${BIG}/ again (listed before)`, toggle, row(`${BIG}/${fileName(0)}`));
  if (app.pageErrors.length) console.log(describePageErrors(app.pageErrors));
} finally {
  await harness.close();
}
