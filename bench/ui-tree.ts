// The file tree of a 100,000-file folder: time from "open folder" to the tree root rendered, then to
// expand folders of 10k, 30k and 60k entries (first child row shown); long tasks on the main thread
// during each step and the number of row elements in the DOM (virtualised: stays small).
//   npx electron-vite build && npx tsx bench/ui-tree.ts
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  describePageErrors,
  ms,
  pageNow,
  startPerf,
  startUiHarness,
  stopPerf,
  summariseLongTasks,
  waitForExpression,
} from './ui-harness.js';

const FOLDERS = [
  { name: 'd10k', files: 10_000 },
  { name: 'd30k', files: 30_000 },
  { name: 'd60k', files: 60_000 },
];
const BATCH = 500;

async function generate(root: string): Promise<number> {
  let count = 0;
  await mkdir(path.join(root, 'src'), { recursive: true });
  await writeFile(path.join(root, 'src/index.ts'), 'export const x = 1;\n');
  for (const { name, files } of FOLDERS) {
    await mkdir(path.join(root, name), { recursive: true });
    for (let i = 0; i < files; i += BATCH) {
      const writes: Promise<void>[] = [];
      for (let j = i; j < Math.min(files, i + BATCH); j++) {
        writes.push(writeFile(path.join(root, name, `f${String(j).padStart(5, '0')}.txt`), `${j}\n`));
      }
      await Promise.all(writes);
    }
    count += files;
  }
  return count + 1;
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
    `${label.padEnd(28)} ${ms(at - t0).padStart(10)}   ${summariseLongTasks(perf.longTasks)}, ${rows} rows in DOM`,
  );
}

const harness = await startUiHarness();
try {
  if (harness.e2e.kind === 'stand-in') {
    console.log('skipped: the tree needs the real backend (src/main/services/desktop-backend.ts)');
  } else {
    const folder = path.join(harness.home, 'big-project');
    const t = performance.now();
    const files = await generate(folder);
    console.log(`generated ${files} files in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const app = await harness.open('/');
    await waitForExpression(app.page, `document.querySelector('[data-testid="open-folder"]')`, 30_000);
    harness.e2e.shell.folders.push(folder);
    // Clicks are the page's own (element.click()), so the time includes no Playwright actionability waits.
    const click = (selector: string) => async () => {
      await app.page.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);
    };
    await step(app.page, 'open folder -> tree root', click('[data-testid="open-folder"]'), row('d60k'));
    // Collapsed again after each, so the next folder's row is on screen (the tree is virtualised).
    for (const { name, files: n } of FOLDERS) {
      const toggle = click(`[data-testid="tree-row"][data-path="${name}"]`);
      await step(app.page, `expand ${name} (${n} entries)`, toggle, row(`${name}/f00000.txt`));
      await step(app.page, `collapse ${name}`, toggle, `!${row(`${name}/f00000.txt`)}`);
    }
    if (app.pageErrors.length) console.log(describePageErrors(app.pageErrors));
  }
} finally {
  await harness.close();
}
