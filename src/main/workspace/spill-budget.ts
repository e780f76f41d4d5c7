// A session's spill folder: full tool outputs kept outside the workspace (a command's whole log, a tool
// result the context cut down), read back by the model as `@spill/<name>`. Every writer counts against
// one byte budget per folder. Writers find the budget by the folder's path, so a tool that only knows
// the path (run_command) and the context engine share one count without passing an object around.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What one session's spill files may take on disk; past it, outputs are no longer kept whole. */
export const SPILL_BUDGET_BYTES = 1024 ** 3;

export interface SpillSlot {
  abs: string;
  name: string;
}

export class SpillBudget {
  private bytes = 0;
  /** Names on disk or handed out: a later writer never overwrites an earlier one (a resumed session). */
  private readonly taken = new Set<string>();
  private ready: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    readonly maxBytes = SPILL_BUDGET_BYTES,
  ) {}

  /** Bytes counted so far: the files found on first use plus everything written since. */
  async usedBytes(): Promise<number> {
    await this.load();
    return this.bytes;
  }

  /**
   * A fresh name for a file the caller writes itself (a command's log); undefined when the budget is
   * spent or the folder cannot be made. settle() it once written.
   */
  async reserve(prefix: string, ext: string): Promise<SpillSlot | undefined> {
    await this.load();
    if (this.bytes >= this.maxBytes) return undefined;
    try {
      await mkdir(this.dir, { recursive: true });
    } catch {
      return undefined;
    }
    const name = `${prefix}-${randomUUID()}${ext}`;
    this.taken.add(name);
    return { abs: path.join(this.dir, name), name };
  }

  /** Counts a reserved file as it is now, or removes it when it is not worth keeping. */
  async settle(slot: SpillSlot, keep: boolean): Promise<void> {
    if (!keep) {
      await rm(slot.abs, { force: true });
      this.taken.delete(slot.name);
      return;
    }
    this.bytes += await stat(slot.abs).then(
      (s) => s.size,
      () => 0,
    );
  }

  /**
   * Writes `text` as `name`, or as a free variant of it when that name is taken; returns the name
   * written, or undefined when it would exceed the budget.
   */
  async write(name: string, text: string): Promise<string | undefined> {
    await this.load();
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.maxBytes) return undefined;
    const free = this.freeName(name);
    this.taken.add(free);
    try {
      // Made on first use, so a session that never spills leaves no folder behind.
      await mkdir(this.dir, { recursive: true });
      await writeFile(path.join(this.dir, free), text);
    } catch {
      this.taken.delete(free);
      return undefined;
    }
    this.bytes += size;
    return free;
  }

  private freeName(name: string): string {
    if (!this.taken.has(name)) return name;
    const ext = path.extname(name);
    const base = name.slice(0, name.length - ext.length);
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}${ext}`;
      if (!this.taken.has(candidate)) return candidate;
    }
  }

  private load(): Promise<void> {
    this.ready ??= (async () => {
      const names = await readdir(this.dir).catch(() => [] as string[]);
      const sizes = await Promise.all(
        names.map((n) =>
          stat(path.join(this.dir, n)).then(
            (s) => (s.isFile() ? s.size : 0),
            () => 0,
          ),
        ),
      );
      for (const n of names) this.taken.add(n);
      this.bytes += sizes.reduce((a, b) => a + b, 0);
    })();
    return this.ready;
  }
}

/** One budget per folder for the life of the process (a session's folder is used by one run at a time). */
const budgets = new Map<string, SpillBudget>();

export function spillBudgetFor(dir: string): SpillBudget {
  const key = path.resolve(dir);
  let budget = budgets.get(key);
  if (!budget) {
    budget = new SpillBudget(key);
    budgets.set(key, budget);
  }
  return budget;
}
