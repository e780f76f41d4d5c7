// The loaded model in detail: load progress, backend, context size, chat template; or why it failed.
import { useAppStore } from '../../store';
import { ProgressBar } from './ProgressBar';

export function ModelStatus() {
  const state = useAppStore((s) => s.modelState);
  return (
    <section className="model-status" data-testid="model-status" data-status={state.status}>
      <h3>Loaded model</h3>
      {state.status === 'empty' && (
        <p className="muted small">None loaded. Activate a model below; it loads on the first task.</p>
      )}
      {state.status === 'loading' && (
        <>
          <p>
            Loading <span className="mono">{state.fileName}</span> · {Math.round(state.progress * 100)}%
          </p>
          <ProgressBar percent={state.progress * 100} label="Model load" testId="model-progress" />
        </>
      )}
      {state.status === 'loaded' && (
        <dl className="facts">
          <dt>File</dt>
          <dd className="mono">{state.fileName}</dd>
          <dt>Backend</dt>
          <dd data-testid="model-status-backend">{state.backend}</dd>
          <dt>Context</dt>
          <dd>{state.contextSize.toLocaleString()} tokens</dd>
          <dt>Chat format</dt>
          <dd className="mono">{state.chatWrapper}</dd>
        </dl>
      )}
      {state.status === 'failed' && (
        <p className="error-text">
          <span className="mono">{state.fileName}</span>: {state.message} <code>{state.code}</code>
        </p>
      )}
    </section>
  );
}
