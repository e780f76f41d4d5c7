// Runs a task suite with one model: every task, each `repeat` times, in order; a progress line per task.
import type { AgentModel } from '../model/turn.js';
import type { LoadedTask } from './task-suite.js';
import { runTask, type TaskResult, type TaskRunSettings } from './run-task.js';
import { summarize, type EvalReport, type EvalSettingsRecord } from './report.js';

export interface SuiteRunOptions extends Omit<TaskRunSettings, 'model'> {
  model: AgentModel;
  tasks: readonly LoadedTask[];
  repeat: number;
  /** Recorded in the report: the sampling seed of the first repeat, the model spec and such. */
  record: Omit<
    EvalSettingsRecord,
    'maxSteps' | 'timeLimitSec' | 'tries' | 'toolChoice' | 'features' | 'repeat'
  >;
  onProgress?: (line: string) => void;
  /** Before each repeat (after the first): e.g. a new sampling seed. */
  beforeRepeat?: (index: number) => Promise<void> | void;
}

export async function runSuite(options: SuiteRunOptions): Promise<EvalReport> {
  const started = new Date();
  const t0 = performance.now();
  const results: TaskResult[][] = [];
  const total = options.tasks.length * options.repeat;
  let done = 0;
  for (let r = 0; r < options.repeat; r++) {
    if (r > 0) await options.beforeRepeat?.(r);
    const round: TaskResult[] = [];
    for (const loaded of options.tasks) {
      if (options.signal?.aborted) break;
      done++;
      // One task's failure to run (a file error, a bug) is its result, not the end of the suite.
      const result = loaded.ok
        ? await runTask(loaded.task, options).catch((error: unknown) =>
            malformedResult(
              loaded.task.id,
              `the task could not be run: ${error instanceof Error ? error.message : String(error)}`,
            ),
          )
        : malformedResult(loaded.malformed.id, loaded.malformed.error);
      // A task cut short by a cancel did not finish: it is left out, not counted as failed.
      if (options.signal?.aborted) break;
      round.push(result);
      options.onProgress?.(progressLine(done, total, result));
    }
    results.push(round);
    if (options.signal?.aborted) break;
  }
  const settings: EvalSettingsRecord = {
    ...options.record,
    maxSteps: options.maxSteps,
    timeLimitSec: options.timeLimitSec,
    tries: options.tries,
    toolChoice: options.toolChoice,
    features: options.features,
    repeat: options.repeat,
  };
  const report = summarize(settings, results, started, Math.round(performance.now() - t0));
  if (options.signal?.aborted) report.cancelled = { finished: results.flat().length, planned: total };
  return report;
}

function malformedResult(id: string, error: string): TaskResult {
  return { id, status: 'malformed', solvedOnTry: null, tries: [], error };
}

export function progressLine(index: number, total: number, result: TaskResult): string {
  const head = `[${String(index).padStart(String(total).length)}/${total}] ${result.id.padEnd(34)}`;
  if (result.status === 'malformed') return `${head} MALFORMED: ${result.error ?? ''}`;
  const verdict = result.status === 'solved' ? `solved (try ${result.solvedOnTry})` : 'failed';
  const tries = result.tries
    .map((t) => {
      const c = t.metrics.toolCalls;
      return `${t.metrics.steps} steps, ${c.total} calls (${c.invalid} invalid, ${c.writtenAsText} as text), ${t.metrics.stopReason}, ${(t.metrics.time.wallMs / 1000).toFixed(1)} s`;
    })
    .join(' | ');
  return `${head} ${verdict.padEnd(15)} ${tries}`;
}
