// One task of the eval: a fresh temp copy of its files, the agent run headless and sandboxed under step
// and time budgets, the hidden grader, and on failure a second try that gets the grader's output back.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentModel } from '../model/turn.js';
import type { HarnessFeatures } from '../agent/features.js';
import { runSession } from '../agent/session.js';
import type { SandboxInfo } from '../safety/sandbox.js';
import { osSandbox } from '../safety/os-sandbox.js';
import { createCommandRunner, type CommandRunner } from '../workspace/command-runner.js';
import { openWorkspace } from '../workspace/workspace.js';
import { gradeWorkCopy, type GradeResult } from './grader.js';
import { MetricsCollector, type TryMetrics } from './metrics.js';
import type { EvalTask } from './task-suite.js';

export interface TaskRunSettings {
  model: AgentModel;
  maxSteps: number;
  /** Wall-clock budget of one try, seconds. */
  timeLimitSec: number;
  /** 1 (pass@1 only) or 2 (a second try gets the grader's output). */
  tries: number;
  toolChoice: 'auto' | 'first' | 'required';
  features: Partial<HarnessFeatures>;
  /** The OS sandbox for the agent's commands and the grader; null only when turned off on purpose. */
  sandbox: SandboxInfo | null;
  /** JSONL transcript of each try goes here when set. */
  transcriptsDir?: string;
  signal?: AbortSignal;
}

export interface TryResult {
  metrics: Omit<TryMetrics, 'stopReason'> & { stopReason: TryMetrics['stopReason'] | 'time_limit' };
  grade: Omit<GradeResult, 'output'> & { output: string };
}

export interface TaskResult {
  id: string;
  /** Absent for a task whose task.json could not be read. */
  level?: EvalTask['level'];
  language?: EvalTask['language'];
  kind?: EvalTask['kind'];
  status: 'solved' | 'failed' | 'malformed';
  /** 1 or 2; null when not solved. */
  solvedOnTry: number | null;
  tries: TryResult[];
  /** For a malformed task: what is wrong with it. */
  error?: string;
}

/** Grader output kept in the report and sent back on the second try. */
const GRADE_OUTPUT_CHARS = 3000;

export async function runTask(task: EvalTask, settings: TaskRunSettings): Promise<TaskResult> {
  // Real path: the sandbox binds it, and macOS's tmpdir is a symlink.
  const tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `lc-eval-${task.id}-`)));
  const work = path.join(tmp, 'project');
  const base = { id: task.id, level: task.level, language: task.language, kind: task.kind };
  try {
    await fs.cp(path.join(task.dir, 'files'), work, { recursive: true });
    const runner = graderRunner(work, settings.sandbox);
    const tries: TryResult[] = [];
    for (let n = 1; n <= settings.tries; n++) {
      const previous = tries.at(-1);
      const instruction = previous ? secondTry(task.instruction, previous.grade.output) : task.instruction;
      const attempt = await runTry(task, work, tmp, instruction, n, settings, runner);
      tries.push(attempt);
      if (attempt.grade.status === 'timed_out' || attempt.grade.status === 'error') {
        return { ...base, status: 'malformed', solvedOnTry: null, tries, error: attempt.grade.output };
      }
      if (attempt.grade.status === 'passed') return { ...base, status: 'solved', solvedOnTry: n, tries };
      if (settings.signal?.aborted) break;
    }
    return { ...base, status: 'failed', solvedOnTry: null, tries };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function runTry(
  task: EvalTask,
  work: string,
  tmp: string,
  instruction: string,
  n: number,
  settings: TaskRunSettings,
  runner: CommandRunner,
): Promise<TryResult> {
  const collector = new MetricsCollector();
  const opened = await openWorkspace(work);
  if (!opened.ok) throw new Error(opened.message);
  const timer = AbortSignal.timeout(settings.timeLimitSec * 1000);
  const signal = settings.signal ? AbortSignal.any([settings.signal, timer]) : timer;
  await runSession({
    workspace: opened.workspace,
    model: settings.model,
    task: instruction,
    onEvent: collector.onEvent,
    signal,
    maxSteps: settings.maxSteps,
    toolChoice: settings.toolChoice,
    features: settings.features,
    // The task says what it is; the second try's wording (grader output, "fix what is still wrong") does not.
    expectChange: task.kind === 'change',
    // A throwaway copy inside the OS sandbox: nobody is there to ask, and nothing outside can be reached.
    approvalMode: 'full-auto',
    sandbox: { allowNetwork: false, whenMissing: 'refuse' },
    checkpoints: false,
    spillDir: path.join(tmp, `spill-${n}`),
    ...(settings.transcriptsDir
      ? { transcriptFile: path.join(settings.transcriptsDir, `${task.id}-try${n}.jsonl`) }
      : {}),
  });
  const metrics = collector.result();
  const stopReason = timer.aborted && !settings.signal?.aborted ? 'time_limit' : metrics.stopReason;
  const grade = await gradeWorkCopy(task, work, {
    runner,
    answer: metrics.finalAnswer,
    ...(settings.signal ? { signal: settings.signal } : {}),
  });
  return { metrics: { ...metrics, stopReason }, grade: { ...grade, output: clip(grade.output) } };
}

function secondTry(instruction: string, graderOutput: string): string {
  return (
    `${instruction}\n\nA first attempt at this did not pass the checks. Their output:\n` +
    `\`\`\`\n${graderOutput}\n\`\`\`\nFix what is still wrong.`
  );
}

function clip(text: string): string {
  if (text.length <= GRADE_OUTPUT_CHARS) return text;
  const half = Math.floor(GRADE_OUTPUT_CHARS / 2);
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters omitted ...]\n${text.slice(-half)}`;
}

/** The grader runs model-written code: inside the sandbox, the work copy writable, no network. */
export function graderRunner(work: string, sandbox: SandboxInfo | null): CommandRunner {
  if (!sandbox) return createCommandRunner();
  return createCommandRunner({
    // The harness's own check, not the model's command: it may write in the work copy.
    sandbox: osSandbox(
      sandbox,
      { root: work, allowNetwork: false, readOnlyInside: [] },
      { profile: 'write' },
    ),
  });
}
