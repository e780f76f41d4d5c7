// What the preload puts on window: the typed API of the shared contract (src/shared/ipc.ts).
import type { DesktopApi } from '../shared/ipc';

declare global {
  interface Window {
    api: DesktopApi;
  }
}
