// Time to first paint of the window: navigation start to first contentful paint, to the app root
// rendered (#root has children) and to the first data from the real backend shown (settings over the
// bridge), median of N loads in fresh tabs; against a blank static page from the
// same server in the same run, reported as a ratio.
//   npx electron-vite build && npx tsx bench/ui-first-paint.ts      (UI_BENCH_LOADS=20 for more loads)
import type { Page } from 'playwright-core';
import { describePageErrors, median, ms, startUiHarness, waitForExpression } from './ui-harness.js';

const LOADS = Number(process.env.UI_BENCH_LOADS ?? 10);
const BLANK = '<!doctype html><html><head><title>blank</title></head><body><p>blank</p></body></html>';

/**
 * Records, relative to navigation start (performance.now()), when #root first has a child and when the
 * window shows data from the backend (the approval mode, from settings.get over the bridge).
 */
const ROOT_PROBE = `(() => {
  const check = () => {
    const root = document.getElementById('root');
    if (root && root.firstElementChild && window.__appRootAt === undefined) window.__appRootAt = performance.now();
    const mode = document.querySelector('[data-testid="approval-mode"]');
    if (mode && mode.value && window.__readyAt === undefined) window.__readyAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

interface Load {
  fcp: number;
  appRoot: number | null;
  ready: number | null;
}

async function measure(page: Page, waitForRoot: boolean): Promise<Load> {
  await waitForExpression(
    page,
    `performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint')`,
  );
  if (waitForRoot) {
    await waitForExpression(page, 'window.__appRootAt !== undefined', 30_000);
    await waitForExpression(page, 'window.__readyAt !== undefined', 30_000);
  }
  return (await page.evaluate(`({
    fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint').startTime,
    appRoot: window.__appRootAt ?? null,
    ready: window.__readyAt ?? null,
  })`)) as Load;
}

const harness = await startUiHarness({ pages: { '/__blank.html': BLANK } });
try {
  await harness.browser.context.addInitScript({ content: ROOT_PROBE });
  const app: Load[] = [];
  const blank: Load[] = [];
  // Alternate so that drift (thermal, other load) hits both alike; the first pair warms the browser.
  for (let i = 0; i <= LOADS; i++) {
    const a = await harness.open('/');
    const appLoad = await measure(a.page, true);
    if (a.pageErrors.length) console.log(describePageErrors(a.pageErrors));
    await a.page.close();
    const b = await harness.open('/__blank.html');
    const blankLoad = await measure(b.page, false);
    await b.page.close();
    if (i > 0) {
      app.push(appLoad);
      blank.push(blankLoad);
    }
  }
  const appFcp = median(app.map((l) => l.fcp));
  const appRoot = median(app.map((l) => l.appRoot ?? NaN));
  const appReady = median(app.map((l) => l.ready ?? NaN));
  const blankFcp = median(blank.map((l) => l.fcp));
  console.log(`loads: ${LOADS} each (after one warm-up), real backend`);
  console.log(`blank page      first contentful paint  ${ms(blankFcp)}`);
  console.log(
    `app             first contentful paint  ${ms(appFcp)}   (${(appFcp / blankFcp).toFixed(2)}x blank)`,
  );
  console.log(
    `app             root rendered           ${ms(appRoot)}   (${(appRoot / blankFcp).toFixed(2)}x blank FCP)`,
  );
  console.log(
    `app             backend data shown      ${ms(appReady)}   (${(appReady / blankFcp).toFixed(2)}x blank FCP)`,
  );
} finally {
  await harness.close();
}
