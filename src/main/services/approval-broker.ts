// Questions the core asks the person during a run: each goes out as an `approval` event and waits for
// `agent.decide`. A decision or the run's cancellation settles it; either way `approval_closed` follows.
import type { ApprovalDecision, ApprovalRequest } from '../../shared/approval.js';
import { fail, type Failure } from '../../shared/result.js';
import type { Emit } from './event-hub.js';

interface Pending {
  request: ApprovalRequest;
  resolve: (decision: ApprovalDecision) => void;
  reject: (error: Error) => void;
}

export class ApprovalBroker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly emit: Emit) {}

  /** The approver handed to the session: rejects when `signal` aborts (the core reads that as cancelled). */
  readonly ask = (request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> => {
    if (signal.aborted) return Promise.reject(new Error('the run was cancelled'));
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const onAbort = () => this.settle(request.id, () => reject(new Error('the run was cancelled')));
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.id, {
        request,
        resolve: (decision) => {
          signal.removeEventListener('abort', onAbort);
          resolve(decision);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.emit({ type: 'approval', request });
    });
  };

  decide(requestId: string, decision: ApprovalDecision): { ok: true } | Failure {
    const settled = this.settle(requestId, (p) => p.resolve(decision));
    if (!settled) {
      return fail(
        'unknown_request',
        'That question is no longer open (it was answered, or the run ended). Nothing was changed.',
      );
    }
    return { ok: true };
  }

  /** Requests still waiting, oldest first. */
  openRequests(): string[] {
    return [...this.pending.keys()];
  }

  /** The questions still waiting, oldest first, as they were asked (for a window that reloads). */
  openQuestions(): ApprovalRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /** Refuses every open question (the run ended or the backend closes). */
  closeAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(new Error(reason)));
  }

  private settle(id: string, how: (pending: Pending) => void): boolean {
    const pending = this.pending.get(id);
    if (!pending) return false;
    this.pending.delete(id);
    how(pending);
    this.emit({ type: 'approval_closed', requestId: id });
    return true;
  }
}
