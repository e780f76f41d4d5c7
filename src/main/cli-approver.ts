// Approval questions in a terminal: the change or command is shown on stderr and the person answers
// y or n on stdin. Used only when both are a terminal; a piped run has nobody to ask.
import { createInterface } from 'node:readline/promises';
import type { ApprovalDecision, ApprovalRequest } from '../shared/approval.js';
import type { Approver } from './safety/permissions.js';

/** Lines of a proposed file shown before the question. */
const SHOWN_LINES = 40;

export function terminalApprover(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Approver {
  return async (request, signal) => {
    output.write(`\n${describeRequest(request)}\n`);
    const rl = createInterface({ input, output, terminal: false });
    try {
      const remember = request.kind === 'external' && request.canRemember === true;
      const choices = remember ? '[y/a/N] (a: always allow this tool in this folder;' : '[y/N] (or';
      const answer = await rl.question(`Allow? ${choices} type a note for the agent to decline) `, {
        signal,
      });
      return decide(answer, remember);
    } finally {
      rl.close();
    }
  };
}

export function decide(answer: string, canRemember = false): ApprovalDecision {
  const text = answer.trim();
  if (/^(y|yes)$/i.test(text)) return { approved: true };
  if (canRemember && /^(a|always)$/i.test(text)) return { approved: true, remember: true };
  if (text === '' || /^(n|no)$/i.test(text)) return { approved: false };
  return { approved: false, note: text };
}

export function describeRequest(request: ApprovalRequest): string {
  if (request.kind === 'command') {
    const j = request.judgement;
    const lines = [`The agent wants to run: ${request.command}`];
    if (j.reasons.length > 0) lines.push(`  why it asks: ${j.reasons.join('; ')}`);
    lines.push(
      request.sandboxed
        ? '  inside the OS sandbox; approved, it may also change git history (never hooks or config)'
        : `  WITHOUT a sandbox: ${request.sandboxNote ?? ''}`,
    );
    return lines.join('\n');
  }
  if (request.kind === 'external') {
    const hint = request.readOnlyHint ? ' (its server says it only reads)' : '';
    return `The agent wants to call ${request.tool} (from ${request.source})${hint} with: ${request.args}`;
  }
  const lines = [`The agent wants to change ${request.changes.length} file(s) (${request.tool}):`];
  for (const change of request.changes) {
    if (change.after === null) {
      lines.push(`--- delete ${change.path}`);
      continue;
    }
    lines.push(`--- ${change.before === null ? 'create' : 'write'} ${change.path}`);
    const shown = change.after.split('\n');
    lines.push(...shown.slice(0, SHOWN_LINES).map((l) => `  ${l}`));
    if (shown.length > SHOWN_LINES) lines.push(`  ... (${shown.length - SHOWN_LINES} more lines)`);
  }
  return lines.join('\n');
}
