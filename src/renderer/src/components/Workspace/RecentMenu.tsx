// Recent folders in a drop-down; a click opens one.
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';

export function RecentMenu() {
  const recent = useAppStore((s) => s.recent);
  const openFolder = useAppStore((s) => s.openFolder);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <div className="menu" ref={ref}>
      <button data-testid="recent-menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Recent ▾
      </button>
      {open && (
        <ul className="menu-list" role="menu">
          {recent.length === 0 && <li className="menu-empty">No recent folders</li>}
          {recent.map((path) => (
            <li key={path}>
              <button
                role="menuitem"
                data-testid="recent-folder"
                data-path={path}
                title={path}
                onClick={() => {
                  setOpen(false);
                  void openFolder(path);
                }}
              >
                {path}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
