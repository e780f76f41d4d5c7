// The IPC contract between the window and the main process. Channel names and payload types live
// here so the preload, the main-process handlers and the renderer agree by construction.

export const IPC = {
  appInfo: 'app:info',
} as const;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  dataDir: string;
}

/** What the preload exposes on window.api: typed methods only, never raw ipcRenderer. */
export interface DesktopApi {
  getAppInfo(): Promise<AppInfo>;
}
