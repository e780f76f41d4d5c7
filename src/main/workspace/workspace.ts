// The folder the agent works in. Every path from the model goes through resolve(): real paths only,
// no `..`, symlink or sibling-prefix escapes, and protected paths (.git, the project's agent settings,
// the app's data folder) are never writable.
import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import { FileIndex } from './file-index.js';
import { nodeFileOps, type FileOps } from './file-ops.js';
import { IgnoreRules } from './ignore-rules.js';
import { compareNames } from './path-order.js';
import { protectedReason } from './protected-paths.js';
import { dataDir } from '../app-paths.js';

export type ResolveCode = 'outside_root' | 'protected_path' | 'invalid_path';
export type ResolveResult = Result<{ abs: string; rel: string }, ResolveCode>;

export interface WalkOptions {
  /** 'inside' (default): yield symlinked files that point inside the root; 'skip': never. */
  symlinks?: 'inside' | 'skip';
  /** Told about each folder the walk could not read for lack of permission (it is skipped). */
  onDenied?: (rel: string) => void;
}

interface WalkItem {
  rel: string;
  kind: 'dir' | 'file' | 'link';
  /** A read already under way (prefetch). */
  entries?: Promise<Dirent[] | 'denied'>;
}

/** How many folders the walker reads ahead, and how far down the stack it looks for them. */
const PREFETCH_DIRS = 8;
const PREFETCH_SCAN = 64;

/** Symlink hops followed while resolving one path before giving up (as the OS does with ELOOP). */
const MAX_LINK_HOPS = 40;

export class Workspace {
  private readonly ignores: IgnoreRules;
  private index: FileIndex | undefined;

  /** Relative paths besides the fixed ones that the agent may not write (the app's data folder). */
  protectedDirs: string[] = [];

  /** The only file access the tools have (tests may swap it for a failing one). */
  files: FileOps;

  /** `root` must already be a real path (use openWorkspace). */
  constructor(readonly root: string) {
    this.ignores = new IgnoreRules(root);
    this.files = nodeFileOps(root);
  }

  /** Paths are relative to the root; an absolute path is accepted only when it lies inside. */
  async resolve(input: string, intent: 'read' | 'write'): Promise<ResolveResult> {
    if (typeof input !== 'string' || input.trim() === '') {
      return fail('invalid_path', 'The path is empty; give a path relative to the workspace root.');
    }
    if (input.includes('\0')) return fail('invalid_path', 'The path contains a NUL byte.');
    const lexical = path.resolve(this.root, input);
    if (!path.isAbsolute(input) && !this.contains(lexical)) return this.outside(input);

    const real = await realTarget(lexical);
    if (real === null) return fail('invalid_path', `Too many symbolic links while resolving ${input}.`);
    if (!this.contains(real)) return this.outside(input);

    const rel = toRel(path.relative(this.root, real));
    if (intent === 'write') {
      if (rel === '.') {
        return fail('invalid_path', 'That is the workspace root folder; give the path of a file inside it.');
      }
      const reason = protectedReason(rel, this.protectedDirs);
      if (reason) return fail('protected_path', reason);
    }
    return { ok: true, abs: real, rel };
  }

  /** `rel` is relative to the root with forward slashes. Default ignores: .git, node_modules. */
  isIgnored(rel: string, isDir: boolean): boolean {
    return this.ignores.isIgnored(rel, isDir);
  }

  /** Whether folder `dirRel` is a repository root (holds .git): .gitignore files above it stop there. */
  isRepoRoot(dirRel: string): boolean {
    return this.ignores.isRepoRoot(dirRel === '.' ? '' : dirRel);
  }

  /** Drop cached .gitignore rules, e.g. after the agent edited a .gitignore. */
  reloadIgnores(): void {
    this.ignores.clear();
  }

  /**
   * Files under `startRel` (a directory rel path, '.' for the root) in tree order (see path-order.ts).
   * Skips ignored paths (when `startRel` itself is ignored, only .git folders are skipped), never
   * follows symlinked directories, and yields symlinked files only when they point inside the root
   * (or never, with `symlinks: 'skip'`). Reads a few folders ahead; stops reading as soon as the
   * consumer stops iterating.
   */
  async *walkFiles(startRel = '.', signal?: AbortSignal, opts: WalkOptions = {}): AsyncGenerator<string> {
    const start = startRel === '' ? '.' : startRel;
    const filterIgnored = !this.isIgnored(start, true);
    const skipLinks = opts.symlinks === 'skip';
    const stack: WalkItem[] = [{ rel: start, kind: 'dir' }];
    while (stack.length > 0) {
      if (signal?.aborted) return;
      const item = stack.pop() as WalkItem;
      if (item.kind === 'file') {
        yield item.rel;
        continue;
      }
      if (item.kind === 'link') {
        if (await this.isInsideFile(item.rel)) yield item.rel;
        continue;
      }
      const entries = await (item.entries ?? this.readDir(item.rel));
      if (entries === 'denied') {
        opts.onDenied?.(item.rel);
        continue;
      }
      const children: WalkItem[] = [];
      for (const entry of entries) {
        const rel = item.rel === '.' ? entry.name : `${item.rel}/${entry.name}`;
        const isDir = entry.isDirectory();
        if (filterIgnored ? this.isIgnored(rel, isDir) : entry.name === '.git') continue;
        if (isDir) children.push({ rel, kind: 'dir' });
        else if (entry.isFile()) children.push({ rel, kind: 'file' });
        else if (!skipLinks && entry.isSymbolicLink()) children.push({ rel, kind: 'link' });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as WalkItem);
      this.prefetch(stack);
    }
  }

  /**
   * Every file of the workspace in tree order (as walkFiles('.')), from the file index while a watcher
   * keeps it current, else from a fresh walk.
   */
  async *listFiles(signal?: AbortSignal): AsyncGenerator<string> {
    if (this.index?.live) {
      yield* await this.index.files(signal);
      return;
    }
    yield* this.walkFiles('.', signal);
  }

  /** The lazily built index of files; a WorkspaceWatcher attaches to it and keeps it current. */
  fileIndex(): FileIndex {
    this.index ??= new FileIndex(this);
    return this.index;
  }

  /** Starts reading the next few folders on the stack, so folder reads overlap with the consumer. */
  private prefetch(stack: WalkItem[]): void {
    let started = 0;
    for (let i = stack.length - 1; i >= 0 && i >= stack.length - PREFETCH_SCAN; i--) {
      const item = stack[i] as WalkItem;
      if (item.kind !== 'dir') continue;
      item.entries ??= this.readDir(item.rel);
      if (++started >= PREFETCH_DIRS) return;
    }
  }

  /** Entries sorted by name; 'denied' for a folder without read permission, [] for other failures. */
  private async readDir(rel: string): Promise<Dirent[] | 'denied'> {
    try {
      const entries = await fs.readdir(path.join(this.root, rel), { withFileTypes: true });
      return entries.sort((a, b) => compareNames(a.name, b.name));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM' ? 'denied' : [];
    }
  }

  /** Whether walkFiles('.') would list `rel`: a regular file, or a link to a file inside, not ignored. */
  async isListable(rel: string): Promise<boolean> {
    if (this.isIgnored(rel, false)) return false;
    try {
      const stat = await fs.lstat(path.join(this.root, rel));
      if (stat.isFile()) return true;
      return stat.isSymbolicLink() && (await this.isInsideFile(rel));
    } catch {
      return false;
    }
  }

  private async isInsideFile(rel: string): Promise<boolean> {
    try {
      const real = await fs.realpath(path.join(this.root, rel));
      return this.contains(real) && (await fs.stat(real)).isFile();
    } catch {
      return false;
    }
  }

  private contains(abs: string): boolean {
    if (abs === this.root) return true;
    const prefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
    return abs.startsWith(prefix);
  }

  private outside(input: string): ResolveResult {
    return fail(
      'outside_root',
      `${input} is outside the workspace; only paths inside the opened folder can be used.`,
    );
  }
}

export async function openWorkspace(
  folder: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<{ workspace: Workspace }, 'folder_not_found' | 'not_a_directory'>> {
  let real: string;
  try {
    real = await fs.realpath(path.resolve(folder));
  } catch {
    return fail('folder_not_found', `The folder ${folder} does not exist. Choose an existing folder.`);
  }
  const stat = await fs.stat(real);
  if (!stat.isDirectory()) {
    return fail('not_a_directory', `${folder} is a file, not a folder. Choose the folder that contains it.`);
  }
  const workspace = new Workspace(real);
  const data = await fs.realpath(dataDir(env)).catch(() => path.resolve(dataDir(env)));
  const dataRel = path.relative(real, data);
  if (dataRel !== '' && !dataRel.startsWith('..') && !path.isAbsolute(dataRel)) {
    workspace.protectedDirs.push(toRel(dataRel));
  }
  return { ok: true, workspace };
}

/**
 * The real path `abs` refers to, whether or not it exists: the realpath of its deepest existing
 * ancestor plus the missing tail. Dangling symlinks are followed to where they point, so writing
 * through one cannot escape. Null after too many link hops.
 */
async function realTarget(abs: string, hops = 0): Promise<string | null> {
  if (hops > MAX_LINK_HOPS) return null;
  const tail: string[] = [];
  let current = abs;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return tail.length === 0 ? real : path.join(real, ...[...tail].reverse());
    } catch {
      // Missing, or a dangling symlink: see which.
    }
    let link: string | null = null;
    try {
      if ((await fs.lstat(current)).isSymbolicLink()) link = await fs.readlink(current);
    } catch {
      link = null;
    }
    if (link !== null) {
      const target = path.resolve(path.dirname(current), link);
      return realTarget(tail.length === 0 ? target : path.join(target, ...[...tail].reverse()), hops + 1);
    }
    const parent = path.dirname(current);
    if (parent === current) return abs;
    tail.push(path.basename(current));
    current = parent;
  }
}

function toRel(relative: string): string {
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
