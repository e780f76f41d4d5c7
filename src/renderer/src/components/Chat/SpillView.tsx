// A tool's full output that the context cut down for the model (its result names `@spill/<name>`),
// read from the session's kept outputs and shown in a dialog: the whole text (up to 5 MB), with Copy.
import { useRef, useState } from 'react';
import { call, isFailure } from '../../api/client';
import { useAppStore } from '../../store';

const SPILL_REF = /@spill\/([A-Za-z0-9_-][A-Za-z0-9._-]*)/;

/** The kept output a tool result names, if any. */
export function spillName(output: string | undefined): string | null {
  return output ? (SPILL_REF.exec(output)?.[1] ?? null) : null;
}

export function SpillButton({ name }: { name: string }) {
  const sessionId = useAppStore((s) => s.replay?.summary.sessionId ?? s.sessionId);
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const show = async () => {
    if (!sessionId) return;
    const result = await call('sessions.spill', { sessionId, name });
    if (isFailure(result)) {
      setText(null);
      setNote(result.message);
    } else {
      setText(result.text);
      setNote(
        result.truncated
          ? `The first 5 MB of ${result.sizeBytes.toLocaleString()} bytes.`
          : `${result.sizeBytes.toLocaleString()} bytes.`,
      );
    }
    dialog.current?.showModal();
  };
  return (
    <>
      <button className="small" data-testid="spill-open" data-name={name} onClick={() => void show()}>
        Full output
      </button>
      <dialog
        ref={dialog}
        className="spill-dialog"
        data-testid="spill-dialog"
        aria-label={`Full output ${name}`}
      >
        <div className="popover-head">
          <strong className="mono">@spill/{name}</strong>
          <span className="muted small" data-testid="spill-note">
            {note}
          </span>
        </div>
        {text !== null && <pre data-testid="spill-text">{text}</pre>}
        <div className="form-actions">
          {text !== null && (
            <button onClick={() => void navigator.clipboard?.writeText(text).catch(() => undefined)}>
              Copy
            </button>
          )}
          <button className="primary" data-testid="spill-close" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
