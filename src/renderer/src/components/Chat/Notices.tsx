// Small notes in the chat: warnings, compaction, verification rounds, the start of a session.
import { memo } from 'react';
import type { ChatItem } from '../../chat/chat-model';
import { formatDuration } from '../../lib/format';

export const NoticeLine = memo(function NoticeLine({
  item,
}: {
  item: Extract<ChatItem, { kind: 'notice' }>;
}) {
  return (
    <div className={`notice ${item.level}`} role="status" data-testid="notice" data-kind={item.title}>
      <strong>{item.title}</strong> {item.text}
    </div>
  );
});

export const ChecksNotice = memo(function ChecksNotice({
  item,
}: {
  item: Extract<ChatItem, { kind: 'checks' }>;
}) {
  return (
    <div
      className={`notice ${item.passed ? 'ok' : 'warning'}`}
      role="status"
      data-testid="notice"
      data-kind="verification"
      data-passed={item.passed}
    >
      <strong>
        Checks {item.passed ? 'passed' : 'failed'} (round {item.round})
      </strong>
      <ul className="checks">
        {item.checks.map((c) => (
          <li key={`${c.name}:${c.command}`} className={c.status === 'passed' ? 'ok' : 'bad'}>
            {c.status === 'passed' ? '✓' : '✗'} {c.name} <span className="mono muted">{c.command}</span>{' '}
            <span className="muted">
              {c.status}
              {c.exitCode !== null && c.status !== 'passed' ? ` (exit ${c.exitCode})` : ''} ·{' '}
              {formatDuration(c.durationMs)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
});

export const SessionDivider = memo(function SessionDivider({
  item,
}: {
  item: Extract<ChatItem, { kind: 'session' }>;
}) {
  const time = new Date(item.time);
  return (
    <div className="session-divider" data-testid="session-start">
      <span>
        Session · {item.model} · {Number.isNaN(time.getTime()) ? item.time : time.toLocaleString()}
        {item.instructionFiles && item.instructionFiles.length > 0 && (
          <span data-testid="instruction-files" title="Project instruction files the model was given">
            {' '}
            · instructions: {item.instructionFiles.join(', ')}
          </span>
        )}
      </span>
    </div>
  );
});
