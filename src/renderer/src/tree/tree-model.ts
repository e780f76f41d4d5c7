// The lazy file tree as data: the loaded folders' children, which folders are open, the visible rows,
// and the watcher's changes applied to loaded folders only. Pure (the store and the tests share it).
import type { DesktopEvent, TreeEntry } from '../../../shared/ipc';

export type TreeChange = Extract<DesktopEvent, { type: 'tree' }>['changes'][number];

/** Loaded folders: relative folder path ('' is the root) -> its children, sorted. */
export type TreeChildren = Readonly<Record<string, readonly TreeEntry[]>>;
export type PathFlags = Readonly<Record<string, true>>;

export interface TreeRow {
  entry: TreeEntry;
  depth: number;
  expanded: boolean;
  loading: boolean;
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function sortKey(entry: TreeEntry): string {
  // Folders first, then names case-insensitively, then exact names for a stable order.
  return `${entry.kind === 'dir' ? '0' : '1'}${entry.name.toLowerCase()}\u0000${entry.name}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntries(a: TreeEntry, b: TreeEntry): number {
  return compareKeys(sortKey(a), sortKey(b));
}

/** Sorted copy (keys computed once per entry: a folder may hold 100,000 files). */
export function sortEntries(entries: readonly TreeEntry[]): TreeEntry[] {
  return entries
    .map((entry) => ({ entry, key: sortKey(entry) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((e) => e.entry);
}

/** Visible rows: the root's children and, depth first, the children of every open, loaded folder. */
export function flattenTree(children: TreeChildren, expanded: PathFlags, loading: PathFlags): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of children[dir] ?? []) {
      const open = entry.kind === 'dir' && expanded[entry.path] === true;
      rows.push({ entry, depth, expanded: open, loading: open && loading[entry.path] === true });
      if (open) walk(entry.path, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}

interface FolderEdit {
  add: Map<string, TreeEntry>;
  remove: Set<string>;
}

/**
 * Applies watcher changes to the folders already loaded (others load fresh when opened). A removed
 * folder drops its loaded descendants. Each touched folder is rebuilt once per batch.
 */
export function applyTreeChanges(children: TreeChildren, changes: readonly TreeChange[]): TreeChildren {
  const edits = new Map<string, FolderEdit>();
  const dropped: string[] = [];
  for (const change of changes) {
    if (change.kind === 'change' || change.path === '') continue;
    const dir = parentDir(change.path);
    if (change.kind === 'unlinkDir') dropped.push(change.path);
    if (!children[dir]) continue;
    let edit = edits.get(dir);
    if (!edit) {
      edit = { add: new Map(), remove: new Set() };
      edits.set(dir, edit);
    }
    if (change.kind === 'add' || change.kind === 'addDir') {
      const kind = change.kind === 'add' ? 'file' : 'dir';
      edit.remove.delete(change.path);
      edit.add.set(change.path, { name: baseName(change.path), path: change.path, kind });
    } else {
      edit.add.delete(change.path);
      edit.remove.add(change.path);
    }
  }
  if (edits.size === 0 && dropped.length === 0) return children;

  const next: Record<string, readonly TreeEntry[]> = { ...children };
  for (const [dir, edit] of edits) {
    const current = next[dir] ?? [];
    const kept = current.filter((e) => !edit.remove.has(e.path) && !edit.add.has(e.path));
    // An entry re-added with the same kind keeps its place; a kind change (file <-> folder) replaces it.
    const additions = sortEntries([...edit.add.values()]);
    next[dir] = additions.length === 0 ? kept : mergeSorted(kept, additions);
  }
  for (const gone of dropped) {
    for (const key of Object.keys(next)) {
      if (key === gone || key.startsWith(`${gone}/`)) delete next[key];
    }
  }
  return next;
}

function mergeSorted(a: readonly TreeEntry[], b: readonly TreeEntry[]): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (compareEntries(a[i]!, b[j]!) <= 0) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Drops open/loading flags of a removed folder and everything under it. */
export function dropFlags(flags: PathFlags, gone: readonly string[]): PathFlags {
  if (gone.length === 0) return flags;
  const next: Record<string, true> = {};
  for (const key of Object.keys(flags)) {
    if (!gone.some((g) => key === g || key.startsWith(`${g}/`))) next[key] = true;
  }
  return next;
}
