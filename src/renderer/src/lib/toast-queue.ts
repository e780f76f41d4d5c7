// The toasts' rules: a toast raised again while shown collapses into the one on screen (a count, and
// its time restarts); at most MAX_TOASTS are kept; each kind has its own time on screen.

export type ToastKind = 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  /** What was being done ("Could not start the run"). */
  title: string;
  /** The failure's code; '' for an info toast. */
  code: string;
  message: string;
  /** Times it was raised while shown; the view writes ×N from 2 on. */
  count: number;
  /** Changes with each repeat, so the view restarts the dismiss timer. */
  raised: number;
}

export type ToastInput = Pick<Toast, 'kind' | 'title' | 'code' | 'message'>;

/** Toasts kept at once; the oldest goes first. */
export const MAX_TOASTS = 4;

/** Time on screen in ms, counted while the pointer or focus is not on the toast. */
export const TOAST_MS: Record<ToastKind, number> = { error: 8000, info: 4000 };

function sameToast(a: ToastInput, b: ToastInput): boolean {
  return a.kind === b.kind && a.title === b.title && a.code === b.code && a.message === b.message;
}

/** The list with `input` added: a repeat moves to the end with its count raised; `id` is for a new one. */
export function addToast(list: readonly Toast[], input: ToastInput, id: number): Toast[] {
  const shown = list.find((t) => sameToast(t, input));
  if (shown) {
    return [
      ...list.filter((t) => t !== shown),
      { ...shown, count: shown.count + 1, raised: shown.raised + 1 },
    ];
  }
  return [...list.slice(-(MAX_TOASTS - 1)), { ...input, id, count: 1, raised: 0 }];
}
