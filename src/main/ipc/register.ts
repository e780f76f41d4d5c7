// The one invoke channel and the one event channel between the window and the backend. Every invoke
// is checked (the sender is the app's own top frame; the method and its input match the shared table)
// before the backend runs it. No business logic here.
import { ipcMain, type BrowserWindow } from 'electron';
import { IPC } from '../../shared/ipc.js';
import type { DesktopBackend } from '../services/backend.js';
import { assertTrustedSender } from './sender.js';
import { parseInvoke } from './validate.js';

/** Returns the function that removes the handler and the event forwarding. */
export function registerIpc(backend: DesktopBackend, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(IPC.invoke, async (event, method: unknown, input: unknown) => {
    assertTrustedSender(event);
    const call = parseInvoke(method, input);
    if (!call.ok) throw new Error(call.message);
    return backend.handle(call.method, call.input);
  });
  const unsubscribe = backend.subscribe((event) => {
    const win = getWindow();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(IPC.event, event);
  });
  return () => {
    ipcMain.removeHandler(IPC.invoke);
    unsubscribe();
  };
}
