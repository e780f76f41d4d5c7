// The center before a folder is open: what to do first, and the recent folders.
import { useAppStore } from '../../store';

export function Welcome() {
  const recent = useAppStore((s) => s.recent);
  const openFolder = useAppStore((s) => s.openFolder);
  const info = useAppStore((s) => s.info);
  return (
    <div className="welcome">
      <h1>Open a folder to start</h1>
      <p className="muted">
        The agent works inside one folder: it reads, proposes changes for you to review, and runs the
        project's checks.
      </p>
      <button className="primary" onClick={() => void openFolder()}>
        Open folder…
      </button>
      {recent.length > 0 && (
        <>
          <h2>Recent</h2>
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
        </>
      )}
      {info && (
        <p className="muted small">
          v{info.version} · {info.platform}
        </p>
      )}
    </div>
  );
}
