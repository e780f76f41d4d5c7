// Past sessions of this app; one opens read-only, its events replayed.
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';

export function SessionsMenu() {
  const sessions = useAppStore((s) => s.sessions);
  const loadSessions = useAppStore((s) => s.loadSessions);
  const openSession = useAppStore((s) => s.openSession);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    void loadSessions();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open, loadSessions]);

  return (
    <div className="menu" ref={ref}>
      <button data-testid="sessions-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Sessions ▾
      </button>
      {open && (
        <ul className="menu-list wide" role="menu" data-testid="sessions-list">
          {sessions.length === 0 && <li className="menu-empty">No sessions yet</li>}
          {sessions.map((s) => (
            <li key={s.sessionId}>
              <button
                role="menuitem"
                data-testid="session-row"
                data-id={s.sessionId}
                onClick={() => {
                  setOpen(false);
                  void openSession(s.sessionId);
                }}
              >
                <span className="session-task">{s.task}</span>
                <span className="muted small">
                  {new Date(s.startedAt).toLocaleString()} · {s.stopReason ?? 'running or interrupted'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
