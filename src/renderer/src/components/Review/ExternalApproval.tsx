// A call to a tool from outside the app (an MCP server or another source): which tool, from where, with
// what arguments; the person allows or denies it. What it does is up to that source, so it is always shown.
import { useState } from 'react';
import type { ApprovalRequest } from '../../../../shared/approval';
import { prettyArgs } from '../../lib/pretty-args';
import { useAppStore } from '../../store';

type ExternalRequest = Extract<ApprovalRequest, { kind: 'external' }>;

export function ExternalApproval({ request }: { request: ExternalRequest }) {
  const decide = useAppStore((s) => s.decideCommand);
  const deciding = useAppStore((s) => s.deciding);
  const [note, setNote] = useState('');
  const args = prettyArgs(request.args);
  return (
    <div className="command-approval" data-testid="external-approval" data-request={request.id}>
      <div className="command-title">
        <strong>
          Allow{' '}
          <span className="mono" data-testid="external-tool">
            {request.tool}
          </span>
          ?
        </strong>
        <span className="muted small">
          from{' '}
          <span className="mono" data-testid="external-source">
            {request.source}
          </span>
          ; what it does is up to that source
        </span>
      </div>
      <pre className="command-line external-args" data-testid="external-args">
        {args.text}
      </pre>
      {args.omitted > 0 && (
        <span className="muted small" data-testid="external-args-omitted">
          … {args.omitted} more characters not shown
        </span>
      )}
      <div className="command-actions">
        <input
          data-testid="external-note"
          placeholder="Optional note for the agent"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button
          className="primary"
          data-testid="allow-external"
          disabled={deciding}
          onClick={() => void decide(true, note)}
        >
          Allow
        </button>
        <button
          className="danger"
          data-testid="deny-external"
          disabled={deciding}
          onClick={() => void decide(false, note)}
        >
          Deny
        </button>
      </div>
    </div>
  );
}
