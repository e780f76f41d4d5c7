import { app, ipcMain } from 'electron';
import { IPC, type AppInfo } from '../../shared/ipc.js';
import { dataDir } from '../app-paths.js';
import { assertTrustedSender } from './sender.js';

export function registerAppInfoHandlers(): void {
  ipcMain.handle(IPC.appInfo, (event): AppInfo => {
    assertTrustedSender(event);
    return { name: app.getName(), version: app.getVersion(), platform: process.platform, dataDir: dataDir() };
  });
}
