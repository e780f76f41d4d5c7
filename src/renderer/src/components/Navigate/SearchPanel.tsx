// Search the folder's text with the agent's own engine (ripgrep where present, else the built-in one):
// literal or regular expression, results grouped by file; a match opens its file at that line in a tab.
// Ctrl+Shift+F (Cmd+Shift+F) opens the panel.
import { useEffect, useRef, useState } from 'react';
import type { SearchView } from '../../../../shared/ipc';
import { call, isFailure } from '../../api/client';
import { useAppStore } from '../../store';
import { Drawer } from '../Layout/Drawer';

function grouped(matches: SearchView['matches']): [string, SearchView['matches']][] {
  const byFile = new Map<string, SearchView['matches']>();
  for (const m of matches) byFile.set(m.path, [...(byFile.get(m.path) ?? []), m]);
  return [...byFile];
}

export function SearchPanel() {
  const openFile = useAppStore((s) => s.openFile);
  const input = useRef<HTMLInputElement>(null);
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SearchView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => input.current?.focus(), []);

  const run = async () => {
    if (!pattern || busy) return;
    setBusy(true);
    const answer = await call('workspace.search', { pattern, regex });
    setBusy(false);
    if (isFailure(answer)) {
      setResult(null);
      return setError(answer.message);
    }
    setError(null);
    setResult(answer);
  };

  const files = result ? grouped(result.matches) : [];
  return (
    <Drawer title="Search" testId="search-panel">
      <div className="drawer-body">
        <form
          className="search-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <input
            ref={input}
            data-testid="search-input"
            aria-label="Search the folder"
            placeholder="Text to find (Enter)"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
          />
          <label className="inline-label small">
            <input
              type="checkbox"
              data-testid="search-regex"
              checked={regex}
              onChange={(e) => setRegex(e.target.checked)}
            />
            Regular expression
          </label>
          <button type="submit" className="primary" disabled={!pattern || busy}>
            {busy ? 'Searching…' : 'Search'}
          </button>
        </form>
        {error && (
          <p className="error-text small" role="alert" data-testid="search-error">
            {error}
          </p>
        )}
        {result && (
          <p className="muted small" data-testid="search-summary" aria-live="polite">
            {result.matches.length} match{result.matches.length === 1 ? '' : 'es'} in {files.length} file
            {files.length === 1 ? '' : 's'}
            {result.capped ? ' (stopped at the limit; narrow the search)' : ''} · {result.filesSearched} files
            searched
            {result.skippedCount > 0 ? ` · ${result.skippedCount} skipped (too large or unreadable)` : ''}
          </p>
        )}
        <ul className="search-results">
          {files.map(([path, matches]) => (
            <li key={path} data-testid="search-file" data-path={path}>
              <div className="mono small search-file">{path}</div>
              <ul>
                {matches.map((m) => (
                  <li key={m.line}>
                    <button
                      className="search-match mono small"
                      data-testid="search-match"
                      data-path={path}
                      data-line={m.line}
                      onClick={() => void openFile(path, m.line)}
                    >
                      <span className="muted">{m.line}</span> {m.text.trim()}
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </div>
    </Drawer>
  );
}
