// Settings and app info from the main process; updates go through settings.update and come back whole.
// `settings` is the one copy in the window: the top bar and the settings form both read it, and send
// only what they change.
import type { AppInfo, MethodInput, Settings } from '../../../shared/ipc';
import type { Failure } from '../../../shared/result';
import { call, isFailure } from '../api/client';
import type { SliceCreator } from './types';

export type SettingsPatch = MethodInput<'settings.update'>;

export interface SettingsSlice {
  settings: Settings | null;
  info: AppInfo | null;
  loadSettings(): Promise<void>;
  loadInfo(): Promise<void>;
  /** Null when saved; the failure otherwise, also shown as a toast unless `toast` is false. */
  updateSettings(patch: SettingsPatch, options?: { toast?: boolean }): Promise<Failure | null>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  info: null,
  async loadSettings() {
    const result = await call('settings.get', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not read the settings');
    set({ settings: result });
  },
  async loadInfo() {
    const result = await call('app.info', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not reach the app');
    set({ info: result });
  },
  async updateSettings(patch, options) {
    const result = await call('settings.update', patch);
    if (isFailure(result)) {
      if (options?.toast !== false) get().reportFailure(result, 'Could not save the settings');
      return result;
    }
    set({ settings: result });
    return null;
  },
});
