// Electron main: the window and the wiring, nothing else. The services live in services/ and never
// import electron; what only the shell can do (dialogs, the OS browser) is handed to them as hooks.
import { app, BrowserWindow, dialog, safeStorage, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpc } from './ipc/register.js';
import { setTrustedRendererUrl } from './ipc/sender.js';
import { createDesktopBackend } from './services/desktop-backend.js';
import { isWebUrl } from '../shared/web-url.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;

const backend = createDesktopBackend({
  app: { name: app.getName(), version: app.getVersion() },
  // The app's root holds models/; the built main may sit in a chunk folder, so no path from here.
  catalogFile: process.env.LOCAL_CODER_CATALOG ?? path.join(app.getAppPath(), 'models', 'catalog.json'),
  shell: {
    async pickFolder() {
      const options = { title: 'Open a folder', properties: ['openDirectory' as const] };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickModelFile() {
      const options = {
        title: 'Import a GGUF model',
        properties: ['openFile' as const],
        filters: [{ name: 'GGUF models', extensions: ['gguf'] }],
      };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async openExternal(url) {
      if (isWebUrl(url)) await shell.openExternal(url);
    },
    // The server key: encrypted with the OS keyring (Keychain, DPAPI, libsecret/kwallet).
    secretCipher: safeStorage,
  },
});

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'local-coder',
    // Taskbar and window icon on Windows and Linux; macOS takes the bundle's icon instead.
    icon: path.join(app.getAppPath(), 'resources', 'icon.png'),
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

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

/** No navigation away from the app, no new windows, no webviews; http(s) links open in the OS browser. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

let disposed = false;
app.on('before-quit', (event) => {
  if (disposed) return;
  // Stop runs and downloads and unload the model before the process goes.
  event.preventDefault();
  disposed = true;
  void backend.dispose().finally(() => app.quit());
});

app.whenReady().then(() => {
  // The window needs no permissions (camera, notifications...) but writing the clipboard (a code
  // block's Copy), and that only for the app's own window: refuse everything else.
  const allowed = (contents: WebContents | null, permission: string) =>
    permission === 'clipboard-sanitized-write' && contents !== null && contents === mainWindow?.webContents;
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(contents, permission)),
  );
  session.defaultSession.setPermissionCheckHandler((contents, permission) => allowed(contents, permission));
  registerIpc(backend, () => mainWindow);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
