// Grading one try of a task: the visible tests put back as they were, the hidden tests copied in, the
// task's grade command run in the OS sandbox (the work copy holds model-written code). See eval/README.md.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CommandRunner } from '../workspace/command-runner.js';
import type { EvalTask } from './task-suite.js';
import { changedPaths } from './tree-diff.js';

export const GRADER_DIR = '.grader';
/** A suite folder of grading helpers every task's grader gets beside its own files (not a task). */
export const SHARED_GRADER_DIR = '_shared';
export const ANSWER_FILE = 'answer.md';

export interface GradeResult {
  /** `timed_out`: the grader ran past the task's limit (the task is malformed, not the model wrong). */
  status: 'passed' | 'failed' | 'timed_out' | 'error';
  /** The grader's output, for the report and for the second try. */
  output: string;
  durationMs: number;
  /** Project files that differ from the task's starting files. */
  changed: string[];
}

export interface GradeOptions {
  runner: CommandRunner;
  /** The final answer of a question task. */
  answer?: string;
  signal?: AbortSignal;
  /** False only for validation: grade the visible tests as they are, to show the grader refuses cheats itself. */
  restoreVisibleTests?: boolean;
}

/** The first component of `rel` under `root` that is a symbolic link (the file itself included), if any. */
async function linkOnTheWay(root: string, rel: string): Promise<string | undefined> {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    const stat = await fs.lstat(path.join(root, sub)).catch(() => null);
    if (!stat) return undefined;
    if (stat.isSymbolicLink()) return sub;
  }
  return undefined;
}

/** Grades the work copy; removes the hidden tests again before returning. */
export async function gradeWorkCopy(
  task: EvalTask,
  work: string,
  options: GradeOptions,
): Promise<GradeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const original = path.join(task.dir, 'files');
  for (const rel of options.restoreVisibleTests === false ? [] : task.visibleTests) {
    // Restoring runs outside the sandbox: a symlink the agent left on the way must not lead it out.
    const link = await linkOnTheWay(work, rel);
    if (link) {
      const output = `Not graded: ${link} in the work copy is a symbolic link, on the path of the visible test ${rel}.`;
      return { status: 'failed', output, durationMs: elapsed(), changed: [link] };
    }
    const target = path.join(work, rel);
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(path.join(original, rel), target);
  }
  const changed = await changedPaths(original, work, [GRADER_DIR]);
  const graderDir = path.join(work, GRADER_DIR);
  await fs.rm(graderDir, { recursive: true, force: true });
  // The suite's shared grading helpers first, then the task's own grader (its files win a name clash).
  const shared = path.join(path.dirname(task.dir), SHARED_GRADER_DIR);
  const hasShared = await fs.stat(shared).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (hasShared) await fs.cp(shared, graderDir, { recursive: true });
  await fs.cp(path.join(task.dir, 'grader'), graderDir, { recursive: true, force: true });
  try {
    const answerFile = path.join(graderDir, ANSWER_FILE);
    if (task.kind === 'question') {
      await fs.writeFile(answerFile, options.answer ?? '');
      if (changed.length > 0) {
        return {
          status: 'failed',
          output: `A question task must change nothing, but these files changed: ${changed.join(', ')}`,
          durationMs: elapsed(),
          changed,
        };
      }
    }
    const result = await options.runner.run(task.grade, {
      cwd: work,
      timeoutMs: task.timeoutSec * 1000,
      signal: options.signal,
      env: { EVAL_ANSWER: answerFile, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const output = result.output.trim();
    if (result.timedOut) {
      return {
        status: 'timed_out',
        output: `The grader ran past its limit of ${task.timeoutSec} s and was stopped.\n${output}`,
        durationMs: elapsed(),
        changed,
      };
    }
    if (result.spawnError) {
      return {
        status: 'error',
        output: `The grader could not run: ${result.spawnError}`,
        durationMs: elapsed(),
        changed,
      };
    }
    return { status: result.exitCode === 0 ? 'passed' : 'failed', output, durationMs: elapsed(), changed };
  } finally {
    await fs.rm(graderDir, { recursive: true, force: true });
  }
}
