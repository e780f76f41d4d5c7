// The built renderer in Debian's Chromium over the bridge: it loads under its own CSP, mounts, talks to
// the backend through window.api and raises no page errors. Needs `npx electron-vite build` first.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src/shared/ipc.js';
import { startBridge, type Bridge } from './bridge/server.js';
import { createE2EBackend, type E2EBackend } from './helpers/backend.js';
import {
  assertRendererBuilt,
  chromiumSkipReason,
  launchBrowser,
  openAppPage,
  rendererDir,
  waitForAppRoot,
  type BrowserSession,
} from './helpers/browser.js';
import {
  apiNames,
  callApi,
  callApiError,
  nodeGlobals,
  recordEvents,
  recordedEvents,
} from './helpers/page-api.js';

const skipReason = chromiumSkipReason();
if (skipReason) console.log(`[e2e] smoke skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('renderer smoke (Chromium over the bridge)', () => {
  let home: string;
  let e2e: E2EBackend;
  let bridge: Bridge;
  let browser: BrowserSession;

  beforeAll(async () => {
    assertRendererBuilt();
    home = await mkdtemp(path.join(os.tmpdir(), 'lc-e2e-smoke-'));
    e2e = createE2EBackend(home);
    bridge = await startBridge({ backend: e2e.backend, rendererDir });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await e2e?.backend.dispose();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('mounts the app, answers app.info through window.api and raises no page errors', async () => {
    const app = await openAppPage(browser, bridge.url);
    await waitForAppRoot(app.page);
    expect(await app.page.title()).toBe('local-coder');

    expect(await apiNames(app.page)).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    expect(await nodeGlobals(app.page)).toEqual({ require: 'undefined', process: 'undefined' });
    // Under the renderer's own CSP (connect-src 'self'): the call reaches the backend and comes back.
    const info = await callApi(app.page, 'app.info', {});
    expect(info.name).toBe('local-coder');
    expect(info.dataDir).toBe(home);
    expect(bridge.calls.some((call) => call.method === 'app.info')).toBe(true);

    await app.screenshot('smoke-first-screen');
    if (app.consoleErrors.length > 0) console.log(`[e2e] console errors:\n${app.consoleErrors.join('\n')}`);
    expect(app.pageErrors).toEqual([]);
    await app.page.close();
  });

  it('refuses an input its schema rejects, before the backend sees it', async () => {
    const app = await openAppPage(browser, bridge.url);
    await waitForAppRoot(app.page);
    const before = bridge.calls.length;
    expect(await callApiError(app.page, 'workspace.list', { dir: 7 })).toMatch(
      /^Invalid input for workspace\.list at dir/,
    );
    expect(await callApiError(app.page, 'app.info', { extra: true })).toMatch(/^Invalid input for app\.info/);
    expect(bridge.calls.length).toBe(before);
    expect(app.pageErrors).toEqual([]);
    await app.page.close();
  });

  it('streams backend events to window.api.onEvent in order', async () => {
    const app = await openAppPage(browser, bridge.url);
    await waitForAppRoot(app.page);
    await recordEvents(app.page);
    const sent = Array.from({ length: 20 }, (_, i) => `e2e-${i}`);
    for (const message of sent) e2e.emit({ type: 'watch_status', status: 'ready', message });
    // The last one marks the end; the backend's own events may be interleaved and are left out.
    await app.page.waitForFunction(() =>
      (globalThis as { __e2eEvents?: { message?: string }[] }).__e2eEvents?.some(
        (e) => e.message === 'e2e-19',
      ),
    );
    const received = (await recordedEvents(app.page)).flatMap((e) =>
      e.type === 'watch_status' && e.message?.startsWith('e2e-') ? [e.message] : [],
    );
    expect(received).toEqual(sent);
    expect(app.pageErrors).toEqual([]);
    await app.page.close();
  });
});
