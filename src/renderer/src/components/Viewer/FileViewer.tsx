// The file open read-only in Monaco; binary and oversized files are described, not shown.
import { Suspense } from 'react';
import { formatBytes } from '../../lib/format';
import { LazyCodeViewer } from '../../monaco/lazy';
import { useAppStore } from '../../store';

export function FileViewer() {
  const viewer = useAppStore((s) => s.viewer);
  if (!viewer) return null;
  const { path, view, line } = viewer;
  return (
    <section className="viewer" data-testid="file-viewer" data-path={path} data-line={line}>
      <div className="viewer-header">
        <span className="mono">{path}</span>
        <span className="muted small">read-only</span>
      </div>
      <div className="viewer-body">
        {!view && <div className="editor-loading">Reading…</div>}
        {view?.kind === 'text' && (
          <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
            <LazyCodeViewer path={path} content={view.content} {...(line !== undefined ? { line } : {})} />
          </Suspense>
        )}
        {view && view.kind !== 'text' && (
          <div className="viewer-message">
            {view.kind === 'binary' ? 'A binary file' : 'Too large to show'} ({formatBytes(view.sizeBytes)}).
          </div>
        )}
      </div>
    </section>
  );
}
