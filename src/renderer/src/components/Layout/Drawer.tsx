// The side drawer's frame: a titled header with a close button (or Esc), then the panel's own body.
import { useEffect, type ReactNode } from 'react';
import { useAppStore } from '../../store';

export function Drawer({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const close = useAppStore((s) => s.closeDrawer);
  useEffect(() => {
    // Esc closes the drawer (before it could cancel a run); a dialog or an editor inside keeps its own Esc.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('.monaco-editor, [role="dialog"], [role="menu"]')) return;
      event.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);
  return (
    <aside className="drawer" data-testid={testId} aria-label={title}>
      <div className="drawer-header">
        <h2>{title}</h2>
        <button className="icon-button" aria-label="Close" onClick={close}>
          ×
        </button>
      </div>
      {children}
    </aside>
  );
}
