// The opened folder, the recent folders, the watcher's health and the file open in the viewer.
import type { FileView, WorkspaceInfo } from '../../../shared/ipc';
import { call, isCancelled, isFailure } from '../api/client';
import type { SliceCreator } from './types';

export interface Viewer {
  path: string;
  view: FileView | null;
}

export interface WorkspaceSlice {
  workspace: WorkspaceInfo | null;
  recent: string[];
  /** The watcher's last word; `degraded` is shown as a notice. */
  watch: { status: 'ready' | 'degraded'; message?: string } | null;
  viewer: Viewer | null;
  opening: boolean;
  setWatch(watch: WorkspaceSlice['watch']): void;
  /** No path: the main process asks with a dialog. */
  openFolder(path?: string): Promise<void>;
  loadRecent(): Promise<void>;
  openFile(path: string): Promise<void>;
  closeFile(): void;
  /** Re-reads the open file when the watcher says it changed. */
  refreshOpenFile(changed: readonly string[]): void;
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get) => ({
  workspace: null,
  recent: [],
  watch: null,
  viewer: null,
  opening: false,
  setWatch: (watch) => set({ watch }),
  async openFolder(path) {
    set({ opening: true });
    const result = await call('workspace.open', path === undefined ? {} : { path });
    set({ opening: false });
    if (isFailure(result)) return get().reportFailure(result, 'Could not open the folder');
    if (isCancelled(result)) return;
    set({ workspace: result, viewer: null, watch: null, center: 'chat' });
    get().resetTree();
    get().resetChat();
    void get().loadDir('');
    void get().loadRecent();
    void get().loadSessions();
    void get().loadMcp();
  },
  async loadRecent() {
    const result = await call('workspace.recent', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not list recent folders');
    set({ recent: result });
  },
  async openFile(path) {
    set({ viewer: { path, view: null }, center: 'file' });
    const result = await call('workspace.read', { path });
    if (get().viewer?.path !== path) return;
    if (isFailure(result)) {
      set({ viewer: null, center: 'chat' });
      return get().reportFailure(result, `Could not open ${path}`);
    }
    set({ viewer: { path, view: result } });
  },
  closeFile: () => set({ viewer: null, center: get().center === 'file' ? 'chat' : get().center }),
  async refreshOpenFile(changed) {
    const open = get().viewer;
    if (!open?.view || !changed.includes(open.path)) return;
    // In place: the old text stays until the new one is read, and the center tab is left alone (a
    // change on disk is no reason to hide the chat or a question).
    const result = await call('workspace.read', { path: open.path });
    if (get().viewer?.path !== open.path) return;
    if (isFailure(result)) return get().reportFailure(result, `Could not re-read ${open.path}`);
    set({ viewer: { path: open.path, view: result } });
  },
});
