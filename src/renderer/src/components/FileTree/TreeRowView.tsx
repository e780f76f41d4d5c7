// One row of the file tree (absolutely placed by the virtualiser).
import { memo } from 'react';
import type { TreeRow } from '../../tree/tree-model';

interface Props {
  row: TreeRow;
  top: number;
  selected: boolean;
  onActivate(path: string, kind: 'file' | 'dir'): void;
}

/** Indent per depth level in px. */
const INDENT = 14;

export const TreeRowView = memo(function TreeRowView({ row, top, selected, onActivate }: Props) {
  const { entry, depth, expanded, loading } = row;
  const isDir = entry.kind === 'dir';
  return (
    <div
      className={selected ? 'tree-row selected' : 'tree-row'}
      role="treeitem"
      aria-expanded={isDir ? expanded : undefined}
      aria-selected={selected}
      tabIndex={-1}
      data-testid="tree-row"
      data-path={entry.path}
      data-kind={entry.kind}
      title={entry.path}
      style={{ transform: `translateY(${top}px)`, paddingLeft: 8 + depth * INDENT }}
      onClick={() => onActivate(entry.path, entry.kind)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onActivate(entry.path, entry.kind);
      }}
    >
      <span className="tree-icon" aria-hidden>
        {isDir ? (expanded ? '▾' : '▸') : ''}
      </span>
      <span className={isDir ? 'tree-name dir' : 'tree-name'}>{entry.name}</span>
      {loading && <span className="muted small"> …</span>}
    </div>
  );
}, sameRow);

function sameRow(a: Props, b: Props): boolean {
  return (
    a.row.entry === b.row.entry &&
    a.row.expanded === b.row.expanded &&
    a.row.loading === b.row.loading &&
    a.row.depth === b.row.depth &&
    a.top === b.top &&
    a.selected === b.selected &&
    a.onActivate === b.onActivate
  );
}
