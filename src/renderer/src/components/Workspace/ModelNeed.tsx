// The welcome screen's model step: the model ready, or one from the models folder to load, or the
// catalog's recommendation for this machine to download, with its progress; the Models drawer for more.
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { formatBytes, percentOf } from '../../lib/format';
import { recommendModel } from '../../lib/recommend-model';

export function ModelNeed() {
  const modelState = useAppStore((s) => s.modelState);
  const library = useAppStore((s) => s.library);
  const catalog = useAppStore((s) => s.catalog);
  const downloads = useAppStore((s) => s.downloads);
  const download = useAppStore((s) => s.download);
  const activateModel = useAppStore((s) => s.activateModel);
  const toggleDrawer = useAppStore((s) => s.toggleDrawer);
  const browse = (
    <button data-testid="welcome-models" onClick={() => toggleDrawer('models')}>
      Browse models…
    </button>
  );
  if (modelState.status === 'loaded' || modelState.status === 'loading') {
    return (
      <p data-testid="model-ready">
        {modelState.status === 'loaded' ? 'Ready: ' : 'Loading: '}
        <strong>{modelState.fileName}</strong> {browse}
      </p>
    );
  }
  const usable = library.filter((m) => !m.error);
  const first = usable[0];
  const failed =
    modelState.status === 'failed' ? (
      <p className="error-text small" role="alert" data-testid="model-failed">
        {modelState.fileName} could not be loaded: {modelState.message}
      </p>
    ) : null;
  if (first) {
    return (
      <>
        {failed}
        <p>
          In your models folder: <strong>{first.fileName}</strong>{' '}
          <button
            className="primary"
            data-testid="welcome-load"
            onClick={() => void activateModel(first.fileName)}
          >
            Load it
          </button>{' '}
          {browse}
        </p>
      </>
    );
  }
  const { entry } = recommendModel(catalog);
  const progress = entry ? downloads[entry.id] : undefined;
  const busy = progress && !['done', 'failed', 'cancelled'].includes(progress.status);
  return (
    <div>
      <p className="muted">None is installed yet. Models run on this machine, offline once downloaded.</p>
      <RecommendedLine />
      {entry && (
        <button
          className="primary"
          data-testid="welcome-download"
          disabled={busy}
          onClick={() => void download(entry.id)}
        >
          {busy
            ? `Downloading… ${percentOf(progress.downloadedBytes, progress.totalBytes)}%`
            : progress?.status === 'cancelled' || progress?.status === 'failed'
              ? 'Resume download'
              : 'Download'}
        </button>
      )}{' '}
      {browse}
    </div>
  );
}

/** The recommended entry: name, size, this machine's verdict and why it was chosen; or why there is none. */
function RecommendedLine() {
  const catalog = useAppStore((s) => s.catalog);
  const loadCatalog = useAppStore((s) => s.loadCatalog);
  useEffect(() => {
    void loadCatalog();
  }, [loadCatalog]);
  useFitRefresh();
  const { entry, reason } = recommendModel(catalog);
  if (!entry)
    return (
      <p className="muted small" data-testid="recommend-none">
        {reason}
      </p>
    );
  return (
    <p data-testid="recommended" data-id={entry.id}>
      <strong>{entry.name}</strong> · {formatBytes(entry.sizeBytes)} · {entry.fit?.message}
      <br />
      <span className="muted small">Recommended: {reason}.</span>
    </p>
  );
}

/** How often the catalog is asked again while verdicts are still being checked (ms). */
const FIT_REFRESH_MS = 2000;

/** Asks for the catalog again while some verdict is still being checked, so badges update in place. */
export function useFitRefresh(): void {
  const checking = useAppStore((s) =>
    s.catalog.some((c) => c.fit === null && c.fitMessage?.startsWith('Checking')),
  );
  const loadCatalog = useAppStore((s) => s.loadCatalog);
  const catalog = useAppStore((s) => s.catalog);
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => void loadCatalog(), FIT_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [checking, catalog, loadCatalog]);
}
