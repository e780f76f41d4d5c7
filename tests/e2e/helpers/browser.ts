// Debian's Chromium driven by playwright-core, headless, with a fresh profile per launch. Pages opened
// here carry the bridge shim and record uncaught errors and console errors for the test to check.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { installBridgeShim } from '../bridge/shim.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The built renderer; LOCAL_CODER_E2E_RENDERER_DIR points elsewhere (a build made with --outDir). */
export const rendererDir = path.resolve(
  process.env.LOCAL_CODER_E2E_RENDERER_DIR ?? path.join(repoRoot, 'out/renderer'),
);
export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

/** LOCAL_CODER_CHROMIUM overrides the path (another distribution's Chromium). */
export const chromiumPath = process.env.LOCAL_CODER_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser suites cannot run here, or null when they can. */
export function chromiumSkipReason(): string | null {
  if (existsSync(chromiumPath)) return null;
  return `Chromium not found at ${chromiumPath} (apt-get install chromium, or set LOCAL_CODER_CHROMIUM)`;
}

/** Fails with the fix when the renderer has not been built. */
export function assertRendererBuilt(): void {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`${rendererDir}/index.html is missing: run \`npx electron-vite build\` first`);
  }
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(extraArgs: string[] = []): Promise<BrowserSession> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lc-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1280, height: 820 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface AppPage {
  page: Page;
  /** Uncaught exceptions and unhandled rejections in the page. A test fails when any occurred. */
  pageErrors: string[];
  /** console.error output and failed resource loads, for diagnosis. */
  consoleErrors: string[];
  /** Saves test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
}

/** A new tab with window.api bridged to `url`'s origin, navigated there. */
export async function openAppPage(session: BrowserSession, url: string): Promise<AppPage> {
  const page = await session.context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    consoleErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  await installBridgeShim(page);
  await page.goto(url);
  return {
    page,
    pageErrors,
    consoleErrors,
    async screenshot(name) {
      await mkdir(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/** The renderer mounted something into #root. */
export async function waitForAppRoot(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.waitForSelector('#root > *', { state: 'attached', timeout: timeoutMs });
}
