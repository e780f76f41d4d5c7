// The lazy file tree: folders load when opened; the watcher's changes patch loaded folders.
import type { DesktopEvent } from '../../../shared/ipc';
import { call, isFailure } from '../api/client';
import {
  applyTreeChanges,
  dropFlags,
  sortEntries,
  type PathFlags,
  type TreeChildren,
} from '../tree/tree-model';
import type { SliceCreator } from './types';

export interface TreeSlice {
  children: TreeChildren;
  expanded: PathFlags;
  loadingDirs: PathFlags;
  resetTree(): void;
  loadDir(dir: string): Promise<void>;
  toggleDir(dir: string): void;
  applyTreeEvent(changes: Extract<DesktopEvent, { type: 'tree' }>['changes']): void;
}

function withFlag(flags: PathFlags, key: string, on: boolean): PathFlags {
  if ((flags[key] === true) === on) return flags;
  const next = { ...flags };
  if (on) next[key] = true;
  else delete next[key];
  return next;
}

export const createTreeSlice: SliceCreator<TreeSlice> = (set, get) => ({
  children: {},
  expanded: {},
  loadingDirs: {},
  resetTree: () => set({ children: {}, expanded: {}, loadingDirs: {} }),
  async loadDir(dir) {
    set((s) => ({ loadingDirs: withFlag(s.loadingDirs, dir, true) }));
    const root = get().workspace?.root;
    const result = await call('workspace.list', { dir });
    if (get().workspace?.root !== root) return;
    set((s) => ({ loadingDirs: withFlag(s.loadingDirs, dir, false) }));
    if (isFailure(result)) {
      set((s) => ({ expanded: withFlag(s.expanded, dir, false) }));
      return get().reportFailure(result, `Could not list ${dir || 'the folder'}`);
    }
    set((s) => ({ children: { ...s.children, [dir]: sortEntries(result.entries) } }));
  },
  toggleDir(dir) {
    const open = get().expanded[dir] === true;
    set((s) => ({ expanded: withFlag(s.expanded, dir, !open) }));
    if (!open && !get().children[dir]) void get().loadDir(dir);
  },
  applyTreeEvent(changes) {
    const gone = changes.filter((c) => c.kind === 'unlinkDir').map((c) => c.path);
    set((s) => ({
      children: applyTreeChanges(s.children, changes),
      expanded: dropFlags(s.expanded, gone),
      loadingDirs: dropFlags(s.loadingDirs, gone),
    }));
    get().refreshOpenFile(changes.filter((c) => c.kind === 'change').map((c) => c.path));
  },
});
