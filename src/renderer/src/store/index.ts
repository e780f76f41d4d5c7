// One zustand store, built from slices as the UI grows.
import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc';

interface AppSlice {
  info: AppInfo | undefined;
  infoError: string | undefined;
  loadInfo(): Promise<void>;
}

export const useAppStore = create<AppSlice>()((set) => ({
  info: undefined,
  infoError: undefined,
  async loadInfo() {
    try {
      set({ info: await window.api.getAppInfo(), infoError: undefined });
    } catch (error) {
      set({ infoError: error instanceof Error ? error.message : String(error) });
    }
  },
}));
