// What the window shows where: the center view, the side drawer, and the toasts (every Failure a person
// should see ends up here; nothing is swallowed). The center changes only on the person's actions (and
// when a question needs an answer); a file changing on disk never takes it.
import type { Failure } from '../../../shared/result';
import { addToast, type Toast } from '../lib/toast-queue';
import type { SliceCreator } from './types';

export type { Toast } from '../lib/toast-queue';

export type CenterView = 'chat' | 'file' | 'review';
export type Drawer = 'models' | 'settings' | 'mcp' | 'search' | null;

export interface UiSlice {
  center: CenterView;
  drawer: Drawer;
  toasts: Toast[];
  showCenter(view: CenterView): void;
  toggleDrawer(drawer: Exclude<Drawer, null>): void;
  closeDrawer(): void;
  /** Shows a failure to the person; `title` says what was being done. */
  reportFailure(failure: Failure, title: string): void;
  /** A short note that needs no action; it goes sooner than an error. */
  notify(title: string, message: string): void;
  dismissToast(id: number): void;
}

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
      toasts: addToast(
        s.toasts,
        { kind: 'error', title, code: failure.code, message: failure.message },
        ++toastSeq,
      ),
    })),
  notify: (title, message) =>
    set((s) => ({ toasts: addToast(s.toasts, { kind: 'info', title, code: '', message }, ++toastSeq) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
