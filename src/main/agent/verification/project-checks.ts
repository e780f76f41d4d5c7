// The checks of a project: detected ones, then the project's own `.local-coder.json`, then the
// user's overrides, later ones winning. The project file looks like:
//   { "checks": { "test": "npm test -- --run", "lint": null, "e2e": { "command": "make e2e", "kind": "test" } },
//     "onlyListedChecks": false }
// `null` removes a check; `onlyListedChecks: true` drops everything detected.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fail, type Result } from '../../../shared/result.js';
import { sortChecks, type CheckOverrides, type CheckSpec } from './check-types.js';
import { detectChecks } from './detect-checks.js';

export const PROJECT_FILE = '.local-coder.json';

const specSchema = z.object({
  command: z.string().min(1),
  kind: z.enum(['typecheck', 'lint', 'test', 'build', 'other']).optional(),
  appliesTo: z.array(z.string()).optional(),
  timeoutS: z.number().positive().optional(),
});

const fileSchema = z.object({
  checks: z.record(z.string(), z.union([z.string().min(1), z.null(), specSchema])).optional(),
  onlyListedChecks: z.boolean().optional(),
});

export interface ProjectCheckConfig {
  overrides: CheckOverrides;
  onlyListed: boolean;
}

/** The project file's settings; none when absent; `bad_project_file` when it does not parse. */
export async function readProjectFile(
  root: string,
): Promise<Result<{ config: ProjectCheckConfig | null }, 'bad_project_file'>> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, PROJECT_FILE), 'utf8');
  } catch {
    return { ok: true, config: null };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail(
      'bad_project_file',
      `${PROJECT_FILE} is not valid JSON (${(err as Error).message}); fix or remove it.`,
    );
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return fail(
      'bad_project_file',
      `${PROJECT_FILE}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}.`,
    );
  }
  return {
    ok: true,
    config: { overrides: parsed.data.checks ?? {}, onlyListed: parsed.data.onlyListedChecks ?? false },
  };
}

export function applyOverrides(
  checks: readonly CheckSpec[],
  overrides: CheckOverrides,
  source: string,
): CheckSpec[] {
  const byName = new Map(checks.map((c) => [c.name, c]));
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) {
      byName.delete(name);
      continue;
    }
    const prev = byName.get(name);
    const spec = typeof value === 'string' ? { command: value } : value;
    const kind = spec.kind ?? prev?.kind ?? guessKind(name);
    byName.set(name, {
      name,
      command: spec.command,
      kind,
      source,
      ...(spec.appliesTo ? { appliesTo: spec.appliesTo } : {}),
      ...(spec.timeoutS !== undefined ? { timeoutS: spec.timeoutS } : {}),
    });
  }
  return sortChecks([...byName.values()]);
}

function guessKind(name: string): CheckSpec['kind'] {
  if (/type|tsc|mypy/.test(name)) return 'typecheck';
  if (/lint|ruff|vet|clippy/.test(name)) return 'lint';
  if (/test|spec|check/.test(name)) return 'test';
  if (/build|compile/.test(name)) return 'build';
  return 'other';
}

export interface LoadedChecks {
  checks: CheckSpec[];
  /** A problem with the project file, for a person; the file was ignored. */
  warning?: string;
}

/** Detected checks + the project file + `user` overrides (the user's word is last). */
export async function loadProjectChecks(root: string, user: CheckOverrides = {}): Promise<LoadedChecks> {
  const file = await readProjectFile(root);
  let checks: CheckSpec[];
  if (file.ok && file.config?.onlyListed) checks = [];
  else checks = await detectChecks(root);
  if (file.ok && file.config) checks = applyOverrides(checks, file.config.overrides, PROJECT_FILE);
  checks = applyOverrides(checks, user, 'user');
  return file.ok ? { checks } : { checks, warning: file.message };
}
