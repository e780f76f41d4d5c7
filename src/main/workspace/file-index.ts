// The list of every non-ignored file in the workspace, in tree order: built once by a walk, then kept
// current by a WorkspaceWatcher applying changes one path (or one folder) at a time, never by a full
// rescan. Without a live watcher it is only a cache that the next build() refreshes.
import type { Workspace } from './workspace.js';
import { comparePaths } from './path-order.js';

type Op =
  | { kind: 'add'; rel: string }
  | { kind: 'remove'; rel: string }
  | { kind: 'removeDir'; rel: string }
  | { kind: 'rescanDir'; rel: string };

export class FileIndex {
  /** Sorted with comparePaths; null until built. */
  private sorted: string[] | null = null;
  private building: Promise<string[]> | null = null;
  /** Changes that arrived while a build was under way; replayed on top of it. */
  private pending: Op[] = [];
  /** Serializes changes that need the disk (add checks, folder rescans). */
  private queue: Promise<void> = Promise.resolve();
  /** True while a watcher keeps the index current; listFiles() then trusts it. */
  live = false;

  constructor(private readonly ws: Workspace) {}

  /** A snapshot of all files (tree order); builds the index on first use. */
  async files(signal?: AbortSignal): Promise<string[]> {
    if (!this.sorted) await this.build(signal);
    await this.queue;
    return [...(this.sorted ?? [])];
  }

  /** Number of files, or null before the first build. */
  get size(): number | null {
    return this.sorted?.length ?? null;
  }

  /** Walks the whole workspace once (shared by concurrent callers). */
  async build(signal?: AbortSignal): Promise<void> {
    this.building ??= (async () => {
      const files: string[] = [];
      // No signal here: the walk is shared, and one caller giving up must not cut it short for others.
      for await (const rel of this.ws.walkFiles('.')) files.push(rel);
      return files;
    })();
    let files: string[];
    try {
      files = await this.building;
    } finally {
      this.building = null;
    }
    if (signal?.aborted) return;
    this.sorted = files;
    const replay = this.pending;
    this.pending = [];
    for (const op of replay) this.apply(op);
  }

  /** Forget everything; the next files() walks again. */
  invalidate(): void {
    this.sorted = null;
    this.pending = [];
  }

  /** A file appeared (or changed); kept only if it is listable (not ignored, not a link out). */
  add(rel: string): void {
    this.apply({ kind: 'add', rel });
  }

  remove(rel: string): void {
    this.apply({ kind: 'remove', rel });
  }

  /** A folder went away: drops every file under it. */
  removeDir(rel: string): void {
    this.apply({ kind: 'removeDir', rel });
  }

  /** Re-lists one folder (after its .gitignore changed): drops its files, walks it again. */
  rescanDir(rel: string): void {
    this.apply({ kind: 'rescanDir', rel });
  }

  /** Resolves once every change handed in so far is applied. */
  settled(): Promise<void> {
    return this.queue;
  }

  private apply(op: Op): void {
    if (this.building) {
      this.pending.push(op);
      return;
    }
    if (!this.sorted) return; // not built: the first build will see the disk as it is
    switch (op.kind) {
      case 'remove':
        this.delete(op.rel);
        return;
      case 'removeDir':
        this.deleteUnder(op.rel);
        return;
      case 'add':
        this.enqueue(async () => {
          if (await this.ws.isListable(op.rel)) this.insert(op.rel);
          else this.delete(op.rel);
        });
        return;
      case 'rescanDir':
        this.enqueue(async () => {
          this.deleteUnder(op.rel);
          if (op.rel !== '.' && this.ws.isIgnored(op.rel, true)) return;
          for await (const rel of this.ws.walkFiles(op.rel)) this.insert(rel);
        });
        return;
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch(() => undefined);
  }

  private insert(rel: string): void {
    if (!this.sorted) return;
    const i = lowerBound(this.sorted, rel);
    if (this.sorted[i] !== rel) this.sorted.splice(i, 0, rel);
  }

  private delete(rel: string): void {
    if (!this.sorted) return;
    const i = lowerBound(this.sorted, rel);
    if (this.sorted[i] === rel) this.sorted.splice(i, 1);
  }

  /** Everything under a folder is one contiguous run in tree order. */
  private deleteUnder(dirRel: string): void {
    if (!this.sorted) return;
    if (dirRel === '.' || dirRel === '') {
      this.sorted.length = 0;
      return;
    }
    const prefix = `${dirRel}/`;
    const start = lowerBound(this.sorted, prefix);
    let end = start;
    while (end < this.sorted.length && (this.sorted[end] as string).startsWith(prefix)) end++;
    this.sorted.splice(start, end - start);
  }
}

/** First index whose path is not before `rel` in tree order. */
function lowerBound(list: readonly string[], rel: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePaths(list[mid] as string, rel) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
