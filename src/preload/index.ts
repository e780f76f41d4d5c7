// The only bridge between the sandboxed window and the main process: typed methods and an event
// subscription. ipcRenderer itself is never exposed.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './bridge.js';

const api = buildApi({
  invoke: (channel, method, input) => ipcRenderer.invoke(channel, method, input),
  on: (channel, listener) => {
    ipcRenderer.on(channel, listener);
  },
  off: (channel, listener) => {
    ipcRenderer.removeListener(channel, listener);
  },
});

contextBridge.exposeInMainWorld('api', api);
