// Links in the assistant's text. They never navigate the window (no href at all, so neither a click nor
// a middle click can); a click asks first, naming the full address, then the system browser opens it
// through the main process (shell.openExternal, http(s) only there too).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { call, isFailure } from '../../api/client';
import { linkHost, webLink } from '../../lib/web-link';

export function ExternalLink({ href, children }: { href: string | undefined; children: ReactNode }) {
  const url = webLink(href);
  const [asking, setAsking] = useState(false);
  if (!url) {
    return (
      <span className="md-link blocked" data-testid="md-link-blocked" title="Not an http(s) link: not opened">
        {children}
      </span>
    );
  }
  const ask = () => setAsking(true);
  return (
    <>
      <a
        className="md-link"
        role="link"
        tabIndex={0}
        title={url}
        data-testid="md-link"
        data-url={url}
        onClick={(e) => {
          e.preventDefault();
          ask();
        }}
        onKeyDown={(e) => {
          // Without preventDefault the same key press would go on to click the dialog's focused button.
          if (e.key === 'Enter') {
            e.preventDefault();
            ask();
          }
        }}
      >
        {children}
      </a>
      {/* A sibling, not a child: clicks in the dialog must not bubble to the link (React follows the tree). */}
      {asking && createPortal(<LinkConfirm url={url} onClose={() => setAsking(false)} />, document.body)}
    </>
  );
}

/** The modal question; Cancel has the focus, Escape cancels. */
export function LinkConfirm({ url, onClose }: { url: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const open = async () => {
    setBusy(true);
    const result = await call('shell.openExternal', { url });
    setBusy(false);
    if (isFailure(result)) setError(result.message);
    else onClose();
  };

  return (
    <dialog
      ref={ref}
      className="link-confirm"
      data-testid="link-confirm"
      aria-labelledby="link-confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h3 id="link-confirm-title">Open this link in your browser?</h3>
      <p>
        It goes to <strong data-testid="link-confirm-host">{linkHost(url)}</strong>:
      </p>
      <code className="link-confirm-url" data-testid="link-confirm-url">
        {url}
      </code>
      {error && (
        <p className="link-confirm-error" role="alert">
          {error}
        </p>
      )}
      <div className="link-confirm-actions">
        <button type="button" data-testid="link-confirm-cancel" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          data-testid="link-confirm-open"
          disabled={busy}
          onClick={() => void open()}
        >
          Open in browser
        </button>
      </div>
    </dialog>
  );
}
