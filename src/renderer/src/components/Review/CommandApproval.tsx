// A command the agent wants to run: the line, how the policy judged it, whether it is sandboxed.
import { useState } from 'react';
import type { ApprovalRequest } from '../../../../shared/approval';
import { useAppStore } from '../../store';

type CommandRequest = Extract<ApprovalRequest, { kind: 'command' }>;

const VERDICTS = { read_only: 'read-only', ask: 'needs approval', deny: 'denied by policy' } as const;

export function CommandApproval({ request }: { request: CommandRequest }) {
  const decide = useAppStore((s) => s.decideCommand);
  const deciding = useAppStore((s) => s.deciding);
  const [note, setNote] = useState('');
  const { judgement } = request;
  return (
    <div className="command-approval" data-testid="command-approval" data-request={request.id}>
      <div className="command-title">
        <strong>Run this command?</strong>
        <span className="muted small">
          asked by <span className="mono">{request.tool}</span>
        </span>
      </div>
      <pre className="command-line" data-testid="command-line">
        {request.command}
      </pre>
      <div className="command-facts">
        <span
          className={`badge verdict-${judgement.verdict}`}
          data-testid="command-verdict"
          data-verdict={judgement.verdict}
        >
          {VERDICTS[judgement.verdict]}
        </span>
        {request.sandboxed ? (
          <span className="badge ok" data-testid="command-sandbox" data-sandboxed="true">
            sandboxed: folder writable; approved, it may also change git history (never hooks or config)
          </span>
        ) : (
          <span className="badge warn" data-testid="command-sandbox" data-sandboxed="false">
            not sandboxed{request.sandboxNote ? `: ${request.sandboxNote}` : ''}
          </span>
        )}
      </div>
      {judgement.reasons.length > 0 && (
        <ul className="command-reasons">
          {judgement.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      {judgement.segments.length > 1 && (
        <div className="command-segments muted small">
          Runs:{' '}
          {judgement.segments.map((s, i) => (
            <code key={i}>{s}</code>
          ))}
        </div>
      )}
      <div className="command-actions">
        <input
          data-testid="command-note"
          placeholder="Optional note for the agent"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button
          className="primary"
          data-testid="approve-command"
          disabled={deciding}
          onClick={() => void decide(true, note)}
        >
          Run
        </button>
        <button
          className="danger"
          data-testid="deny-command"
          disabled={deciding}
          onClick={() => void decide(false, note)}
        >
          Deny
        </button>
      </div>
    </div>
  );
}
