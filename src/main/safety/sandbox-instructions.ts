// Copies of the folder's instruction files (AGENTS.md, CLAUDE.md), kept by the folder watch
// (sandbox-watch.ts) so that what a write-profile command changed in one can be put back: outside
// full-auto only the person changes them, through the edit tools, which ask.
import { promises as fs, readFileSync, readlinkSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { between, identity, lstatBig } from './sandbox-paths.js';

/** What putting files back did; the watch's repair has these two lists. */
export interface InstructionRepair {
  undoneInstructions: string[];
  failed: string[];
}

/** An instruction file as it was: its bytes (absent past the size caps) or its link target. */
interface Saved {
  stamp: string;
  mode: number;
  data?: Buffer;
  link?: string;
}

const MAX_SAVED_FILE = 1024 * 1024;
const MAX_SAVED_TOTAL = 32 * 1024 * 1024;
/** Instruction files bound read-only at most (each bind costs bubblewrap a mount). */
const MAX_BINDS = 64;

export class InstructionCopies {
  private readonly saved = new Map<string, Saved>();
  private savedBytes = 0;

  constructor(private readonly root: string) {}

  has(abs: string): boolean {
    return this.saved.has(abs);
  }

  /** Regular files among them, shallowest first, at most MAX_BINDS. */
  binds(): string[] {
    return [...this.saved]
      .filter(([, s]) => s.link === undefined)
      .map(([p]) => p)
      .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length)
      .slice(0, MAX_BINDS);
  }

  /** Keeps `abs` as it is now (or forgets it when it is gone). */
  save(abs: string): void {
    const st = lstatBig(abs);
    this.forget(abs);
    if (!st) return;
    const saved: Saved = { stamp: fileStamp(st), mode: Number(st.mode) & 0o777 };
    try {
      if (st.isSymbolicLink()) saved.link = readlinkSync(abs);
      else if (
        st.isFile() &&
        st.size <= MAX_SAVED_FILE &&
        this.savedBytes + Number(st.size) <= MAX_SAVED_TOTAL
      ) {
        saved.data = readFileSync(abs);
        this.savedBytes += saved.data.length;
      }
    } catch {
      // unreadable: kept without a copy, so a change is reported rather than undone
    }
    this.saved.set(abs, saved);
  }

  /** Each one changed since it was kept: taken as it is (`undoing` false) or put back. */
  async check(undoing: boolean, repair: InstructionRepair, breathe: () => Promise<void>): Promise<void> {
    for (const [abs, saved] of [...this.saved]) {
      await breathe();
      const st = lstatBig(abs);
      if (st && fileStamp(st) === saved.stamp) continue;
      if (undoing) await this.restore(abs, saved, repair);
      else this.save(abs);
    }
  }

  private forget(abs: string): void {
    const old = this.saved.get(abs);
    if (old?.data) this.savedBytes -= old.data.length;
    this.saved.delete(abs);
  }

  /** Puts a file back as it was, through real folders only (what a command put in a folder's place goes). */
  private async restore(abs: string, saved: Saved, repair: InstructionRepair): Promise<void> {
    if (saved.data === undefined && saved.link === undefined) {
      this.save(abs);
      repair.failed.push(
        `${abs} (an instruction file with no copy kept, too large or unreadable; it was changed)`,
      );
      return;
    }
    try {
      for (const dir of between(this.root, abs)) {
        const st = lstatBig(dir);
        if (st?.isDirectory()) continue;
        if (st) await fs.rm(dir, { recursive: true, force: true });
        await fs.mkdir(dir);
      }
      await fs.rm(abs, { recursive: true, force: true });
      if (saved.link !== undefined) await fs.symlink(saved.link, abs);
      else {
        await fs.writeFile(abs, saved.data as Buffer, { flag: 'wx' });
        await fs.chmod(abs, saved.mode);
      }
      this.save(abs);
      repair.undoneInstructions.push(abs);
    } catch (err) {
      repair.failed.push(`${abs} (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}

function fileStamp(st: BigIntStats): string {
  return `${identity(st)}:${st.ctimeNs}:${st.size}:${st.mode}`;
}
