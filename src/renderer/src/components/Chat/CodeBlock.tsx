// A code block in the chat: its language, a copy button, the code coloured once the highlighter is in
// (plain until then, and for languages it does not know).
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { highlightCode } from './highlight';

type Highlight = typeof highlightCode;
type CopyState = 'idle' | 'copied' | 'failed';

/** How long "Copied" stays on the button, ms. */
const COPIED_MS = 1500;

let highlighter: Highlight | null = null;
let loading: Promise<Highlight> | null = null;

/** The highlighter, loaded once for the whole window on the first code block. */
function useHighlighter(): Highlight | null {
  const [fn, setFn] = useState<Highlight | null>(() => highlighter);
  useEffect(() => {
    if (fn) return;
    let live = true;
    loading ??= import('./highlight').then((m) => (highlighter = m.highlightCode));
    void loading.then((loaded) => live && setFn(() => loaded));
    return () => {
      live = false;
    };
  }, [fn]);
  return fn;
}

/**
 * The Clipboard API first; where it is refused (Electron asks the permission handler, which may say no),
 * the editing command, which needs no permission.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      // Deprecated but still the only permission-free way to copy.
      return document.execCommand('copy');
    } finally {
      area.remove();
    }
  }
}

export const CodeBlock = memo(function CodeBlock({ code, lang }: { code: string; lang: string }) {
  const highlight = useHighlighter();
  const coloured = useMemo(() => highlight?.(code, lang) ?? null, [highlight, code, lang]);
  const [copy, setCopy] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onCopy = async () => {
    const ok = await copyText(code);
    setCopy(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopy('idle'), COPIED_MS);
  };

  return (
    <div className="md-code" data-testid="code-block" data-lang={lang}>
      <div className="md-code-bar">
        <span className="md-code-lang">{lang || 'text'}</span>
        <button
          type="button"
          className="small"
          data-testid="copy-code"
          data-state={copy}
          onClick={() => void onCopy()}
        >
          {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
      </div>
      <pre>
        <code className={coloured ? 'hljs' : undefined}>{coloured ?? code}</code>
      </pre>
    </div>
  );
});
