// The toasts, over the foot of the file tree: clear of the chat's input and its buttons at any window
// size, and of the center's questions. Each goes by itself (errors after 8 s, notes sooner), waits
// while the pointer or the keyboard focus is on it, and has a close button.
import { useEffect, useRef, useState } from 'react';
import { TOAST_MS, type Toast } from '../../lib/toast-queue';
import { useAppStore } from '../../store';

export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-live="assertive" data-testid="toasts">
      {toasts.map((t) => (
        <ToastView key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastView({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  useAutoDismiss(TOAST_MS[toast.kind], hovered || focused, toast.raised, () => dismiss(toast.id));
  const error = toast.kind === 'error';
  return (
    <div
      className={`toast ${toast.kind}`}
      role={error ? 'alert' : 'status'}
      data-testid={error ? 'error-toast' : 'info-toast'}
      data-code={toast.code}
      data-count={toast.count}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
    >
      <div className="toast-text">
        <strong>
          {toast.title}
          {toast.count > 1 && (
            <span className="toast-count" data-testid="toast-count" title={`Raised ${toast.count} times`}>
              ×{toast.count}
            </span>
          )}
        </strong>
        <span>{toast.message}</span>
        {toast.code && <code>{toast.code}</code>}
      </div>
      <button className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

/** Calls `onDone` after `ms` of not being paused; a new `restart` value starts the full time again. */
function useAutoDismiss(ms: number, paused: boolean, restart: number, onDone: () => void): void {
  const remaining = useRef(ms);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  // Declared before the timer's effect, so a restart resets the time before the timer starts again.
  useEffect(() => {
    remaining.current = ms;
  }, [ms, restart]);
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => done.current(), Math.max(0, remaining.current));
    return () => {
      clearTimeout(timer);
      remaining.current -= Date.now() - started;
    };
  }, [paused, ms, restart]);
}
