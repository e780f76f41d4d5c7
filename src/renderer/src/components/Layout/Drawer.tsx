// The side drawer's frame: a titled header with a close button, then the panel's own body.
import type { ReactNode } from 'react';
import { useAppStore } from '../../store';

export function Drawer({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const close = useAppStore((s) => s.closeDrawer);
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
