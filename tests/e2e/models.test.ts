// Flows of the Models drawer: a download from a loopback server (throttled, so the bar visibly moves),
// cancelled and resumed to completion; and a real tiny GGUF imported, activated and run in the window
// (a list_dir call forced by the tool grammar), the badge showing it loaded and its compute backend.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGguf } from '../helpers/gguf-writer.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { testModelPath } from '../integration/test-model.js';
import { chromiumSkipReason } from './helpers/browser.js';
import {
  askListFilesAndReadStats,
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  type FlowSession,
} from './helpers/session.js';

const MiB = 1024 * 1024;
/**
 * Exactly 10 MiB, two of the downloader's 5 MiB chunks fetched in parallel at 2 MiB/s each: the transfer
 * takes 2-3 s, long enough to see the bar move and to cancel. (ipull counts a finished chunk as 5 MiB, so
 * a file ending in a short chunk would show 100% while its first chunk still downloads.)
 */
const SIZE = 10 * MiB;
const HEADER = buildGguf({ padBytes: 1024, seed: 11 }).length - 1024;
const body = buildGguf({ padBytes: SIZE - HEADER, seed: 11 });
const RATE = 2 * MiB;
const ID = 'e2e-tiny';
const FILE = 'e2e-tiny.gguf';

/** Records every aria-valuenow the catalog row's progress bar shows, in order (consecutive repeats dropped). */
async function recordProgress(page: Page, catalogId: string): Promise<void> {
  await page.evaluate((id) => {
    type El = { getAttribute(n: string): string | null };
    const d = (globalThis as unknown as { document: { querySelector(s: string): El | null } }).document;
    const g = globalThis as unknown as { __progress: number[] };
    g.__progress = [];
    const sel = `[data-testid="catalog-row"][data-id="${id}"] [data-testid="progress"]`;
    const check = () => {
      const value = d.querySelector(sel)?.getAttribute('aria-valuenow');
      if (value == null) return;
      if (g.__progress.at(-1) !== Number(value)) g.__progress.push(Number(value));
    };
    const Observer = (
      globalThis as unknown as {
        MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
      }
    ).MutationObserver;
    new Observer(check).observe(d, { subtree: true, childList: true, attributes: true });
  }, catalogId);
}

const progress = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __progress: number[] }).__progress);

/** How many times the sequence went up. */
function increases(values: number[]): number {
  return values.filter((v, i) => i > 0 && v > values[i - 1]!).length;
}

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] models flows skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('models in the window', () => {
  let s: FlowSession;
  let server: ModelServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lc-e2e-models-'));
    server = await startModelServer({ [`/${FILE}`]: { body, bytesPerSecond: RATE } });
    const catalogFile = path.join(dir, 'catalog.json');
    const entry = {
      id: ID,
      name: 'E2E tiny',
      family: 'llama',
      parameters: '1M',
      uri: `${server.url}/${FILE}`,
      fileName: FILE,
      sizeBytes: body.length,
      quantization: 'F32',
      license: 'MIT',
      contextLength: 2048,
      sha256: createHash('sha256').update(body).digest('hex'),
      minMemoryGb: 1,
      description: 'A generated model served from 127.0.0.1.',
    };
    await writeFile(catalogFile, JSON.stringify({ version: 1, models: [entry] }));
    s = await startFlowSession({
      scripted: false,
      backend: {
        catalogFile,
        runDefaults: { toolChoice: 'required', tools: ['list_dir'], maxSteps: 1, verify: false },
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('welcome: the model recommended for this machine, one click to download, then to load', async () => {
    const app = await s.open();
    const { page } = app;
    const need = page.locator(testId('need-model'));
    const recommended = need.locator(testId('recommended', { 'data-id': ID }));
    await recommended.waitFor({ timeout: 20_000 });
    expect(await recommended.textContent()).toMatch(/E2E tiny.*(GPU|CPU)/);
    await app.screenshot('welcome-recommended');
    await need.locator(testId('welcome-download')).click();
    await need.locator(testId('welcome-load')).waitFor({ timeout: 30_000 });
    const modelsDir = (await s.e2e.backend.handle('settings.get', {})).modelsDir;
    expect(existsSync(path.join(modelsDir, FILE))).toBe(true);
    // The generated file has no weights a runtime loads: the step says so, with the runtime's reason.
    await need.locator(testId('welcome-load')).click();
    await need.locator(testId('model-failed')).waitFor({ timeout: 30_000 });
    expect(await need.locator(testId('model-failed')).textContent()).toMatch(
      /e2e-tiny\.gguf could not be loaded: \S/,
    );
    expectNoPageErrors(app);
    // The next flow downloads it from nothing again (the loaded copy stays in memory meanwhile).
    await rm(path.join(modelsDir, FILE));
    await page.close();
  });

  it('downloads with a moving progress bar, cancels, and resumes to completion', async () => {
    const app = await s.open();
    const { page } = app;
    await page.click(testId('models-button'));
    const row = page.locator(testId('catalog-row', { 'data-id': ID }));
    await row.waitFor();
    await recordProgress(page, ID);

    await row.locator(testId('download')).click();
    await expect
      .poll(async () => increases(await progress(page)), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await app.screenshot('models-download');
    await row.locator(testId('cancel-download')).click();
    await row.locator(testId('download-status', { 'data-status': 'cancelled' })).waitFor();
    const beforeCancel = await progress(page);
    expect(beforeCancel.at(-1)).toBeLessThan(100);
    const modelsDir = (await s.e2e.backend.handle('settings.get', {})).modelsDir;
    expect(existsSync(path.join(modelsDir, FILE))).toBe(false);
    expect(await page.locator(testId('library-row', { 'data-file': FILE })).count()).toBe(0);

    const resumed = (await progress(page)).length;
    await row.locator(testId('resume-download')).click();
    await row.locator(testId('download-status', { 'data-status': 'done' })).waitFor({ timeout: 30_000 });
    const after = (await progress(page)).slice(resumed);
    expect(after.at(-1)).toBe(100);
    expect(increases(after)).toBeGreaterThanOrEqual(1);

    // The file is complete and whole.
    expect(
      createHash('sha256')
        .update(await readFile(path.join(modelsDir, FILE)))
        .digest('hex'),
    ).toBe(createHash('sha256').update(body).digest('hex'));
    await page.locator(testId('library-row', { 'data-file': FILE })).waitFor();
    await row.getByText('installed').waitFor();
    expectNoPageErrors(app);
    await page.close();
  });

  it('imports, activates and runs the real tiny GGUF: loaded on the cpu, a list_dir card', async () => {
    const app = await s.open();
    const { page } = app;
    await openFolderInApp(s, page, await s.newProject());
    await page.click(testId('models-button'));
    s.e2e.shell.modelFiles.push(testModelPath());
    await page.click(testId('import-model'));
    const model = page.locator(testId('library-row', { 'data-file': 'llama-2-tiny-random.gguf' }));
    await model.waitFor();
    await model.locator(testId('activate-model')).click();
    await page.locator(testId('model-badge', { 'data-status': 'loaded' })).waitFor({ timeout: 60_000 });
    const backend = await page.locator(testId('model-backend')).textContent();
    expect(['cpu', 'cuda', 'metal', 'vulkan']).toContain(backend);
    expect(await page.locator(testId('model-status-backend')).textContent()).toBe(backend);
    await expect.poll(() => model.getAttribute('data-active')).toBe('true');
    await app.screenshot('models-loaded');

    await page.click(testId('models-button'));
    // Figures from the real tokenizer: the prompt has tokens.
    expect((await askListFilesAndReadStats(page)).prompt).toBeGreaterThan(0);
    await app.screenshot('chat-real-model');
    expectNoPageErrors(app);
    await page.close();
  });
});
