// Who may call the main process: only the app's own renderer, as the window's top frame (no iframe, no
// page navigated elsewhere). register.ts checks every invoke here before the backend sees it.
import type { IpcMainInvokeEvent } from 'electron';

let trustedOrigin: string | undefined;

/** The origin the app's own renderer is served from (file:// in production, the dev server in dev). */
export function setTrustedRendererUrl(url: string): void {
  trustedOrigin = url.startsWith('file:') ? 'file://' : new URL(url).origin;
}

/** Every IPC handler calls this first: only the app's own top frame may talk to the main process. */
export function assertTrustedSender(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  const url = frame?.url ?? '';
  const origin = url.startsWith('file:') ? 'file://' : safeOrigin(url);
  if (!frame || frame.parent !== null || !trustedOrigin || origin !== trustedOrigin) {
    throw new Error(`IPC refused: untrusted sender ${url || '(unknown)'}`);
  }
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
