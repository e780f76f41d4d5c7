// The center before a folder is open: what the agent needs (a folder and a model), the model recommended
// for this machine one click away, and the recent folders.
import { useAppStore } from '../../store';
import { ModelNeed } from './ModelNeed';

export function Welcome() {
  const recent = useAppStore((s) => s.recent);
  const openFolder = useAppStore((s) => s.openFolder);
  const info = useAppStore((s) => s.info);
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Two things to start</h1>
      <ol className="welcome-needs">
        <li data-testid="need-folder">
          <h2>A folder</h2>
          <p className="muted">
            The agent works inside one folder: it reads, proposes changes for you to review, and runs the
            project&apos;s checks.
          </p>
          <button className="primary" onClick={() => void openFolder()}>
            Open folder…
          </button>
          {recent.length > 0 && (
            <ul className="welcome-recent">
              {recent.map((path) => (
                <li key={path}>
                  <button
                    className="link"
                    data-testid="welcome-recent"
                    data-path={path}
                    onClick={() => void openFolder(path)}
                  >
                    {path}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </li>
        <li data-testid="need-model">
          <h2>A model</h2>
          <ModelNeed />
        </li>
      </ol>
      {info && (
        <p className="muted small">
          v{info.version} · {info.platform}
        </p>
      )}
    </div>
  );
}
