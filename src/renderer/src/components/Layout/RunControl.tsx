// The run, whatever the center shows (a review, a file): that it works, and Cancel. Esc cancels too
// when nothing else has it (a menu, a drawer, an editor, a dialog take Esc first and stop it there).
import { useEffect } from 'react';
import { useAppStore } from '../../store';

export function RunControl() {
  const running = useAppStore((s) => s.running);
  const cancel = useAppStore((s) => s.cancel);
  useEffect(() => {
    if (!running) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // Esc in a text field or an editor is that field's (Monaco closes its widgets with it).
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, .monaco-editor, [role="dialog"], [role="menu"]')) return;
      if (useAppStore.getState().drawer !== null) return;
      event.preventDefault();
      void cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running, cancel]);
  if (!running) return null;
  return (
    <span className="run-control" data-testid="run-control">
      <span className="spinner" aria-hidden /> Working…
      <button
        className="danger"
        data-testid="run-cancel"
        title="Cancel the run (Esc)"
        onClick={() => void cancel()}
      >
        Cancel
      </button>
    </span>
  );
}
