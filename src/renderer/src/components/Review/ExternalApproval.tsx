// A call to a tool from outside the app (an MCP server or another source): which tool, from where, with
// what arguments; the person allows or denies it. What it does is up to that source, so it is always shown.
// Where the core offers it, Allow can also allow the tool in this folder from now on (never with Deny);
// the source's read-only claim is shown as its claim, not as a reason to allow.
import { useState } from 'react';
import type { ApprovalRequest } from '../../../../shared/approval';
import { prettyArgs } from '../../lib/pretty-args';
import { useAppStore } from '../../store';
import { ReadOnlyHint } from '../Mcp/ReadOnlyHint';

type ExternalRequest = Extract<ApprovalRequest, { kind: 'external' }>;

export function ExternalApproval({ request }: { request: ExternalRequest }) {
  const decide = useAppStore((s) => s.decideCommand);
  const deciding = useAppStore((s) => s.deciding);
  const [note, setNote] = useState('');
  const [remember, setRemember] = useState(false);
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
        {request.readOnlyHint && <ReadOnlyHint testId="external-readonly-hint" />}
      </div>
      <pre className="command-line external-args" data-testid="external-args">
        {args.text}
      </pre>
      {args.omitted > 0 && (
        <span className="muted small" data-testid="external-args-omitted">
          … {args.omitted} more characters not shown
        </span>
      )}
      {request.canRemember && (
        <label className="check-line small">
          <input
            type="checkbox"
            data-testid="external-remember"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          Always allow <span className="mono">{request.tool}</span> in this folder (applies when you choose
          Allow)
        </label>
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
          onClick={() => void decide(true, note, request.canRemember === true && remember)}
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
