// One e2e flow's world: a temp home (LOCAL_CODER_HOME), the real backend, the bridge serving the built
// renderer, and Debian's Chromium. Projects are fresh copies of tests/fixtures/sample-project that the
// folder dialog answers with. Scripted runs play tests/fixtures/scripts/<name>, chosen per run.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ModelError } from '../../../src/main/model/turn.js';
import { scriptedModelFactory, type ModelFactory } from '../../../src/main/services/desktop-backend.js';
import { startBridge, type Bridge } from '../bridge/server.js';
import { createE2EBackend, type E2EBackend, type E2EBackendOptions } from './backend.js';
import {
  assertRendererBuilt,
  launchBrowser,
  openAppPage,
  rendererDir,
  repoRoot,
  waitForAppRoot,
  type AppPage,
  type BrowserSession,
} from './browser.js';

export const fixturesDir = path.join(repoRoot, 'tests/fixtures');
export const scriptsDir = path.join(fixturesDir, 'scripts');

export interface FlowSession {
  tmp: string;
  home: string;
  e2e: E2EBackend;
  bridge: Bridge;
  browser: BrowserSession;
  /** The script (a file name in tests/fixtures/scripts) the next run plays; scripted sessions only. */
  useScript(name: string): void;
  /** A fresh copy of the sample project. */
  newProject(): Promise<string>;
  /** A new tab on the app, mounted. */
  open(): Promise<AppPage>;
  close(): Promise<void>;
}

export interface FlowSessionOptions extends E2EBackendOptions {
  /** Runs play a script (useScript); false: runs use the loaded GGUF. Default true. */
  scripted?: boolean;
}

export async function startFlowSession(options: FlowSessionOptions = {}): Promise<FlowSession> {
  assertRendererBuilt();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-e2e-flow-'));
  const home = path.join(tmp, 'home');
  let script: string | null = null;
  let projects = 0;
  const scripted: ModelFactory = async (request) => {
    if (script === null) throw new ModelError('model_not_found', 'The test chose no script (useScript).');
    return scriptedModelFactory(path.join(scriptsDir, script))(request);
  };
  const e2e = createE2EBackend(home, {
    ...options,
    backend: { ...(options.scripted === false ? {} : { modelFactory: scripted }), ...options.backend },
  });
  const bridge = await startBridge({ backend: e2e.backend, rendererDir });
  const browser = await launchBrowser();
  return {
    tmp,
    home,
    e2e,
    bridge,
    browser,
    useScript(name) {
      script = name;
    },
    async newProject() {
      const dir = path.join(tmp, `project-${++projects}`);
      await cp(path.join(fixturesDir, 'sample-project'), dir, { recursive: true });
      return dir;
    },
    async open() {
      const app = await openAppPage(browser, bridge.url);
      await waitForAppRoot(app.page);
      return app;
    },
    async close() {
      await browser.close();
      await bridge.close();
      await e2e.backend.dispose();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** `[data-testid="id"]` plus attribute conditions, e.g. testId('tool-card', { 'data-status': 'ok' }). */
export function testId(id: string, attrs: Record<string, string> = {}): string {
  return `[data-testid="${id}"]${Object.entries(attrs)
    .map(([k, v]) => `[${k}=${JSON.stringify(v)}]`)
    .join('')}`;
}

/** Opens `folder` through the top bar's button (the dialog answers with it); waits for the tree's rows. */
export async function openFolderInApp(session: FlowSession, page: Page, folder: string): Promise<void> {
  session.e2e.shell.folders.push(folder);
  await page.click(testId('open-folder'));
  await page
    .locator(testId('folder-name'))
    .filter({ hasText: path.basename(folder) })
    .waitFor();
  await page.locator(testId('tree-row', { 'data-path': 'math.js' })).waitFor();
}

/** Types a task into the chat and sends it with the button. */
export async function ask(page: Page, text: string): Promise<void> {
  await page.fill(testId('chat-input'), text);
  await page.click(testId('send'));
}

/**
 * Asks a real model for the file list (the run's defaults make it call list_dir), waits for the card and
 * the stop, checks the run did not fail, and returns the first turn's token figures.
 */
export async function askListFilesAndReadStats(page: Page): Promise<{ prompt: number; generated: number }> {
  await ask(page, 'List the files.');
  await page.locator(testId('tool-card', { 'data-tool': 'list_dir' })).waitFor({ timeout: 60_000 });
  const stop = page.locator(testId('stop-banner'));
  await stop.waitFor({ timeout: 60_000 });
  expect(await stop.getAttribute('data-reason')).not.toBe('error');
  const stats = (await page.locator(testId('token-stats')).first().textContent()) ?? '';
  const figure = (name: string) =>
    Number(new RegExp(`${name} ([\\d,]+)`).exec(stats)?.[1]?.replace(/,/g, ''));
  return { prompt: figure('prompt'), generated: figure('generated') };
}

/** Waits for the run's stop banner with `reason`, and for the run indicator to go. */
export async function waitForStop(page: Page, reason: string, timeout = 30_000): Promise<void> {
  await page.locator(testId('stop-banner', { 'data-reason': reason })).waitFor({ timeout });
  await page.locator(testId('run-indicator')).waitFor({ state: 'detached', timeout });
}

/** A Monaco editor inside `scope` drew text lines (not a blank box or a loading fallback). */
export async function waitForMonaco(page: Page, scope: string, timeout = 20_000): Promise<void> {
  await page.locator(`${scope} .monaco-editor .view-line`).first().waitFor({ timeout });
}

/** The page raised no uncaught errors (and says which console errors there were, for diagnosis). */
export function expectNoPageErrors(app: AppPage): void {
  if (app.consoleErrors.length > 0) console.log(`[e2e] console errors:\n${app.consoleErrors.join('\n')}`);
  expect(app.pageErrors).toEqual([]);
}
