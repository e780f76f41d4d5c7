// Flow: the Models drawer's Server entry against a real llama-server that wants a key. The person types
// the URL and the key, lists the models, connects; the top bar shows the server's model, the key is kept
// only as ciphertext (no file of the data folder holds it in plain text) and never comes back to the
// window; a reload shows the saved server; a wrong key is refused in place; a run uses the server's
// model; Disconnect goes back. And where no keyring exists, the key field says to use the environment.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedTestModels } from '../../bench/installed-models.js';
import type { ServerView } from '../../src/shared/ipc.js';
import { engineSkipReason, startLlamaServer, type RunningServer } from '../engine/helpers/llama-server.js';
import { testCipher } from '../helpers/test-cipher.js';
import { chromiumSkipReason, waitForAppRoot } from './helpers/browser.js';
import {
  askListFilesAndReadStats,
  expectNoPageErrors,
  openFolderInApp,
  startFlowSession,
  testId,
  type FlowSession,
} from './helpers/session.js';

const KEY = 'sk-e2e-server-entry-7d41c9b2';
const ALIAS = 'smol';
const smol = installedTestModels(['smollm2-135m-instruct'])[0];
const browserSkip = chromiumSkipReason();
const skipReason =
  browserSkip ??
  engineSkipReason() ??
  (smol ? null : 'smollm2-135m-instruct is not installed (npm run models:install)');
if (skipReason) console.log(`[e2e] server entry flows on llama-server skipped: ${skipReason}`);

/** No key from the test process's own environment: the placeholders depend on it. */
const NO_ENV_KEY = { LOCAL_CODER_API_KEY: '', OPENAI_API_KEY: '' };
/** The long flows, on a busy machine (a CPU llama-server shares it with the browser). */
const LONG = 240_000;

/** Every file under `dir`, as latin1 text (ciphertext included), joined. */
async function allFiles(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), 'latin1')),
  );
  return texts.join('\n');
}

/**
 * Waits for the connect to finish: the about line, or else fails with the error the section showed and
 * the server's log (a slow or refusing server is then named, not just a timeout).
 */
async function waitConnected(page: Page, server: RunningServer): Promise<void> {
  const about = page.locator(testId('server-about')).getByText('llama-server');
  const error = page.locator(testId('server-error'));
  await about.or(error).first().waitFor({ timeout: 60_000 });
  if (await error.count()) {
    throw new Error(
      `connect refused: ${await error.textContent()}\n--- llama-server log ---\n${server.log()}`,
    );
  }
}

async function openModels(page: Page): Promise<void> {
  await page.click(testId('models-button'));
  await page.locator(testId('server-section')).waitFor();
}

describe.skipIf(skipReason !== null)('the Server entry with a real llama-server', () => {
  let server: RunningServer;
  let s: FlowSession;
  let url: string;

  beforeAll(async () => {
    server = await startLlamaServer({ model: smol!.modelPath, alias: ALIAS, apiKey: KEY });
    url = `${server.origin}/v1`;
    s = await startFlowSession({
      scripted: false,
      secretCipher: testCipher(),
      env: NO_ENV_KEY,
      backend: { runDefaults: { toolChoice: 'required', tools: ['list_dir'], maxSteps: 1, verify: false } },
    });
  });
  afterAll(async () => {
    await s?.close();
    await server?.stop();
  });

  const view = () => s.e2e.backend.handle('server.get', {});

  it(
    'lists, connects with a key kept only encrypted, survives a reload, refuses a wrong key, disconnects',
    async () => {
      const app = await s.open();
      const { page } = app;
      await openModels(page);
      const section = page.locator(testId('server-section'));
      await section.getByText('A model on an OpenAI-compatible server').waitFor();
      expect(await page.getAttribute(testId('server-key'), 'placeholder')).toBe('none');
      expect(await page.getAttribute(testId('server-key'), 'type')).toBe('password');
      expect(await page.locator(testId('server-forget-key')).count()).toBe(0);
      expect(await page.locator(testId('server-key-note')).count()).toBe(0);
      // Labelled for assistive technology.
      await section.getByLabel('URL').waitFor();
      await section.getByLabel('Key').waitFor();
      await section.getByLabel('Model').waitFor();
      expect(await page.isDisabled(testId('server-connect'))).toBe(true);

      // Enter in the URL lists the models.
      await page.fill(testId('server-url'), url);
      await page.fill(testId('server-key'), KEY);
      await page.press(testId('server-url'), 'Enter');
      const option = page.locator(`${testId('server-model')} option[value="${ALIAS}"]`);
      await option
        .or(page.locator(testId('server-error')))
        .first()
        .waitFor({ state: 'attached' });
      expect(await page.locator(testId('server-error')).count(), server.log()).toBe(0);
      expect(await page.inputValue(testId('server-model'))).toBe(ALIAS);
      // The List button does the same.
      await page.click(testId('server-list'));
      await expect.poll(() => page.isEnabled(testId('server-connect'))).toBe(true);

      await page.click(testId('server-connect'));
      const about = page.locator(testId('server-about'));
      await waitConnected(page, server);
      expect(await about.textContent()).toContain('4096');
      expect(await page.locator(testId('server-error')).count()).toBe(0);
      // The typed key is dropped once connected, and never rendered back.
      expect(await page.inputValue(testId('server-key'))).toBe('');
      expect(await page.getAttribute(testId('server-key'), 'placeholder')).toBe(
        'stored (leave empty to keep)',
      );
      expect(await page.content()).not.toContain(KEY);

      // The top bar and the loaded-model section show the server's model.
      await page.locator(testId('model-badge', { 'data-status': 'loaded' })).waitFor();
      expect(await page.locator(testId('model-badge')).textContent()).toContain(ALIAS);
      expect(await page.locator(testId('model-backend')).textContent()).toBe('server');
      expect(await page.locator(testId('model-status-backend')).textContent()).toBe('server');
      await app.screenshot('server-connected');

      const connected = await view();
      expect(connected).toMatchObject({ url, model: ALIAS, hasKey: true, active: true, canStoreKey: true });
      expect(JSON.stringify(connected)).not.toContain(KEY);
      const { dataDir } = await s.e2e.backend.handle('app.info', {});
      const onDisk = await allFiles(dataDir);
      expect(onDisk).toContain(`"model": "${ALIAS}"`);
      expect(onDisk).not.toContain(KEY);

      // A reload shows the saved server, and a stored key (not the key).
      await page.reload();
      await waitForAppRoot(page);
      // The top bar shows the server's model without opening the drawer (its 'model' event came before).
      await page.locator(testId('model-badge', { 'data-status': 'loaded' })).waitFor();
      expect(await page.locator(testId('model-badge')).textContent()).toContain(ALIAS);
      expect(await page.locator(testId('model-backend')).textContent()).toBe('server');
      await openModels(page);
      await expect.poll(() => page.inputValue(testId('server-url'))).toBe(url);
      expect(await page.inputValue(testId('server-model'))).toBe(ALIAS);
      expect(await page.inputValue(testId('server-key'))).toBe('');
      expect(await page.getAttribute(testId('server-key'), 'placeholder')).toBe(
        'stored (leave empty to keep)',
      );
      await page.locator(testId('server-forget-key')).waitFor();
      await about.getByText('llama-server').waitFor();

      // A wrong key: refused in place, with its code; the stored key and the connection stay.
      await page.fill(testId('server-key'), 'sk-e2e-wrong-key');
      await page.click(testId('server-connect'));
      const error = page.locator(testId('server-error'));
      await error.waitFor({ timeout: 30_000 });
      expect(await page.locator(testId('server-error-code')).textContent()).toBe('server_unauthorized');
      expect(await page.locator('.toast').count()).toBe(0);
      expect(await page.isEnabled(testId('server-connect'))).toBe(true);
      expect(await view()).toMatchObject({ hasKey: true, active: true });
      await app.screenshot('server-wrong-key');

      // Disconnect: back to the models folder's (no) model.
      await page.click(testId('server-disconnect'));
      await about.waitFor({ state: 'detached' });
      await page.locator(testId('model-badge', { 'data-status': 'empty' })).waitFor();
      expect(await page.locator(testId('model-status')).getAttribute('data-status')).toBe('empty');
      expect(await page.locator(testId('server-error')).count()).toBe(0);
      const after = await view();
      expect(after).toMatchObject({ active: false, hasKey: true, url, model: ALIAS });
      expect(after.connected).toBeUndefined();
      expectNoPageErrors(app);
      await page.close();
    },
    LONG,
  );

  it(
    'a run on the server model (the stored key): a tool call and token figures in the chat',
    async () => {
      const app = await s.open();
      const { page } = app;
      await openFolderInApp(s, page, await s.newProject());
      await openModels(page);
      await expect.poll(() => page.inputValue(testId('server-url'))).toBe(url);
      // Nothing typed: the stored key is kept and used.
      await page.click(testId('server-connect'));
      await waitConnected(page, server);
      await page.locator(testId('model-backend')).getByText('server').waitFor();
      await page.click(testId('models-button'));

      const stats = await askListFilesAndReadStats(page);
      expect(stats.prompt).toBeGreaterThan(0);
      expect(stats.generated).toBeGreaterThan(0);
      expect(await page.locator(testId('model-backend')).textContent()).toBe('server');
      await app.screenshot('server-run');

      // The key reached no transcript or log either.
      const { dataDir } = await s.e2e.backend.handle('app.info', {});
      expect(await allFiles(dataDir)).not.toContain(KEY);
      expect(((await s.e2e.backend.handle('server.disconnect', {})) as ServerView).active).toBe(false);
      expectNoPageErrors(app);
      await page.close();
    },
    LONG,
  );

  it('forgets the stored key at once, without connecting a server that was not active', async () => {
    const app = await s.open();
    const { page } = app;
    await openModels(page);
    expect(await view()).toMatchObject({ active: false, hasKey: true });
    await page.click(testId('server-forget-key'));
    await page.locator(testId('server-forget-key')).waitFor({ state: 'detached' });
    expect(await page.getAttribute(testId('server-key'), 'placeholder')).toBe('none');
    expect(await page.locator(testId('server-error')).count()).toBe(0);
    expect(await page.locator(testId('server-about')).count()).toBe(0);
    expect(await view()).toMatchObject({ active: false, hasKey: false, url, model: ALIAS });
    const { dataDir } = await s.e2e.backend.handle('app.info', {});
    expect(existsSync(path.join(dataDir, 'server-key.bin'))).toBe(false);
    expectNoPageErrors(app);
    await page.close();
  });
});

describe.skipIf(browserSkip !== null)('the Server entry without a keyring', () => {
  let s: FlowSession;
  beforeAll(async () => {
    s = await startFlowSession({ scripted: false, env: NO_ENV_KEY });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says the key cannot be stored and LOCAL_CODER_API_KEY should be used', async () => {
    const app = await s.open();
    const { page } = app;
    await openModels(page);
    const note = page.locator(testId('server-key-note'));
    await note.waitFor();
    expect(await note.textContent()).toContain('LOCAL_CODER_API_KEY');
    expect(await page.isDisabled(testId('server-key'))).toBe(true);
    expect(await s.e2e.backend.handle('server.get', {})).toMatchObject({ canStoreKey: false, hasKey: false });
    await app.screenshot('server-no-keyring');
    expectNoPageErrors(app);
    await page.close();
  });
});
