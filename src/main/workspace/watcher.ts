// Watches the workspace for changes by the agent, by commands and by other programs (chokidar: on
// Linux one inotify watch per folder AND per file). Ignored folders are never watched; the number of
// watches stays under a budget derived from the system's limit. Every change updates the file index in place, and listeners
// get batched changes (for the file tree, the repo map). When the budget or the system limit runs
// out, the watcher degrades to a status the UI can show and the index stops being trusted (listing
// falls back to walking); it never throws.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
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
  /** Most watches (folders + files) to hold; default half the system's inotify limit (Linux), else 20,000. */
  maxWatches?: number;
  /** Changes are delivered to listeners in batches this far apart (ms); default 50. */
  batchMs?: number;
}

const DEFAULT_MAX_WATCHES = 20_000;
const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

export class WorkspaceWatcher {
  private readonly fsw: FSWatcher;
  /** Folders and files admitted (each costs one OS watch); the root is not in it. */
  private readonly admitted = new Set<string>();
  private readonly changeListeners = new Set<(changes: WatchChange[]) => void>();
  private readonly statusListeners = new Set<(status: WatchStatus) => void>();
  private pending: WatchChange[] = [];
  private timer: NodeJS.Timeout | undefined;
  private current: WatchStatus = { state: 'starting' };
  private dirs = 0;

  private constructor(
    private readonly ws: Workspace,
    private readonly maxWatches: number,
    private readonly batchMs: number,
  ) {
    this.fsw = watch(ws.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignorePermissionErrors: true,
      ignored: (abs: string, stats?: Stats) => this.skip(abs, stats),
    });
    for (const kind of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) {
      this.fsw.on(kind, (abs: string) => this.onEvent(kind, abs));
    }
    this.fsw.on('error', (err: unknown) => this.onError(err));
  }

  /** Starts watching; resolves once the initial scan is done. The workspace's file index goes live. */
  static async start(ws: Workspace, opts: WatcherOptions = {}): Promise<WorkspaceWatcher> {
    const watcher = new WorkspaceWatcher(ws, opts.maxWatches ?? defaultMaxWatches(), opts.batchMs ?? 50);
    await new Promise<void>((resolve) => watcher.fsw.once('ready', () => resolve()));
    if (watcher.current.state === 'starting') {
      watcher.setStatus({ state: 'ready', watches: watcher.watches() });
      ws.fileIndex().live = true;
    }
    return watcher;
  }

  get status(): WatchStatus {
    return this.current;
  }

  /** Watches held: the root plus every admitted folder and file. */
  watches(): number {
    return this.admitted.size + 1;
  }

  /** Folders under watch, the root included. */
  watchedDirs(): number {
    return this.dirs + 1;
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
    this.ws.fileIndex().live = false;
    await this.fsw.close();
    this.setStatus({ state: 'closed' });
  }

  /** chokidar asks first without stats, then again with them; what it keeps is admitted against the budget. */
  private skip(abs: string, stats?: Stats): boolean {
    const rel = path.relative(this.ws.root, abs).split(path.sep).join('/');
    if (rel === '') return false;
    if (rel.startsWith('../') || path.isAbsolute(rel)) return true;
    const isDir = stats?.isDirectory() ?? false;
    if (this.ws.isIgnored(rel, isDir)) return true;
    if (!stats || this.admitted.has(rel)) return false;
    if (this.admitted.size + 1 >= this.maxWatches) {
      this.degrade(
        `The workspace has more files and folders than can be watched (${this.maxWatches}); changes in the rest show up after a refresh.`,
      );
      return true;
    }
    this.admitted.add(rel);
    if (isDir) this.dirs++;
    return false;
  }

  private onEvent(kind: WatchChangeKind, abs: string): void {
    const rel = path.relative(this.ws.root, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../')) return;
    const index = this.ws.fileIndex();
    if (
      path.posix.basename(rel) === '.gitignore' &&
      (kind === 'add' || kind === 'change' || kind === 'unlink')
    ) {
      // Its rules changed: only its own folder is listed again.
      this.ws.reloadIgnores();
      index.rescanDir(path.posix.dirname(rel));
    }
    if (kind === 'add' || kind === 'change') index.add(rel);
    else if (kind === 'unlink') index.remove(rel);
    else if (kind === 'unlinkDir') {
      index.removeDir(rel);
      for (const dir of this.admitted)
        if (dir === rel || dir.startsWith(`${rel}/`)) this.admitted.delete(dir);
    }
    this.pending.push({ kind, rel });
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    for (const listener of this.changeListeners) listener(batch);
  }

  private onError(err: unknown): void {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    if (!LIMIT_CODES.has(code)) return; // e.g. a folder removed while being read: nothing to report
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
