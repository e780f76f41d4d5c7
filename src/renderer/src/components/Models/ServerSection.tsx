// The Server entry: a model on an OpenAI-compatible engine instead of a GGUF. The person types the URL
// (and a key, if the server wants one), lists its models, picks one and connects; the main process
// probes it and, on success, runs use it. A typed key lives only in this component until a connect
// succeeds (then it is dropped) and is never shown back: the view says only whether one is stored.
import { useEffect, useId, useRef, useState } from 'react';
import type { ServerView } from '../../../../shared/ipc';
import { useAppStore } from '../../store';

function keyPlaceholder(view: ServerView | null): string {
  if (view?.hasKey) return 'stored (leave empty to keep)';
  if (view?.keyFromEnv) return 'from LOCAL_CODER_API_KEY';
  return 'none';
}

export function ServerSection() {
  const view = useAppStore((s) => s.server);
  const listed = useAppStore((s) => s.serverModels);
  const error = useAppStore((s) => s.serverError);
  const pending = useAppStore((s) => s.serverPending);
  const modelState = useAppStore((s) => s.modelState);
  const loadServer = useAppStore((s) => s.loadServer);
  const listModels = useAppStore((s) => s.listServerModels);
  const connect = useAppStore((s) => s.connectServer);
  const disconnect = useAppStore((s) => s.disconnectServer);
  const forgetKey = useAppStore((s) => s.forgetServerKey);

  const [url, setUrl] = useState('');
  const [model, setModel] = useState('');
  const [key, setKey] = useState('');
  /** The person changed the URL or model: the saved ones no longer overwrite the fields. */
  const edited = useRef(false);
  const ids = useId();

  // The model state changes when a run opens the server's model or a GGUF replaces it: read the view again.
  useEffect(() => void loadServer(), [loadServer, modelState]);
  useEffect(() => {
    if (!view || edited.current) return;
    setUrl(view.url ?? '');
    setModel(view.model ?? '');
  }, [view]);

  const canStoreKey = view?.canStoreKey ?? true;
  const typedKey = canStoreKey && key !== '' ? key : undefined;
  const trimmedUrl = url.trim();
  const busy = pending !== null;
  const choices = [...new Set([...listed, ...(model ? [model] : [])])];

  const list = async () => {
    if (!trimmedUrl || busy) return;
    if (!(await listModels(trimmedUrl, typedKey))) return;
    const found = useAppStore.getState().serverModels;
    if (found.length > 0 && !found.includes(model)) {
      edited.current = true;
      setModel(found[0]!);
    }
  };

  const doConnect = async () => {
    if (!trimmedUrl || !model || busy) return;
    if (await connect({ url: trimmedUrl, model, ...(typedKey !== undefined ? { key: typedKey } : {}) })) {
      setKey('');
      edited.current = false;
      const saved = useAppStore.getState().server;
      if (saved?.url) setUrl(saved.url);
    }
  };

  return (
    <section className="server-section" data-testid="server-section" data-active={view?.active ?? false}>
      <div className="section-head">
        <h3>Server</h3>
        {view?.active && (
          <span className="badge ok" data-testid="server-active">
            {view.connected ? 'connected' : 'active'}
          </span>
        )}
      </div>
      <p className="muted small">
        A model on an OpenAI-compatible server (llama-server, Ollama, LM Studio, vLLM)
      </p>
      <div className="server-form">
        <label htmlFor={`${ids}-url`}>URL</label>
        <input
          id={`${ids}-url`}
          data-testid="server-url"
          className="mono"
          type="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="http://127.0.0.1:8080/v1"
          value={url}
          onChange={(e) => {
            edited.current = true;
            setUrl(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void list();
            }
          }}
        />
        <label htmlFor={`${ids}-key`}>Key</label>
        <div className="server-key-line">
          <input
            id={`${ids}-key`}
            data-testid="server-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={keyPlaceholder(view)}
            disabled={!canStoreKey}
            value={canStoreKey ? key : ''}
            onChange={(e) => setKey(e.target.value)}
          />
          {view?.hasKey && (
            <button
              className="small"
              data-testid="server-forget-key"
              disabled={busy}
              onClick={() => void forgetKey()}
            >
              {pending === 'forget' ? 'Forgetting…' : 'Forget key'}
            </button>
          )}
        </div>
        {!canStoreKey && (
          <div className="notice warning small server-key-note" data-testid="server-key-note">
            This system cannot store the key (no keyring). Start the app with <code>LOCAL_CODER_API_KEY</code>{' '}
            set instead; it is then never written anywhere.
          </div>
        )}
        <label htmlFor={`${ids}-model`}>Model</label>
        <div className="server-model-line">
          <select
            id={`${ids}-model`}
            data-testid="server-model"
            value={model}
            disabled={choices.length === 0}
            onChange={(e) => {
              edited.current = true;
              setModel(e.target.value);
            }}
          >
            {choices.length === 0 && <option value="">List the server's models first</option>}
            {choices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <button data-testid="server-list" disabled={!trimmedUrl || busy} onClick={() => void list()}>
            {pending === 'list' ? 'Listing…' : 'List models'}
          </button>
        </div>
      </div>
      {error && (
        <div className="error-text small server-error" role="alert" data-testid="server-error">
          {error.message}{' '}
          <code className="small" data-testid="server-error-code">
            {error.code}
          </code>
        </div>
      )}
      {view?.active && (
        <div className="server-state small" data-testid="server-about">
          {view.connected ? (
            <>
              <span className="mono">{view.connected.id}</span> ·{' '}
              {view.connected.contextSize.toLocaleString()} tokens of context
              <div className="muted">{view.connected.about}</div>
            </>
          ) : (
            <span className="muted">
              Runs use <span className="mono">{view.model}</span>; it connects on the next task.
            </span>
          )}
        </div>
      )}
      <div className="server-actions">
        {view?.active && (
          <button data-testid="server-disconnect" disabled={busy} onClick={() => void disconnect()}>
            {pending === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
          </button>
        )}
        <button
          className="primary"
          data-testid="server-connect"
          disabled={!trimmedUrl || !model || busy}
          onClick={() => void doConnect()}
        >
          {pending === 'connect' ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </section>
  );
}
