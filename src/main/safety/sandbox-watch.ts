// What no mount can keep a write-profile command from leaving in the folder, undone after it: a new
// `.git` anywhere (its config and hooks run programs for the next git, the person's own included) and,
// outside full-auto, a created, changed or removed instruction file (AGENTS.md, CLAUDE.md steer later
// sessions; the edit tools ask the person for those). Folders are stamped by inode, birth and change time
// (a command can set mtimes back, never ctime). Before each write-profile command the folder is taken as
// it is (the person's own changes stay theirs); after it, folders whose stamp changed are listed again,
// what the command added is removed and the instruction files it changed are put back.
import {
  promises as fs,
  readdirSync,
  readFileSync,
  realpathSync,
  type BigIntStats,
  type Dirent,
} from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { aliasesName, pathComponents } from '../workspace/fs-names.js';
import { isInstructionFile } from '../workspace/instruction-files.js';
import { InstructionCopies } from './sandbox-instructions.js';
import { containsPath, identity, lstatBig, realOrSame } from './sandbox-paths.js';

export interface WatchOptions {
  /** Undo a command's changes to instruction files (every mode but full-auto). */
  instructions: boolean;
  /** Entries one pass may list (default 1,000,000); see DirState for what is left past it. */
  maxEntries?: number;
}

export interface WatchRepair {
  /** `.git` folders or files a command created, removed. */
  removedGit: string[];
  /** Instruction files a command created (removed), changed or removed (put back). */
  undoneInstructions: string[];
  /** What could not be undone, each with the reason. */
  failed: string[];
}

/**
 * listed: its entries are known as of `stamp`. fresh: made by a command and not listed yet (a pass ran
 * out of budget): whatever is in it is the command's. uncovered: there before the first pass, past its
 * budget: never judged, so nothing in it is removed (it may be the person's).
 */
type DirState = { kind: 'listed'; stamp: string } | { kind: 'fresh' } | { kind: 'uncovered' };

const YIELD_MS = 8;

export class FolderWatch {
  private readonly dirs = new Map<string, DirState>();
  /** Known `.git` entries (path -> identity): there when the session started, or made by the person. */
  private readonly gits = new Map<string, string>();
  private readonly instructions: InstructionCopies;
  /** What an accept undid (a fresh folder finished late): reported with the next undo. */
  private carried = emptyRepair();
  private started = false;
  private slice = 0;
  private left = 0;

  constructor(
    readonly root: string,
    private readonly options: WatchOptions,
  ) {
    this.instructions = new InstructionCopies(root);
  }

  /** Before a write-profile command: the folder as it is now is nobody's doing but the person's. */
  async accept(): Promise<void> {
    await this.pass(false, this.carried);
  }

  /** After it: removes the `.git` it created and puts the instruction files it changed back. */
  async undo(): Promise<WatchRepair> {
    const repair = this.carried;
    this.carried = emptyRepair();
    await this.pass(true, repair);
    return repair;
  }

  /** Instruction files that are regular files now, shallowest first: bound read-only while protected. */
  instructionBinds(): string[] {
    return this.options.instructions ? this.instructions.binds() : [];
  }

  private async pass(undoing: boolean, repair: WatchRepair): Promise<void> {
    this.left = this.options.maxEntries ?? 1_000_000;
    this.slice = performance.now();
    if (!this.started) {
      this.started = true;
      await this.walk(this.root, false, 'uncovered', repair);
      return;
    }
    for (const [dir, state] of [...this.dirs]) {
      await this.breathe();
      if (state.kind === 'uncovered') continue;
      if (state.kind === 'fresh') {
        await this.walk(dir, true, 'fresh', repair);
        continue;
      }
      const st = lstatBig(dir);
      if (!st?.isDirectory()) this.dirs.delete(dir);
      else if (dirStamp(st) !== state.stamp) {
        await this.walk(dir, undoing, undoing ? 'fresh' : 'uncovered', repair);
      }
    }
    await this.instructions.check(undoing, repair, () => this.breathe());
  }

  /**
   * Lists `start` and the folders below it not seen before. `attribute`: entries not known are the
   * command's (undone), else they are taken as they are. `overflow`: what a folder left unlisted becomes.
   */
  private async walk(
    start: string,
    attribute: boolean,
    overflow: 'fresh' | 'uncovered',
    repair: WatchRepair,
  ): Promise<void> {
    const stack = [start];
    while (stack.length > 0) {
      await this.breathe();
      const dir = stack.pop() as string;
      const st = lstatBig(dir);
      if (!st?.isDirectory()) {
        this.dirs.delete(dir);
        continue;
      }
      const listing = await listDir(dir, st, attribute);
      if (!listing) {
        this.dirs.set(dir, { kind: 'listed', stamp: dirStamp(st) }); // unreadable: no command can use it
        continue;
      }
      const { entries } = listing;
      if (this.left < entries.length) {
        if (listing.mode !== undefined) await fs.chmod(dir, listing.mode).catch(() => {});
        this.dirs.set(dir, { kind: overflow });
        continue;
      }
      this.left -= entries.length;
      let touched = false;
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        if (isGitName(e.name)) {
          // The top one is the guard's (sandbox-guard.ts); no `.git` is looked into.
          if (dir !== this.root || e.name !== '.git')
            touched = (await this.seeGit(abs, attribute, repair)) || touched;
        } else if (e.isDirectory()) {
          if (!this.dirs.has(abs)) {
            this.dirs.set(abs, { kind: 'fresh' });
            stack.push(abs);
          }
        } else if (this.tracks(abs) && !this.instructions.has(abs)) {
          if (attribute) touched = (await this.remove(abs, repair.undoneInstructions, repair)) || touched;
          else this.instructions.save(abs);
        }
      }
      if (listing.mode !== undefined) await fs.chmod(dir, listing.mode).catch(() => {});
      const after = touched || listing.mode !== undefined ? lstatBig(dir) : st;
      if (after) this.dirs.set(dir, { kind: 'listed', stamp: dirStamp(after) });
    }
  }

  /** A `.git` entry: known, the person's (not attributed), a link into a known one, or removed. */
  private async seeGit(abs: string, attribute: boolean, repair: WatchRepair): Promise<boolean> {
    const st = lstatBig(abs);
    if (!st) return false;
    const id = identity(st);
    if (this.gits.get(abs) === id) return false;
    if (!attribute || this.pointsIntoKnownGit(abs, st)) {
      this.gits.set(abs, id);
      return false;
    }
    return this.remove(abs, repair.removedGit, repair);
  }

  /**
   * A `.git` file (submodule, worktree) whose `gitdir:` leads into a known git folder: git then reads
   * that folder's config and hooks, which are as protected as the folder is.
   */
  private pointsIntoKnownGit(abs: string, st: BigIntStats): boolean {
    if (!st.isFile() || st.size > 4096n) return false;
    let target: string;
    try {
      const m = /^gitdir:[ \t]*(.+?)[ \t\r]*$/m.exec(readFileSync(abs, 'utf8'));
      if (!m?.[1]) return false;
      target = realpathSync(path.resolve(path.dirname(abs), m[1]));
    } catch {
      return false;
    }
    const known = [path.join(this.root, '.git'), ...this.gits.keys()].filter((g) =>
      lstatBig(g)?.isDirectory(),
    );
    return known.some((g) => containsPath(realOrSame(g), target));
  }

  /** `.local-coder/instructions.md` is not among them: the guard holds the whole settings folder. */
  private tracks(abs: string): boolean {
    if (!this.options.instructions || !isInstructionName(path.basename(abs))) return false;
    // Nothing loads instructions from dependencies, and package managers rewrite them freely.
    return !pathComponents(path.relative(this.root, abs)).includes('node_modules');
  }

  /** Removes what a command made at `abs`, never through a folder that leads out of the root. */
  private async remove(abs: string, into: string[], repair: WatchRepair): Promise<boolean> {
    try {
      const parent = await fs.realpath(path.dirname(abs));
      if (!containsPath(this.root, parent)) {
        repair.failed.push(`${abs} (its folder now leads outside the opened folder, to ${parent})`);
        return false;
      }
      await fs.rm(abs, { recursive: true, force: true });
      into.push(abs);
      return true;
    } catch (err) {
      repair.failed.push(`${abs} (${err instanceof Error ? err.message : String(err)})`);
      return false;
    }
  }

  /** Yields to the event loop every few milliseconds: synchronous calls are fast, the window must not wait. */
  private async breathe(): Promise<void> {
    if (performance.now() - this.slice <= YIELD_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.slice = performance.now();
  }
}

/** `.git`, or a name some file system reads as `.git` (`.GIT`, `.git.`, `GIT~1`, `.g\u200Cit`). */
export function isGitName(name: string): boolean {
  return nameFlags(name).git;
}

/** Whether a file of this name steers later sessions (AGENTS.md, CLAUDE.md in any spelling). */
function isInstructionName(name: string): boolean {
  return nameFlags(name).instructions;
}

/** Per name, once: comparing a name on every file system costs ~10 µs, and names repeat a lot. */
const flagsByName = new Map<string, { git: boolean; instructions: boolean }>();
const MAX_NAMES = 100_000;

function nameFlags(name: string): { git: boolean; instructions: boolean } {
  let flags = flagsByName.get(name);
  if (!flags) {
    if (flagsByName.size >= MAX_NAMES) flagsByName.clear();
    flags = { git: aliasesName(name, '.git'), instructions: isInstructionFile(name) };
    flagsByName.set(name, flags);
  }
  return flags;
}

/**
 * The entries of a folder, or undefined when it cannot be read. When its entries are the command's, a
 * folder it left closed to its owner (`chmod 000` or `444` over a new .git) is opened while they are
 * judged: `mode` is then the mode to put back.
 */
async function listDir(
  dir: string,
  st: BigIntStats,
  attribute: boolean,
): Promise<{ entries: Dirent[]; mode?: number } | undefined> {
  const mode = Number(st.mode) & 0o7777;
  const open = attribute && (mode & 0o700) !== 0o700;
  if (open) await fs.chmod(dir, mode | 0o700).catch(() => {});
  try {
    return { entries: readdirSync(dir, { withFileTypes: true }), ...(open ? { mode } : {}) };
  } catch {
    if (open) await fs.chmod(dir, mode).catch(() => {});
    return undefined;
  }
}

function emptyRepair(): WatchRepair {
  return { removedGit: [], undoneInstructions: [], failed: [] };
}

function dirStamp(st: BigIntStats): string {
  return `${identity(st)}:${st.ctimeNs}`;
}
