// The only bridge between the sandboxed window and the main process: typed methods, no raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type DesktopApi } from '../shared/ipc.js';

const api: DesktopApi = {
  getAppInfo: () => ipcRenderer.invoke(IPC.appInfo),
};

contextBridge.exposeInMainWorld('api', api);
