// The hook between "the model says it is done" and the run ending: a gate may run the project's checks
// and send the model back to work with what failed. The loop knows nothing about checks themselves.
import type { AgentEvent, VerificationOutcome } from '../../shared/agent-events.js';

export interface FinishGateContext {
  step: number;
  signal: AbortSignal;
  /** Paths (relative to the root) that tool calls reported as changed during this run. */
  changedFiles: ReadonlySet<string>;
  /** The task asks for a change: with nothing changed, the checks still run (they show what is left). */
  expectChange?: boolean;
  emit: (event: AgentEvent) => void;
}

export type FinishVerdict =
  /** The run ends `done`, with this outcome (which may honestly be `failed` or `not_verified`). */
  | { kind: 'accept'; verification: VerificationOutcome }
  /** The feedback goes to the model as a user message and the run goes on. */
  | { kind: 'retry'; feedback: string; verification: VerificationOutcome };

export interface FinishGate {
  check(context: FinishGateContext): Promise<FinishVerdict>;
}

export function notVerified(summary: string): VerificationOutcome {
  return { status: 'not_verified', summary, checks: [], rounds: 0 };
}
