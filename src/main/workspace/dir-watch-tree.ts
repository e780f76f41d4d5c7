// One fs.watch per folder that is not ignored (on Linux one inotify watch each; files cost none),
// plus what each folder holds, so that an event's bare name can be told apart by one lstat: add,
// change or unlink for files, addDir or unlinkDir for folders. Never follows symlinks (lstat and
// Dirent types only; a link to a folder is an entry like a file). Paths are relative to the root with
// forward slashes; '' is the root.
import { promises as fs, watch } from 'node:fs';
import type { Dirent, FSWatcher, Stats } from 'node:fs';
import path from 'node:path';

export type TreeChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface DirTreeHooks {
  isIgnored(rel: string, isDir: boolean): boolean;
  /** Asked before each new watch; false leaves that folder (and what is below it) unwatched. */
  admit(): boolean;
  /** A change found on disk. */
  change(kind: TreeChangeKind, rel: string): void;
  /** fs.watch failed for a folder: thrown when opening, or an 'error' event later. */
  failed(err: unknown): void;
  /** The OS reported something about entry `name` of folder `dirRel` (null: it did not say which). */
  event(dirRel: string, name: string | null): void;
}

interface DirState {
  /** Inode when listed: a folder replaced under the same name gets a fresh watch. */
  ino: number;
  watcher: FSWatcher | undefined;
  files: Set<string>;
  dirs: Set<string>;
}

export class DirWatchTree {
  private readonly dirs = new Map<string, DirState>();
  private open = 0;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly hooks: DirTreeHooks,
  ) {}

  /** Watches held (exactly one per watched folder). */
  get watches(): number {
    return this.open;
  }

  /**
   * Lists folder `rel` and everything below it that is not ignored, watching each folder, and brings
   * what is known in line with the disk. With `report`, every difference is a change (files created in
   * a new folder before its watch started are found this way).
   */
  async sync(rel: string, report: boolean): Promise<void> {
    if (this.closed) return;
    const abs = path.join(this.root, rel);
    let stat: Stats | undefined;
    try {
      stat = await fs.lstat(abs);
    } catch {
      stat = undefined; // gone
    }
    if (!stat?.isDirectory()) {
      if (rel !== '') this.drop(rel, report);
      return;
    }
    let state = this.dirs.get(rel);
    if (state && state.ino !== stat.ino) {
      // Replaced (e.g. a folder moved over it): the old watch follows the old inode.
      this.unwatch(state);
      state.ino = stat.ino;
    }
    if (!state) {
      if (!this.hooks.admit()) return;
      state = { ino: stat.ino, watcher: undefined, files: new Set(), dirs: new Set() };
      this.dirs.set(rel, state);
    }
    // Watch before listing: whatever is created meanwhile is either listed or reported.
    state.watcher ??= this.watch(rel, abs);
    if (!state.watcher) {
      this.dirs.delete(rel);
      return;
    }
    let entries: Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      if (rel !== '') this.drop(rel, report);
      return;
    }
    if (this.closed || this.dirs.get(rel) !== state) return;
    const files = new Set<string>();
    const dirs = new Set<string>();
    for (const entry of entries) {
      const child = join(rel, entry.name);
      const isDir = entry.isDirectory();
      if (this.hooks.isIgnored(child, isDir)) continue;
      (isDir ? dirs : files).add(entry.name);
    }
    for (const name of state.files)
      if (!files.has(name) && report) this.hooks.change('unlink', join(rel, name));
    for (const name of files) if (!state.files.has(name) && report) this.hooks.change('add', join(rel, name));
    state.files = files;
    for (const name of [...state.dirs]) if (!dirs.has(name)) this.drop(join(rel, name), report);
    for (const name of dirs)
      if (!state.dirs.has(name) && report) this.hooks.change('addDir', join(rel, name));
    state.dirs = dirs;
    await Promise.all([...dirs].map((name) => this.sync(join(rel, name), report)));
  }

  /** Looks at one entry the OS named and reports what became of it. */
  async check(dirRel: string, name: string): Promise<void> {
    const state = this.dirs.get(dirRel);
    if (!state) return;
    const rel = join(dirRel, name);
    let stat: Stats | undefined;
    try {
      stat = await fs.lstat(path.join(this.root, rel));
    } catch {
      stat = undefined;
    }
    if (this.closed || this.dirs.get(dirRel) !== state) return;
    if (stat?.isDirectory()) {
      if (this.hooks.isIgnored(rel, true)) return;
      if (state.files.delete(name)) this.hooks.change('unlink', rel);
      const known = state.dirs.has(name);
      if (!known) {
        state.dirs.add(name);
        this.hooks.change('addDir', rel);
      }
      const child = this.dirs.get(rel);
      if (!known || !child || child.ino !== stat.ino) await this.sync(rel, true);
    } else if (stat) {
      if (this.hooks.isIgnored(rel, false)) return;
      if (state.dirs.has(name)) this.drop(rel, true);
      this.hooks.change(state.files.has(name) ? 'change' : 'add', rel);
      state.files.add(name);
    } else if (state.files.delete(name)) {
      this.hooks.change('unlink', rel);
    } else if (state.dirs.has(name)) {
      this.drop(rel, true);
    }
  }

  /** Closes every watch; nothing is watched or reported after this. */
  close(): void {
    this.closed = true;
    for (const state of this.dirs.values()) this.unwatch(state);
    this.dirs.clear();
  }

  /** A folder went away: its watches and everything known below it go; files then folders reported. */
  private drop(rel: string, report: boolean): void {
    const slash = rel.lastIndexOf('/');
    const parent = this.dirs.get(slash < 0 ? '' : rel.slice(0, slash));
    const wasKnown = parent?.dirs.delete(rel.slice(slash + 1)) ?? false;
    const state = this.dirs.get(rel);
    if (state) {
      for (const name of [...state.dirs]) this.drop(join(rel, name), report);
      if (report) for (const name of state.files) this.hooks.change('unlink', join(rel, name));
      this.unwatch(state);
      this.dirs.delete(rel);
    }
    if (report && (state || wasKnown)) this.hooks.change('unlinkDir', rel);
  }

  private watch(rel: string, abs: string): FSWatcher | undefined {
    if (this.closed) return undefined;
    try {
      // persistent, as chokidar was: an open watcher keeps the process alive until close().
      const watcher = watch(abs, { encoding: 'utf8' }, (_type, name) => this.hooks.event(rel, name ?? null));
      watcher.on('error', (err) => {
        // Node has closed the handle by now: the folder is no longer watched.
        const state = this.dirs.get(rel);
        if (state?.watcher === watcher) this.unwatch(state);
        this.hooks.failed(err);
      });
      this.open++;
      return watcher;
    } catch (err) {
      this.hooks.failed(err); // ENOSPC at the system limit; ENOENT when the folder just went away
      return undefined;
    }
  }

  private unwatch(state: DirState): void {
    if (!state.watcher) return;
    state.watcher.close();
    state.watcher = undefined;
    this.open--;
  }
}

function join(dirRel: string, name: string): string {
  return dirRel === '' ? name : `${dirRel}/${name}`;
}
