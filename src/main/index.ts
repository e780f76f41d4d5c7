// Electron main: the window and the wiring, nothing else. Services live in their own folders.
import { app, BrowserWindow, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppInfoHandlers } from './ipc/app-info.js';
import { setTrustedRendererUrl } from './ipc/sender.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'local-coder',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());

  // No navigation away from the app and no new windows; http(s) links open in the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) {
    setTrustedRendererUrl(devUrl);
    void win.loadURL(devUrl);
  } else {
    const file = path.join(here, '../renderer/index.html');
    setTrustedRendererUrl(`file://${file}`);
    void win.loadFile(file);
  }
}

app.whenReady().then(() => {
  registerAppInfoHandlers();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
