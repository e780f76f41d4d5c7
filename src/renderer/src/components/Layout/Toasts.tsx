// Failures shown to the person until dismissed.
import { useAppStore } from '../../store';

export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className="toast" role="alert" data-testid="error-toast" data-code={t.code}>
          <div className="toast-text">
            <strong>{t.title}</strong>
            <span>{t.message}</span>
            <code>{t.code}</code>
          </div>
          <button className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
