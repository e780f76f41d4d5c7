import { useAppStore } from '../../store';

/** Stands in for the real workspace UI (chat, file tree, diff review), which comes with its own issue. */
export function Placeholder() {
  const info = useAppStore((s) => s.info);
  const error = useAppStore((s) => s.infoError);
  return (
    <main className="placeholder">
      <h1>local-coder</h1>
      <p>A local-model coding agent. The workspace UI is on its way; the headless runner works today.</p>
      {info && (
        <p className="meta">
          v{info.version} · {info.platform} · data in {info.dataDir}
        </p>
      )}
      {error && <p className="error">Could not reach the main process: {error}</p>}
    </main>
  );
}
