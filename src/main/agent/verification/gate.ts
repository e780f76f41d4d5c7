// The verification gate: when the model says it is done after changing files, the project's relevant
// checks run; failures go back to the model (bounded rounds), and the final outcome says plainly what
// ran and how it ended. "Not verified" is reported as such, never dressed up as success.
import type { VerificationOutcome } from '../../../shared/agent-events.js';
import { shapeOutput } from '../../context/shape-output.js';
import type { CommandRunner } from '../../workspace/command-runner.js';
import type { Workspace } from '../../workspace/workspace.js';
import { notVerified, type FinishGate, type FinishGateContext, type FinishVerdict } from '../finish-gate.js';
import { appliesTo, type CheckOverrides, type CheckSpec } from './check-types.js';
import { loadProjectChecks, PROJECT_FILE } from './project-checks.js';
import { describeRun, runChecks, type CheckResult } from './run-checks.js';

export interface VerificationGateOptions {
  workspace: Workspace;
  /** The checks to run; when absent they are detected (with `overrides`) at the first check. */
  checks?: readonly CheckSpec[];
  overrides?: CheckOverrides;
  runner: CommandRunner;
  /** Rounds of checks (each followed by a chance to fix) before the run ends as failed. Default 3. */
  maxRounds?: number;
  /** Per check, seconds, unless the check sets its own. Default 300. */
  timeoutS?: number;
  /** Characters of each failing check's output sent to the model. Default 3000. */
  outputChars?: number;
  env?: Record<string, string>;
}

const DEFAULT_MAX_ROUNDS = 3;
const DEFAULT_TIMEOUT_S = 300;
const DEFAULT_OUTPUT_CHARS = 3000;
/** Files that define checks: a change to one is pointed out next to the outcome. */
const CHECK_DEFINITIONS = new Set([
  'package.json',
  PROJECT_FILE,
  'Makefile',
  'pyproject.toml',
  'setup.cfg',
  'tox.ini',
  'pytest.ini',
  'Cargo.toml',
  'go.mod',
]);

/** One gate per run: it counts the rounds of that run. */
export function createVerificationGate(options: VerificationGateOptions): FinishGate {
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  let checks = options.checks;
  let rounds = 0;
  return {
    async check(ctx: FinishGateContext): Promise<FinishVerdict> {
      const changed = [...ctx.changedFiles].sort();
      // Nothing changed though the task asks for a change: every check runs, so a model that only described
      // the fix hears that the tests still fail.
      const unchanged = changed.length === 0;
      if (unchanged && !ctx.expectChange) {
        return accept(notVerified('No files were changed, so no checks ran.'));
      }
      checks ??= (await loadProjectChecks(options.workspace.root, options.overrides)).checks;
      if (checks.length === 0) {
        return accept(
          notVerified(
            unchanged
              ? 'Not verified: the task asks for a change, but no file was changed and the project has no checks.'
              : `Not verified: no checks were found for this project (test, lint, typecheck or build). Add them to ${PROJECT_FILE} to have changes checked.`,
          ),
        );
      }
      const relevant = unchanged ? checks : checks.filter((c) => changed.some((rel) => appliesTo(c, rel)));
      if (relevant.length === 0) {
        const names = checks.map((c) => c.name).join(', ');
        return accept(
          notVerified(`Not verified: none of the project's checks (${names}) cover the changed files.`),
        );
      }

      rounds++;
      const results = await runChecks(relevant, {
        root: options.workspace.root,
        runner: options.runner,
        signal: ctx.signal,
        timeoutS: options.timeoutS ?? DEFAULT_TIMEOUT_S,
        ...(options.env ? { env: options.env } : {}),
      });
      const runs = results.map((r) => r.run);
      if (ctx.signal.aborted) {
        return accept({ ...notVerified('Cancelled while the checks ran.'), checks: runs, rounds });
      }
      const failing = results.filter((r) => r.run.status === 'failed' || r.run.status === 'timed_out');
      const passed = results.filter((r) => r.run.status === 'passed');
      const errored = results.filter((r) => r.run.status === 'error');
      ctx.emit({
        type: 'verification',
        step: ctx.step,
        round: rounds,
        checks: runs,
        passed: failing.length === 0,
      });

      const note = definitionNote(changed);
      if (failing.length === 0) {
        if (passed.length === 0) {
          const summary = `Not verified: the checks could not run (${list(errored)}).${note}`;
          return accept({ status: 'not_verified', summary, checks: runs, rounds });
        }
        const missing = errored.length > 0 ? `; could not run: ${list(errored)}` : '';
        if (unchanged) {
          // Passing checks do not show that a change nobody made was done.
          const summary = `Not verified: no file was changed, though the task asks for a change; the checks pass (${list(passed)}).`;
          return accept({ status: 'not_verified', summary, checks: runs, rounds });
        }
        const summary = `Checks passed: ${list(passed)}${missing}.${note}`;
        return accept({ status: 'passed', summary, checks: runs, rounds });
      }
      if (rounds < maxRounds) {
        const verification: VerificationOutcome = {
          status: 'failed',
          summary: `Checks failed (round ${rounds} of ${maxRounds}): ${list(failing)}.`,
          checks: runs,
          rounds,
        };
        const feedback =
          (unchanged ? 'No file was changed, but the task asks for a change. ' : '') +
          feedbackText(results, failing, rounds, maxRounds, options.outputChars ?? DEFAULT_OUTPUT_CHARS);
        return { kind: 'retry', feedback, verification };
      }
      const summary = `Checks still failing after ${rounds} ${rounds === 1 ? 'round' : 'rounds'}: ${list(failing)}${passed.length > 0 ? `; passed: ${list(passed)}` : ''}.${note}`;
      return accept({ status: 'failed', summary, checks: runs, rounds });
    },
  };
}

function accept(verification: VerificationOutcome): FinishVerdict {
  return { kind: 'accept', verification };
}

function list(results: readonly CheckResult[]): string {
  return results
    .map(
      (r) =>
        `${r.spec.name} (\`${r.spec.command}\`${r.run.status === 'passed' ? '' : `, ${describeRun(r.run)}`})`,
    )
    .join(', ');
}

function definitionNote(changed: readonly string[]): string {
  const defs = changed.filter((rel) => CHECK_DEFINITIONS.has(rel));
  return defs.length > 0
    ? ` Note: this run changed ${defs.join(', ')}, which define${defs.length === 1 ? 's' : ''} these checks.`
    : '';
}

function feedbackText(
  results: readonly CheckResult[],
  failing: readonly CheckResult[],
  round: number,
  maxRounds: number,
  outputChars: number,
): string {
  const out = [
    `Before you finish, the project's checks ran (round ${round} of ${maxRounds}) and some failed:`,
  ];
  for (const r of results) out.push(`- ${r.spec.name} (\`${r.spec.command}\`): ${describeRun(r.run)}`);
  for (const r of failing) {
    const shaped = shapeOutput(r.output.trim() === '' ? '(no output)' : r.output.trimEnd(), outputChars);
    out.push('', `Output of ${r.spec.name}:`, shaped.text);
  }
  out.push(
    '',
    'Fix the cause in the code (not by weakening the checks), then answer again. If a failure is unrelated to your change, say so in your answer.',
  );
  return out.join('\n');
}
