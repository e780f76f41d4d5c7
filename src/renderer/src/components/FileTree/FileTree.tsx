// The folder as a virtualised list: open folders are flattened into rows and only the rows in view are
// in the DOM, so a folder of 100,000 files scrolls like one of ten.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef } from 'react';
import { flattenTree } from '../../tree/tree-model';
import { useAppStore } from '../../store';
import { TreeRowView } from './TreeRowView';

/** Row height in px; must match .tree-row in layout.css. */
const ROW_HEIGHT = 24;

export function FileTree() {
  const workspace = useAppStore((s) => s.workspace);
  const children = useAppStore((s) => s.children);
  const expanded = useAppStore((s) => s.expanded);
  const loadingDirs = useAppStore((s) => s.loadingDirs);
  const watch = useAppStore((s) => s.watch);
  const selected = useAppStore((s) => (s.center === 'file' ? (s.viewer?.path ?? null) : null));
  const toggleDir = useAppStore((s) => s.toggleDir);
  const openFile = useAppStore((s) => s.openFile);
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => flattenTree(children, expanded, loadingDirs), [children, expanded, loadingDirs]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.entry.path ?? index,
  });
  const onActivate = useCallback(
    (path: string, kind: 'file' | 'dir') => (kind === 'dir' ? toggleDir(path) : void openFile(path)),
    [toggleDir, openFile],
  );

  if (!workspace) return <div className="tree-empty muted">No folder open</div>;
  const rootLoading = loadingDirs[''] === true && !children[''];
  return (
    <div className="tree">
      <div className="tree-header" title={workspace.root}>
        {workspace.name}
        <span className="muted small">{rows.length.toLocaleString()} shown</span>
      </div>
      {watch?.status === 'degraded' && (
        <div className="notice warning" role="status" data-testid="notice" data-kind="watch">
          {watch.message ?? 'Live updates of the file tree are limited.'}
        </div>
      )}
      <div className="tree-scroll" ref={scrollRef} data-testid="file-tree" role="tree" aria-label="Files">
        {rootLoading && <div className="tree-empty muted">Loading…</div>}
        {!rootLoading && rows.length === 0 && children[''] && (
          <div className="tree-empty muted">Empty folder</div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <TreeRowView
                key={item.key}
                row={row}
                top={item.start}
                selected={row.entry.path === selected}
                onActivate={onActivate}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
