// The opened folder, the recent folders, the watcher's health and the files open in tabs (`viewer` is
// the tab shown, one of `tabs`).
import type { FileView, WorkspaceInfo } from '../../../shared/ipc';
import { call, isCancelled, isFailure } from '../api/client';
import type { SliceCreator } from './types';

export interface Viewer {
  path: string;
  view: FileView | null;
  /** A line to show and select (1-based), e.g. a search match. */
  line?: number;
}

/** File tabs kept open at once; opening one more closes the oldest not shown. */
const MAX_TABS = 12;

export interface WorkspaceSlice {
  workspace: WorkspaceInfo | null;
  recent: string[];
  /** The watcher's last word; `degraded` is shown as a notice. */
  watch: { status: 'ready' | 'degraded'; message?: string } | null;
  viewer: Viewer | null;
  tabs: Viewer[];
  opening: boolean;
  setWatch(watch: WorkspaceSlice['watch']): void;
  /** No path: the main process asks with a dialog. */
  openFolder(path?: string): Promise<void>;
  loadRecent(): Promise<void>;
  /** Opens `path` in its tab (a new one, or the one it has), at `line` if given. */
  openFile(path: string, line?: number): Promise<void>;
  /** Closes that tab (default: the one shown); the next one is shown, or the chat. */
  closeFile(path?: string): void;
  /** Re-reads open files when the watcher says they changed. */
  refreshOpenFile(changed: readonly string[]): void;
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get) => {
  /** The text read for `path`, into its tab (and the shown one), if the tab is still open. */
  const putView = (path: string, view: FileView) =>
    set((st) => {
      const tabs = st.tabs.map((t) => (t.path === path ? { ...t, view } : t));
      const viewer = st.viewer?.path === path ? { ...st.viewer, view } : st.viewer;
      return { tabs, viewer };
    });
  return {
    workspace: null,
    recent: [],
    watch: null,
    viewer: null,
    tabs: [],
    opening: false,
    setWatch: (watch) => set({ watch }),
    async openFolder(path) {
      set({ opening: true });
      const result = await call('workspace.open', path === undefined ? {} : { path });
      set({ opening: false });
      if (isFailure(result)) return get().reportFailure(result, 'Could not open the folder');
      if (isCancelled(result)) return;
      set({ workspace: result, viewer: null, tabs: [], watch: null, center: 'chat' });
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
    async openFile(path, line) {
      const known = get().tabs.find((t) => t.path === path);
      const tab: Viewer = { path, view: known?.view ?? null, ...(line !== undefined ? { line } : {}) };
      set((st) => {
        const others = st.tabs.filter((t) => t.path !== path);
        const kept = others.length >= MAX_TABS ? others.slice(others.length - MAX_TABS + 1) : others;
        const at = st.tabs.findIndex((t) => t.path === path);
        const tabs = at >= 0 ? st.tabs.map((t) => (t.path === path ? tab : t)) : [...kept, tab];
        return { tabs, viewer: tab, center: 'file' };
      });
      if (known?.view) return;
      const result = await call('workspace.read', { path });
      if (!get().tabs.some((t) => t.path === path)) return;
      if (isFailure(result)) {
        get().closeFile(path);
        return get().reportFailure(result, `Could not open ${path}`);
      }
      putView(path, result);
    },
    closeFile(path) {
      const shown = get().viewer;
      const target = path ?? shown?.path;
      const at = get().tabs.findIndex((t) => t.path === target);
      if (at < 0) return;
      const tabs = get().tabs.filter((t) => t.path !== target);
      if (shown?.path !== target) return set({ tabs });
      const next = tabs[Math.min(at, tabs.length - 1)] ?? null;
      set({ tabs, viewer: next, center: get().center === 'file' && !next ? 'chat' : get().center });
    },
    async refreshOpenFile(changed) {
      // In place: the old text stays until the new one is read, and the center tab is left alone (a
      // change on disk is no reason to hide the chat or a question).
      const stale = get().tabs.filter((t) => t.view && changed.includes(t.path));
      await Promise.all(
        stale.map(async ({ path }) => {
          const result = await call('workspace.read', { path });
          if (isFailure(result)) return get().reportFailure(result, `Could not re-read ${path}`);
          putView(path, result);
        }),
      );
    },
  };
};
