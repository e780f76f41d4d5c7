// One model file in the models folder: activate it, or delete it (asks once more).
import { useState } from 'react';
import type { LibraryView } from '../../../../shared/ipc';
import { formatBytes } from '../../lib/format';
import { useAppStore } from '../../store';

function describe(m: LibraryView): string {
  const parts = [
    m.architecture,
    m.parameters !== undefined
      ? `${(m.parameters / 1e9).toFixed(m.parameters < 1e9 ? 3 : 1)}B params`
      : undefined,
    m.quantization,
    m.chatTemplateFamily ? `${m.chatTemplateFamily} template` : undefined,
    formatBytes(m.sizeBytes),
  ];
  return parts.filter(Boolean).join(' · ');
}

export function LibraryRow({ model }: { model: LibraryView }) {
  const activate = useAppStore((s) => s.activateModel);
  const remove = useAppStore((s) => s.deleteModel);
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="row" data-testid="library-row" data-file={model.fileName} data-active={model.active}>
      <div className="row-main">
        <div className="row-title">
          <strong className="mono">{model.fileName}</strong>
          {model.active && <span className="badge ok">active</span>}
        </div>
        <div className="muted small">{describe(model)}</div>
        {model.error && <div className="error-text small">{model.error}</div>}
      </div>
      <div className="row-actions">
        {!model.active && (
          <button
            data-testid="activate-model"
            disabled={model.error !== undefined}
            onClick={() => void activate(model.fileName)}
          >
            Activate
          </button>
        )}
        {confirming ? (
          <>
            <button
              className="danger"
              data-testid="confirm-delete"
              onClick={() => void remove(model.fileName)}
            >
              Delete file
            </button>
            <button onClick={() => setConfirming(false)}>Keep</button>
          </>
        ) : (
          <button data-testid="delete-model" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}
