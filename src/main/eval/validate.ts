// Checks the suite itself with each task's reference solution (eval/README.md, "Validation"): the
// grader fails on the starting files, passes with the solution, and fails when the visible tests are
// deleted or emptied. Every check runs in a fresh temp copy; the task folders are never changed.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxInfo } from '../safety/sandbox.js';
import { ANSWER_FILE, gradeWorkCopy } from './grader.js';
import { graderRunner } from './run-task.js';
import type { EvalTask, LoadedTask } from './task-suite.js';

export interface ValidationCheck {
  name:
    | 'starting files fail'
    | 'solution passes'
    | 'deleted tests fail'
    | 'emptied tests fail'
    | 'empty answer fails';
  ok: boolean;
  detail: string;
}

export interface TaskValidation {
  id: string;
  ok: boolean;
  /** Set when the task could not be loaded. */
  error?: string;
  checks: ValidationCheck[];
}

type Prepare = (work: string) => Promise<void>;

export async function validateTask(task: EvalTask, sandbox: SandboxInfo | null): Promise<TaskValidation> {
  const solution = path.join(task.dir, 'solution');
  if (!(await exists(solution))) {
    return { id: task.id, ok: false, error: 'no solution/ folder (the reference solution)', checks: [] };
  }
  const answer =
    task.kind === 'question'
      ? await fs.readFile(path.join(solution, ANSWER_FILE), 'utf8').catch(() => null)
      : null;
  if (task.kind === 'question' && answer === null) {
    return { id: task.id, ok: false, error: `question task without solution/${ANSWER_FILE}`, checks: [] };
  }
  const overlaySolution: Prepare = (work) =>
    fs.cp(solution, work, {
      recursive: true,
      filter: (src) => !(task.kind === 'question' && path.basename(src) === ANSWER_FILE),
    });
  const checks: ValidationCheck[] = [];
  const run = async (
    name: ValidationCheck['name'],
    expectPass: boolean,
    prepare: Prepare | null,
    given = '',
    restore = true,
  ) => {
    const result = await gradeIn(task, sandbox, prepare, given, restore);
    const ok = result.status === (expectPass ? 'passed' : 'failed');
    const detail =
      result.status === 'timed_out' || result.status === 'error'
        ? (result.output.split('\n')[0] ?? result.status)
        : `grader ${result.status}`;
    checks.push({ name, ok, detail: ok ? detail : `${detail}: ${tailLines(result.output)}` });
  };
  if (task.kind === 'question') {
    await run('empty answer fails', false, null, '');
    await run('solution passes', true, null, answer ?? '');
  } else {
    await run('starting files fail', false, null);
    await run('solution passes', true, overlaySolution);
    if (task.visibleTests.length > 0) {
      // Graded without the restore: the hidden tests must catch the bug on their own, so deleting or
      // emptying the visible ones passes nothing even if the restore were skipped.
      const deleted: Prepare = (work) => forEachTest(task, work, (f) => fs.rm(f, { force: true }));
      const emptied: Prepare = (work) => forEachTest(task, work, (f) => fs.writeFile(f, ''));
      await run('deleted tests fail', false, deleted, '', false);
      await run('emptied tests fail', false, emptied, '', false);
    }
  }
  return { id: task.id, ok: checks.every((c) => c.ok), checks };
}

export async function validateSuite(
  tasks: readonly LoadedTask[],
  sandbox: SandboxInfo | null,
  onTask?: (v: TaskValidation) => void,
): Promise<TaskValidation[]> {
  const out: TaskValidation[] = [];
  for (const loaded of tasks) {
    const v = loaded.ok
      ? await validateTask(loaded.task, sandbox)
      : { id: loaded.malformed.id, ok: false, error: loaded.malformed.error, checks: [] };
    onTask?.(v);
    out.push(v);
  }
  return out;
}

async function forEachTest(task: EvalTask, work: string, fn: (file: string) => Promise<void>): Promise<void> {
  for (const rel of task.visibleTests) await fn(path.join(work, rel));
}

/** Grades a fresh copy of the starting files after `prepare`. */
async function gradeIn(
  task: EvalTask,
  sandbox: SandboxInfo | null,
  prepare: Prepare | null,
  answer: string,
  restoreVisibleTests = true,
) {
  const tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `lc-validate-${task.id}-`)));
  const work = path.join(tmp, 'project');
  try {
    await fs.cp(path.join(task.dir, 'files'), work, { recursive: true });
    await prepare?.(work);
    return await gradeWorkCopy(task, work, {
      runner: graderRunner(work, sandbox),
      answer,
      restoreVisibleTests,
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

function tailLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ').slice(0, 300);
}
