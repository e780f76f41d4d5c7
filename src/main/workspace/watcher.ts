// Watches the workspace for changes by the agent, by commands and by other programs: one fs.watch per
// folder that is not ignored (on Linux one inotify watch per folder; files cost none), see
// dir-watch-tree.ts. Ignored folders are never watched; the number of watches stays under a budget
// derived from the system's limit. Every change updates the file index in place, and listeners get
// batched changes (for the file tree, the repo map). When the budget or the system limit runs out,
// the watcher degrades to a status the UI can show and the index stops being trusted (listing falls
// back to walking); it never throws.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DirWatchTree } from './dir-watch-tree.js';
import type { Workspace } from './workspace.js';
export type WatchChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';
export interface WatchChange {
  kind: WatchChangeKind;
  /** Relative to the root, forward slashes. */
  rel: string;
}

export type WatchStatus =
  | { state: 'starting' }
  | { state: 'ready'; watches: number }
  | { state: 'degraded'; code: 'watch_limit'; message: string; watches: number }
  | { state: 'closed' };

export interface WatcherOptions {
  /** Most watches (one per folder) to hold; default half the system's inotify limit (Linux), else 20,000. */
  maxWatches?: number;
  /** Changes are delivered to listeners in batches this far apart (ms); default 50. */
  batchMs?: number;
}

const DEFAULT_MAX_WATCHES = 20_000;
const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

/** Entries whose events are looked at together, so that a burst of events is one batch of lstat calls. */
const CHECK_CHUNK = 64;

export class WorkspaceWatcher {
  private readonly tree: DirWatchTree;
  private readonly changeListeners = new Set<(changes: WatchChange[]) => void>();
  private readonly statusListeners = new Set<(status: WatchStatus) => void>();
  /** Entries the OS named since the last look, by path: repeated events for one path are one check. */
  private dirty = new Map<string, { dir: string; name: string | null }>();
  private pending: WatchChange[] = [];
  /** Folders whose .gitignore changed in the batch under way. */
  private ignoreDirs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Scans and checks, one after another, so that what is known about the tree never races. */
  private work: Promise<void> = Promise.resolve();
  private current: WatchStatus = { state: 'starting' };

  private constructor(
    private readonly ws: Workspace,
    private readonly maxWatches: number,
    private readonly batchMs: number,
  ) {
    this.tree = new DirWatchTree(ws.root, {
      isIgnored: (rel, isDir) => ws.isIgnored(rel, isDir),
      admit: () => this.admit(),
      change: (kind, rel) => this.onChangeFound(kind, rel),
      failed: (err) => this.onWatchError(err),
      event: (dir, name) => this.onEvent(dir, name),
    });
  }

  /** Starts watching; resolves once the initial scan is done. The workspace's file index goes live. */
  static async start(ws: Workspace, opts: WatcherOptions = {}): Promise<WorkspaceWatcher> {
    const watcher = new WorkspaceWatcher(ws, opts.maxWatches ?? defaultMaxWatches(), opts.batchMs ?? 50);
    watcher.work = watcher.tree.sync('', false);
    await watcher.work;
    if (watcher.current.state === 'starting') {
      watcher.setStatus({ state: 'ready', watches: watcher.watches() });
      ws.fileIndex().live = true;
    }
    return watcher;
  }

  get status(): WatchStatus {
    return this.current;
  }

  /** Watches held: one per watched folder, the root included. */
  watches(): number {
    return this.tree.watches;
  }

  /** Folders under watch, the root included (the same count: files take no watch). */
  watchedDirs(): number {
    return this.tree.watches;
  }

  onChange(listener: (changes: WatchChange[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onStatus(listener: (status: WatchStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ws.fileIndex().live = false;
    this.tree.close();
    this.setStatus({ state: 'closed' });
    await this.work; // a batch under way finds the tree closed and reports nothing
  }

  private admit(): boolean {
    if (this.tree.watches + 1 <= this.maxWatches) return true;
    this.degrade(
      `The workspace has more folders than can be watched (${this.maxWatches}); changes in the rest show up after a refresh.`,
    );
    return false;
  }

  private onEvent(dir: string, name: string | null): void {
    if (this.current.state === 'closed') return;
    this.dirty.set(name === null ? `${dir}/` : dir === '' ? name : `${dir}/${name}`, { dir, name });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.work = this.work.then(() => this.drain());
    }, this.batchMs);
  }

  /** Looks at every entry named since the last batch, then hands the changes found to listeners. */
  private async drain(): Promise<void> {
    const items = [...this.dirty.values()];
    this.dirty = new Map();
    try {
      for (let i = 0; i < items.length; i += CHECK_CHUNK) {
        await Promise.all(
          items
            .slice(i, i + CHECK_CHUNK)
            .map(({ dir, name }) => (name === null ? this.tree.sync(dir, true) : this.tree.check(dir, name))),
        );
      }
      // A .gitignore changed: watch what it no longer ignores, stop watching what it now ignores.
      const dirs = [...this.ignoreDirs];
      this.ignoreDirs.clear();
      for (const dir of dirs) await this.tree.sync(dir === '.' ? '' : dir, true);
    } catch {
      // A bug in a check must not stop later batches; what it missed shows up on the next event.
    }
    this.flush();
  }

  private onChangeFound(kind: WatchChangeKind, rel: string): void {
    const index = this.ws.fileIndex();
    if (
      path.posix.basename(rel) === '.gitignore' &&
      (kind === 'add' || kind === 'change' || kind === 'unlink')
    ) {
      // Its rules changed: only its own folder is listed again.
      const dir = path.posix.dirname(rel);
      this.ws.reloadIgnores();
      index.rescanDir(dir);
      this.ignoreDirs.add(dir);
    }
    if (kind === 'add' || kind === 'change') index.add(rel);
    else if (kind === 'unlink') index.remove(rel);
    else if (kind === 'unlinkDir') index.removeDir(rel);
    this.pending.push({ kind, rel });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0 || this.current.state === 'closed') return;
    for (const listener of this.changeListeners) listener(batch);
  }

  private onWatchError(err: unknown): void {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    if (!LIMIT_CODES.has(code)) return; // e.g. a folder removed before its watch started: nothing to report
    this.degrade(
      `The system's limit on file watches was reached (${code}); changes in some folders show up only after a refresh. On Linux, raise fs.inotify.max_user_watches.`,
    );
  }

  private degrade(message: string): void {
    if (this.current.state === 'degraded' || this.current.state === 'closed') return;
    this.ws.fileIndex().live = false;
    this.setStatus({ state: 'degraded', code: 'watch_limit', message, watches: this.watches() });
  }

  private setStatus(status: WatchStatus): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** Half the per-user inotify watch limit, leaving room for other programs. */
function defaultMaxWatches(): number {
  if (process.platform !== 'linux') return DEFAULT_MAX_WATCHES;
  try {
    const limit = Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim());
    return Number.isFinite(limit) && limit > 0 ? Math.floor(limit / 2) : DEFAULT_MAX_WATCHES;
  } catch {
    return DEFAULT_MAX_WATCHES;
  }
}
