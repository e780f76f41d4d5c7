// .gitignore handling for one workspace: the root .gitignore plus nested ones, each applying to its
// own subtree with paths relative to it; deeper files win, as in git. A folder holding a .git (a nested
// repository or submodule) is a boundary: .gitignore files above it do not apply inside (as in git and
// ripgrep). Loaded lazily and cached.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

/** Always ignored, whatever the .gitignore files say. */
const ALWAYS_IGNORED = new Set(['.git', 'node_modules']);

export class IgnoreRules {
  /** Directory rel path ('' for root) -> its .gitignore rules, or null when it has none. */
  private readonly byDir = new Map<string, Ignore | null>();
  /** Directory rel path -> whether it holds a .git entry (a repository root). */
  private readonly repoRoot = new Map<string, boolean>();
  /** Memo of ignored directories, keyed by rel path. */
  private readonly dirMemo = new Map<string, boolean>();

  constructor(private readonly root: string) {}

  /** Forget cached rules (call after a .gitignore changed). */
  clear(): void {
    this.byDir.clear();
    this.repoRoot.clear();
    this.dirMemo.clear();
  }

  /** `rel` uses forward slashes, relative to the root; '.' or '' is the root, never ignored. */
  isIgnored(rel: string, isDir: boolean): boolean {
    const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0) return false;
    if (parts.some((p) => ALWAYS_IGNORED.has(p))) return true;
    // A path under an ignored directory is ignored; git never re-includes it.
    for (let i = 1; i < parts.length; i++) {
      if (this.isDirIgnored(parts.slice(0, i))) return true;
    }
    return isDir ? this.isDirIgnored(parts) : this.testOwn(parts, false);
  }

  private isDirIgnored(parts: string[]): boolean {
    const key = parts.join('/');
    const memo = this.dirMemo.get(key);
    if (memo !== undefined) return memo;
    const value = this.testOwn(parts, true);
    this.dirMemo.set(key, value);
    return value;
  }

  /**
   * Tests the path itself against each .gitignore from the deepest directory up to the root, or up to
   * the nearest repository root.
   */
  private testOwn(parts: string[], isDir: boolean): boolean {
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const dirRel = parts.slice(0, depth).join('/');
      const rules = this.rulesFor(dirRel);
      if (!rules) {
        if (depth > 0 && this.isRepoRoot(dirRel)) return false;
        continue;
      }
      const sub = parts.slice(depth).join('/') + (isDir ? '/' : '');
      let result: ReturnType<Ignore['test']>;
      try {
        result = rules.test(sub);
      } catch {
        continue; // a name the ignore package refuses to test is treated as not ignored
      }
      if (result.ignored) return true;
      if (result.unignored) return false;
      if (depth > 0 && this.isRepoRoot(dirRel)) return false;
    }
    return false;
  }

  /** Whether `dirRel` holds a .git file or folder; its ancestors' rules stop there. */
  isRepoRoot(dirRel: string): boolean {
    let value = this.repoRoot.get(dirRel);
    if (value === undefined) {
      value = existsSync(path.join(this.root, dirRel, '.git'));
      this.repoRoot.set(dirRel, value);
    }
    return value;
  }

  private rulesFor(dirRel: string): Ignore | null {
    const cached = this.byDir.get(dirRel);
    if (cached !== undefined) return cached;
    let rules: Ignore | null;
    try {
      const text = readFileSync(path.join(this.root, dirRel, '.gitignore'), 'utf8');
      rules = ignore().add(text);
    } catch {
      rules = null; // no .gitignore here (or unreadable): no rules
    }
    this.byDir.set(dirRel, rules);
    return rules;
  }
}
