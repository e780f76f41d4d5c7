// Shared setup for the window benches (bench/ui-*.ts): the built renderer served by the e2e bridge over
// the real backend, Debian's Chromium, and in-page probes for long tasks and frames. Page-side code is passed as strings: tsx adds helpers to compiled functions
// that do not exist in the page.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBridge, type Bridge } from '../tests/e2e/bridge/server.js';
import { createE2EBackend, type E2EBackend, type E2EBackendOptions } from '../tests/e2e/helpers/backend.js';
import {
  assertRendererBuilt,
  chromiumSkipReason,
  launchBrowser,
  openAppPage,
  rendererDir,
  type AppPage,
  type BrowserSession,
} from '../tests/e2e/helpers/browser.js';

export interface UiHarness {
  home: string;
  e2e: E2EBackend;
  bridge: Bridge;
  browser: BrowserSession;
  /** A new page with the bridge shim and the perf probe, at `pathName` (default the app). */
  open(pathName?: string): Promise<AppPage>;
  close(): Promise<void>;
}

/** Long tasks (PerformanceObserver 'longtask') and a requestAnimationFrame counter, per page. */
const PERF_PROBE = `(() => {
  const perf = { longTasks: [], frames: 0, dropped: 0, maxGapMs: 0, counting: false, last: 0, started: 0 };
  window.__perf = perf;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const FRAME = 1000 / 60;
  // One counting loop per start: a loop left from the previous window (stopped and restarted within
  // one frame) ends at its next frame instead of counting twice.
  let generation = 0;
  function tick(now, gen) {
    if (!perf.counting || gen !== generation) return;
    if (perf.last) {
      const gap = now - perf.last;
      perf.maxGapMs = Math.max(perf.maxGapMs, gap);
      if (gap > FRAME * 1.5) perf.dropped += Math.round(gap / FRAME) - 1;
    }
    perf.frames += 1;
    perf.last = now;
    requestAnimationFrame((t) => tick(t, gen));
  }
  window.__perfStart = () => {
    Object.assign(perf, { longTasks: [], frames: 0, dropped: 0, maxGapMs: 0, counting: true, last: 0, started: performance.now() });
    const gen = ++generation;
    requestAnimationFrame((t) => tick(t, gen));
  };
  window.__perfStop = () => {
    perf.counting = false;
    const durationMs = performance.now() - perf.started;
    return { longTasks: perf.longTasks.slice(), frames: perf.frames, dropped: perf.dropped, maxGapMs: perf.maxGapMs, durationMs };
  };
})();`;

export interface PerfWindow {
  longTasks: { start: number; duration: number }[];
  frames: number;
  dropped: number;
  maxGapMs: number;
  /** From startPerf to stopPerf. */
  durationMs: number;
}

export function describeFrames(perf: PerfWindow): string {
  const fps = perf.durationMs > 0 ? (perf.frames * 1000) / perf.durationMs : 0;
  return `${perf.frames} frames in ${(perf.durationMs / 1000).toFixed(1)} s (${fps.toFixed(1)} fps), ~${perf.dropped} dropped, longest gap ${perf.maxGapMs.toFixed(1)} ms`;
}

export async function startUiHarness(
  options: { pages?: Record<string, string>; backend?: E2EBackendOptions } = {},
): Promise<UiHarness> {
  const skip = chromiumSkipReason();
  if (skip) throw new Error(skip);
  assertRendererBuilt();
  const home = await mkdtemp(path.join(os.tmpdir(), 'lc-ui-bench-'));
  const e2e = createE2EBackend(home, options.backend ?? {});
  const bridge = await startBridge({ backend: e2e.backend, rendererDir, pages: options.pages });
  const browser = await launchBrowser();
  await browser.context.addInitScript({ content: PERF_PROBE });
  return {
    home,
    e2e,
    bridge,
    browser,
    async open(pathName = '/') {
      return openAppPage(browser, new URL(pathName, bridge.origin).href);
    },
    async close() {
      await browser.close();
      await bridge.close();
      await e2e.backend.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export async function startPerf(page: Page): Promise<void> {
  await page.evaluate('window.__perfStart()');
}

export async function stopPerf(page: Page): Promise<PerfWindow> {
  return (await page.evaluate('window.__perfStop()')) as PerfWindow;
}

/**
 * Resolves with performance.now() in the page when `selector` first matches (checked on every DOM
 * mutation), or null after `timeoutMs`. Start it before the action that should make the match appear.
 */
export function whenSelector(page: Page, selector: string, timeoutMs = 60_000): Promise<number | null> {
  return page.evaluate(`new Promise((resolve) => {
    const sel = ${JSON.stringify(selector)};
    if (document.querySelector(sel)) return resolve(performance.now());
    const obs = new MutationObserver(() => {
      if (document.querySelector(sel)) { obs.disconnect(); clearTimeout(t); resolve(performance.now()); }
    });
    obs.observe(document, { subtree: true, childList: true, attributes: true });
    const t = setTimeout(() => { obs.disconnect(); resolve(null); }, ${timeoutMs});
  })`) as Promise<number | null>;
}

/**
 * Waits until the page expression `expr` is truthy (checked every animation frame) and returns
 * performance.now() then. The expression is compiled as part of the evaluated script, not by eval, so
 * the renderer's CSP (no 'unsafe-eval', which Playwright's string waitForFunction needs) holds.
 */
export async function waitForExpression(page: Page, expr: string, timeoutMs = 60_000): Promise<number> {
  const at = (await page.evaluate(`new Promise((resolve) => {
    const end = performance.now() + ${timeoutMs};
    const poll = () => {
      if (${expr}) return resolve(performance.now());
      if (performance.now() > end) return resolve(null);
      requestAnimationFrame(poll);
    };
    poll();
  })`)) as number | null;
  if (at === null) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expr}`);
  return at;
}

export async function pageNow(page: Page): Promise<number> {
  return (await page.evaluate('performance.now()')) as number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function ms(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`;
}

export function summariseLongTasks(tasks: { duration: number }[]): string {
  const over50 = tasks.filter((t) => t.duration > 50);
  const worst = Math.max(0, ...tasks.map((t) => t.duration));
  return `${over50.length} long tasks > 50 ms (worst ${worst.toFixed(0)} ms)`;
}

/** One line per distinct message (first line of each stack), with counts. */
export function describePageErrors(errors: string[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) {
    const first = e.split('\n')[0] ?? e;
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return [...counts].map(([message, n]) => `page error x${n}: ${message}`).join('\n');
}
