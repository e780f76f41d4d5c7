// Why the run ended, in the agent's own words, with the verification outcome when there was one.
import { memo } from 'react';
import type { StopReason } from '../../../../shared/agent-events';
import type { ChatItem } from '../../chat/chat-model';

const TITLES: Record<StopReason, string> = {
  done: 'Done',
  max_steps: 'Stopped: step limit reached',
  loop: 'Stopped: the agent was repeating itself',
  errors: 'Stopped: too many errors in a row',
  cancelled: 'Cancelled',
  blocked: 'Blocked: the agent needs you',
  error: 'Stopped: an error',
  context_exhausted: 'Stopped: the conversation no longer fits the context',
  stalled: 'Stopped: the model announced a step and did not take it',
};

export const StopBanner = memo(function StopBanner({ item }: { item: Extract<ChatItem, { kind: 'stop' }> }) {
  const tone =
    item.reason === 'done' ? (item.verification?.status === 'failed' ? 'warning' : 'ok') : 'warning';
  return (
    <div className={`stop-banner ${tone}`} role="status" data-testid="stop-banner" data-reason={item.reason}>
      <div className="stop-title">
        {TITLES[item.reason] ?? item.reason}
        <span className="muted small">
          {' '}
          · {item.steps} step{item.steps === 1 ? '' : 's'}
        </span>
        {item.verification && (
          <span
            className={`badge ${item.verification.status === 'passed' ? 'ok' : 'warn'}`}
            data-testid="verification-badge"
          >
            {item.verification.status.replace('_', ' ')}
          </span>
        )}
      </div>
      <div className="stop-message">{item.message}</div>
    </div>
  );
});
