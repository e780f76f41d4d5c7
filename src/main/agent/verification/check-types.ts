// What a project check is, wherever it came from (detected, the project's file, the user).

export type CheckKind = 'typecheck' | 'lint' | 'test' | 'build' | 'other';

export interface CheckSpec {
  /** Short and unique within a project: `test`, `lint`, `cargo-test`, ... */
  name: string;
  /** Shell command line, run in the workspace root. */
  command: string;
  kind: CheckKind;
  /** Where it came from: `package.json`, `Cargo.toml`, `.local-coder.json`, `user`, ... */
  source: string;
  /**
   * Changed paths that make this check relevant: extensions (`.py`) or file names (`go.mod`). Absent:
   * any change does.
   */
  appliesTo?: string[];
  /** Seconds before the check is killed; the gate's default when absent. */
  timeoutS?: number;
}

/**
 * Overrides by check name: a command string (or a full spec) sets or replaces that check, `null`
 * removes it. Used by the project file and by the user.
 */
export type CheckOverrides = Record<
  string,
  string | null | { command: string; kind?: CheckKind; appliesTo?: string[]; timeoutS?: number }
>;

/** Cheapest first: type checks and linters fail fast, tests and builds take longer. */
export const KIND_ORDER: readonly CheckKind[] = ['typecheck', 'lint', 'test', 'build', 'other'];

export function sortChecks(checks: readonly CheckSpec[]): CheckSpec[] {
  return [...checks].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** Whether a change to `rel` makes `check` worth running. */
export function appliesTo(check: CheckSpec, rel: string): boolean {
  if (!check.appliesTo) return true;
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return check.appliesTo.some((p) => (p.startsWith('.') ? base.endsWith(p) : base === p));
}
