// The active model and the backend it runs on, or its load progress, in the top bar.
import { useAppStore } from '../../store';
import { ProgressBar } from './ProgressBar';

export function ModelBadge() {
  const state = useAppStore((s) => s.modelState);
  const active = useAppStore((s) => s.settings?.activeModel ?? null);
  const toggleDrawer = useAppStore((s) => s.toggleDrawer);
  let body;
  switch (state.status) {
    case 'loaded':
      body = (
        <>
          <span className="mono">{state.fileName}</span>
          <span className="badge ok" data-testid="model-backend">
            {state.backend}
          </span>
          <span className="muted small">{state.contextSize.toLocaleString()} ctx</span>
        </>
      );
      break;
    case 'loading':
      body = (
        <>
          <span className="mono">Loading {state.fileName}</span>
          <ProgressBar percent={state.progress * 100} label="Model load" testId="model-progress" />
        </>
      );
      break;
    case 'failed':
      body = (
        <>
          <span className="mono">{state.fileName}</span>
          <span className="badge bad">failed</span>
        </>
      );
      break;
    case 'empty':
      body = active ? (
        <>
          <span className="mono">{active}</span>
          <span className="muted small">not loaded</span>
        </>
      ) : (
        <span className="muted">No model chosen</span>
      );
      break;
  }
  return (
    <button
      className="model-badge"
      data-testid="model-badge"
      data-status={state.status}
      onClick={() => toggleDrawer('models')}
    >
      {body}
    </button>
  );
}
