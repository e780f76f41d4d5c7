// The eval's task suite: one folder per task (eval/README.md). A folder that cannot be run is reported
// as malformed with what is wrong, and the suite goes on without it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const TASK_LEVELS = [
  'question',
  'one-line',
  'multi-line',
  'two-files',
  'feature',
  'indirect',
] as const;
export type TaskLevel = (typeof TASK_LEVELS)[number];

const TaskFile = z.object({
  instruction: z.string().trim().min(1, 'instruction is empty'),
  level: z.enum(TASK_LEVELS),
  language: z.enum(['javascript', 'typescript', 'python']),
  kind: z.enum(['change', 'question']),
  grade: z.string().trim().min(1, 'grade is empty'),
  timeoutSec: z.number().positive().max(3600).default(60),
  visibleTests: z.array(z.string().min(1)).default([]),
});

export interface EvalTask extends z.infer<typeof TaskFile> {
  id: string;
  /** Absolute path of the task folder. */
  dir: string;
}

export interface MalformedTask {
  id: string;
  dir: string;
  error: string;
}

export type LoadedTask = { ok: true; task: EvalTask } | { ok: false; malformed: MalformedTask };

/** Every task folder of `suiteDir` (sorted by id), kept when `filter` is absent or matches its id. */
export async function loadSuite(suiteDir: string, filter?: readonly string[]): Promise<LoadedTask[]> {
  let names: string[];
  try {
    names = (await fs.readdir(suiteDir, { withFileTypes: true }))
      // `_shared` and other `_` folders hold what tasks share (grader helpers), not tasks.
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new Error(`Cannot read the task suite ${suiteDir}: ${(error as Error).message}`, { cause: error });
  }
  const picked = filter && filter.length > 0 ? names.filter((id) => matchesFilter(id, filter)) : names;
  return Promise.all(picked.map((id) => loadTask(path.join(suiteDir, id))));
}

/** A filter entry is an id, or a glob with `*` (`py-*`, `*-feature-*`). */
export function matchesFilter(id: string, filter: readonly string[]): boolean {
  return filter.some((entry) => {
    if (!entry.includes('*')) return entry === id;
    const pattern = entry.split('*').map(escapeGlobPart).join('.*');
    return new RegExp(`^${pattern}$`).test(id);
  });
}

function escapeGlobPart(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export async function loadTask(dir: string): Promise<LoadedTask> {
  const id = path.basename(dir);
  const bad = (error: string): LoadedTask => ({ ok: false, malformed: { id, dir, error } });
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(dir, 'task.json'), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return bad(
      code === 'ENOENT' ? 'no task.json' : `task.json is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = TaskFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'task.json'}: ${i.message}`);
    return bad(`task.json: ${issues.join('; ')}`);
  }
  for (const folder of ['files', 'grader'] as const) {
    if (!(await isDir(path.join(dir, folder)))) {
      return bad(folder === 'grader' ? 'no grader/ folder (the hidden tests)' : 'no files/ folder');
    }
  }
  for (const rel of parsed.data.visibleTests) {
    if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) {
      return bad(`visibleTests: ${rel} must be a path inside files/`);
    }
    if (!(await isFile(path.join(dir, 'files', rel))))
      return bad(`visibleTests: files/${rel} does not exist`);
  }
  return { ok: true, task: { ...parsed.data, id, dir } };
}

async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
}

async function isFile(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isFile() ?? false;
}
