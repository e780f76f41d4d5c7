// What the window shows where: the center view, the side drawer, and the error toasts (every Failure
// a person should see ends up here; nothing is swallowed).
import type { Failure } from '../../../shared/result';
import type { SliceCreator } from './types';

export type CenterView = 'chat' | 'file' | 'review';
export type Drawer = 'models' | 'settings' | 'mcp' | null;

export interface Toast {
  id: number;
  title: string;
  code: string;
  message: string;
}

export interface UiSlice {
  center: CenterView;
  drawer: Drawer;
  toasts: Toast[];
  showCenter(view: CenterView): void;
  toggleDrawer(drawer: Exclude<Drawer, null>): void;
  closeDrawer(): void;
  /** Shows a failure to the person; `title` says what was being done. */
  reportFailure(failure: Failure, title: string): void;
  dismissToast(id: number): void;
}

/** Toasts kept at once; older ones go first. */
const MAX_TOASTS = 5;
let toastSeq = 0;

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  center: 'chat',
  drawer: null,
  toasts: [],
  showCenter: (center) => set({ center }),
  toggleDrawer: (drawer) => set((s) => ({ drawer: s.drawer === drawer ? null : drawer })),
  closeDrawer: () => set({ drawer: null }),
  reportFailure: (failure, title) =>
    set((s) => ({
      toasts: [
        ...s.toasts.slice(-(MAX_TOASTS - 1)),
        { id: ++toastSeq, title, code: failure.code, message: failure.message },
      ],
    })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
