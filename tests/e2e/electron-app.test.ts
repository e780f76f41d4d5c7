// The packaged Electron app itself (out/main/index.js with its preload), where an Electron binary exists:
// the window opens with its title, the app mounts, window.api has exactly the table's methods, the page
// reaches no Node globals (contextIsolation) and app.info answers. Elsewhere it is skipped, saying why.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src/shared/ipc.js';
import { repoRoot, screenshotDir, waitForAppRoot } from './helpers/browser.js';
import { electronSkipReason, findElectronBinary } from './helpers/electron.js';
import { apiNames, callApi, nodeGlobals } from './helpers/page-api.js';

const skipReason = electronSkipReason();
if (skipReason) console.log(`[e2e] packaged Electron app test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('packaged Electron app', () => {
  const mainFile = path.join(repoRoot, 'out/main/index.js');
  let home: string;
  let app: ElectronApplication;
  let win: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(mainFile))
      throw new Error(`${mainFile} is missing: run \`npx electron-vite build\` first`);
    const binary = findElectronBinary();
    if (!binary.ok) throw new Error(binary.reason);
    home = await mkdtemp(path.join(os.tmpdir(), 'lc-e2e-electron-'));
    // Chromium refuses to run as root with its sandbox on (containers, CI).
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    // The folder, not the file: Electron then takes the name and version from package.json ("main" points
    // at out/main/index.js), as the packaged app does.
    app = await _electron.launch({
      executablePath: binary.path,
      args: [...rootArgs, repoRoot],
      env: { ...process.env, LOCAL_CODER_HOME: home, ELECTRON_ENABLE_LOGGING: '1' },
    });
    win = await app.firstWindow();
    win.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  });

  afterAll(async () => {
    await app?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('opens the window with its title and mounts the app', async () => {
    await win.waitForLoadState('domcontentloaded');
    expect(await win.title()).toBe('local-coder');
    await waitForAppRoot(win);
    await mkdir(screenshotDir, { recursive: true });
    await win.screenshot({ path: path.join(screenshotDir, 'electron-window.png') });
    expect(pageErrors).toEqual([]);
  });

  it('exposes exactly the typed methods and no Node globals', async () => {
    expect(await apiNames(win)).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    expect(await nodeGlobals(win)).toEqual({ require: 'undefined', process: 'undefined' });
  });

  it('answers app.info from the main process', async () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const info = await callApi(win, 'app.info', {});
    expect(info).toMatchObject({ name: 'local-coder', version: pkg.version });
    expect(info.dataDir).toBe(home);
    expect(pageErrors).toEqual([]);
  });
});
