// The repository map: every file of the workspace with the main symbols of its source files, ranked
// for the task at hand and fitted to a token budget. build() walks the folder and parses only files
// whose (mtime, size) changed since the last build; render() never touches the disk.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import { fitRepoMap } from './repo-map-render.js';
import type { FittedMap, MapFile } from './repo-map-render.js';
import { NO_REFS, parseFile } from './repo-map-file.js';
import type { FileEntry } from './repo-map-file.js';
import { RepoGraph } from './repo-rank.js';
import type { TaskSignals } from './repo-rank.js';
import { languageOf } from './symbol-languages.js';

export type { FittedMap as RenderedRepoMap } from './repo-map-render.js';
export type { SkipReason } from './repo-map-file.js';
export type { CodeSymbol } from './symbol-extract.js';

/** What the map needs from the workspace (its public API only). */
export type RepoMapWorkspace = Pick<Workspace, 'root' | 'walkFiles' | 'isIgnored'>;

export interface RepoMapOptions {
  /** Files walked at most; the rest of the folder is left out with a notice. Default 20 000. */
  maxFiles?: number;
  /** Source files larger than this (bytes) are listed without symbols. Default 256 KiB. */
  maxFileBytes?: number;
  /** Files stat'ed and read at once. Default 16. */
  concurrency?: number;
}

export interface RepoMapRenderInput extends TaskSignals {
  budgetTokens: number;
  /** The loaded model's tokenizer, e.g. `(t) => model.tokenize(t).length`. */
  countTokens: (text: string) => number;
  /** Symbols shown for one file at most; default budgetTokens / 80, from 5 to 40. */
  maxSymbolsPerFile?: number;
}

export interface RepoMapStats {
  files: number;
  sourceFiles: number;
  symbols: number;
  /** Files parsed by the last build or refresh, and files whose cached symbols it reused. */
  parsed: number;
  cached: number;
  /** Source files listed without symbols (too large, binary, minified, generated, unreadable). */
  skipped: number;
  /** The walk stopped at maxFiles. */
  truncated: boolean;
  /** The last build was cancelled; the map holds what it had. */
  aborted: boolean;
}

export class RepoMap {
  private readonly files = new Map<string, FileEntry>();
  /** Invalidated paths -> the build generation current when they were invalidated. */
  private readonly dirty = new Map<string, number>();
  private generation = 0;
  private readonly maxFiles: number;
  private readonly maxFileBytes: number;
  private readonly concurrency: number;
  private graph: { graph: RepoGraph; files: FileEntry[] } | null = null;
  /** build() and refresh() run one at a time, in call order. */
  private tail: Promise<unknown> = Promise.resolve();
  private pendingBuild: Promise<RepoMapStats> | null = null;
  private built = false;
  private fullRebuild = false;
  private last = { parsed: 0, cached: 0, truncated: false, aborted: false };

  constructor(
    private readonly ws: RepoMapWorkspace,
    options: RepoMapOptions = {},
  ) {
    this.maxFiles = options.maxFiles ?? 20_000;
    this.maxFileBytes = options.maxFileBytes ?? 256 * 1024;
    this.concurrency = Math.max(1, options.concurrency ?? 16);
  }

  /** Walks the whole folder; a call while a build is pending or running joins it. */
  build(signal?: AbortSignal): Promise<RepoMapStats> {
    this.pendingBuild ??= this.serial(() => this.walkAll(signal)).finally(() => (this.pendingBuild = null));
    return this.pendingBuild;
  }

  /**
   * Brings the map up to date with the paths passed to invalidate() since the last build, without
   * walking the folder; builds when nothing was built yet or a .gitignore changed.
   */
  refresh(signal?: AbortSignal): Promise<RepoMapStats> {
    return this.serial(() => this.refreshNow(signal));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(signal?: AbortSignal): Promise<RepoMapStats> {
    if (!this.built || this.fullRebuild) return this.walkAll(signal);
    const paths = [...this.dirty.keys()];
    this.dirty.clear();
    this.last = { parsed: 0, cached: 0, truncated: this.last.truncated, aborted: false };
    for (const rel of paths) {
      if (signal?.aborted) {
        for (const p of paths) this.dirty.set(p, this.generation);
        return { ...this.stats(), aborted: true };
      }
      await this.refreshPath(rel, signal);
    }
    this.currentGraph();
    return this.stats();
  }

  /**
   * A file or folder (workspace-relative) changed, appeared or went away: the next refresh() or
   * build() reads it again. A changed .gitignore makes the next refresh a full build (call
   * ws.reloadIgnores() first).
   */
  invalidate(rel: string): void {
    const relative = path.isAbsolute(rel) ? path.relative(this.ws.root, rel) : rel;
    const clean = relative.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (clean === '' || clean === '.') this.fullRebuild = true;
    else if (clean === '.gitignore' || clean.endsWith('/.gitignore')) this.fullRebuild = true;
    this.dirty.set(clean === '' ? '.' : clean, this.generation);
    const entry = this.files.get(clean);
    if (entry) entry.mtimeMs = -1; // parse again even if mtime and size look the same
  }

  /** The map for a task, within `budgetTokens` by `countTokens`. Pure computation over the cache. */
  render(input: RepoMapRenderInput): FittedMap {
    const { graph, files } = this.currentGraph();
    const ranked = graph.rank(input, this.ws.root);
    const ordered: MapFile[] = ranked.order.map((i) => files[i] as FileEntry);
    return fitRepoMap(ordered, {
      budgetTokens: input.budgetTokens,
      countTokens: input.countTokens,
      maxSymbolsPerFile: input.maxSymbolsPerFile,
      keepNames: ranked.mentionedNames,
      note: this.last.truncated
        ? `the map stops at the first ${this.maxFiles} files of the folder`
        : undefined,
    });
  }

  stats(): RepoMapStats {
    let sourceFiles = 0;
    let symbols = 0;
    let skipped = 0;
    for (const f of this.files.values()) {
      if (f.lang !== null) sourceFiles++;
      if (f.skipped) skipped++;
      symbols += f.symbols.length;
    }
    return { files: this.files.size, sourceFiles, symbols, skipped, ...this.last };
  }

  private async walkAll(signal?: AbortSignal): Promise<RepoMapStats> {
    // The walk covers paths invalidated before it starts; later ones wait for the next refresh.
    const generation = this.generation++;
    this.fullRebuild = false;
    const seen = new Set<string>();
    const counts = { parsed: 0, cached: 0 };
    let truncated = false;
    const inflight = new Set<Promise<void>>();
    for await (const rel of this.ws.walkFiles('.', signal)) {
      if (seen.size >= this.maxFiles) {
        truncated = true;
        break;
      }
      seen.add(rel);
      const task = this.visit(rel, counts).finally(() => inflight.delete(task));
      inflight.add(task);
      if (inflight.size >= this.concurrency) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    const aborted = signal?.aborted ?? false;
    for (const rel of aborted ? [] : this.files.keys()) {
      if (seen.has(rel)) continue;
      this.files.delete(rel);
      this.graph = null;
    }
    this.built ||= !aborted;
    if (!aborted) for (const [rel, g] of this.dirty) if (g <= generation) this.dirty.delete(rel);
    this.last = { ...counts, truncated, aborted };
    this.currentGraph(); // ranking links are built here, not in render()
    return this.stats();
  }

  private async refreshPath(rel: string, signal?: AbortSignal): Promise<void> {
    const kind = await this.entryKind(rel);
    if (kind === 'dir') {
      this.removeUnder(rel);
      if (this.ws.isIgnored(rel, true)) return;
      for await (const file of this.ws.walkFiles(rel, signal)) await this.visit(file, this.last);
    } else if (kind === 'file' && !this.ws.isIgnored(rel, false)) await this.visit(rel, this.last);
    else this.removeUnder(rel);
  }

  /** What `rel` is now; a symlink counts as a file only when it points to a file inside the root. */
  private async entryKind(rel: string): Promise<'dir' | 'file' | null> {
    const abs = path.join(this.ws.root, rel);
    try {
      const st = await fs.lstat(abs);
      if (st.isDirectory()) return 'dir';
      if (st.isFile()) return 'file';
      if (!st.isSymbolicLink()) return null;
      const real = await fs.realpath(abs);
      const inside = real.startsWith(this.ws.root + path.sep) && (await fs.stat(real)).isFile();
      return inside ? 'file' : null;
    } catch {
      return null; // gone, or a dangling link
    }
  }

  private removeUnder(rel: string): void {
    const prefix = rel + '/';
    for (const key of this.files.keys()) {
      if (key === rel || key.startsWith(prefix)) {
        this.files.delete(key);
        this.graph = null;
      }
    }
  }

  /** Adds or updates one file, parsing it unless its cached entry has the same mtime and size. */
  private async visit(rel: string, counts: { parsed: number; cached: number }): Promise<void> {
    const lang = languageOf(rel);
    if (lang === null) {
      if (this.files.has(rel)) return;
      this.files.set(rel, { rel, lang, mtimeMs: 0, size: 0, symbols: [], refs: NO_REFS });
      this.graph = null;
      return;
    }
    const abs = path.join(this.ws.root, rel);
    const cached = this.files.get(rel);
    if (cached) {
      let st: { mtimeMs: number; size: number };
      try {
        st = await fs.stat(abs);
      } catch {
        if (this.files.delete(rel)) this.graph = null; // vanished between the walk and now
        return;
      }
      if (cached.mtimeMs === st.mtimeMs && cached.size === st.size) {
        counts.cached++;
        return;
      }
    }
    counts.parsed++;
    const entry = await parseFile(abs, rel, lang, this.maxFileBytes);
    if (entry) this.files.set(rel, entry);
    else this.files.delete(rel);
    this.graph = null;
  }

  private currentGraph(): { graph: RepoGraph; files: FileEntry[] } {
    if (!this.graph) {
      // Sorted so that float sums, and so ties, do not depend on the order reads completed in.
      const files = [...this.files.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
      this.graph = { graph: new RepoGraph(files), files };
    }
    return this.graph;
  }
}
