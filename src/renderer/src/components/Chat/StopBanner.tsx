// Why the run ended, briefly, with the verification outcome when there was one. A finished run's message
// is the answer itself, already in the chat above: it is not repeated here.
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

/** What to say under the title: the reason for a stop, the checks' summary for a finished run. */
function stopDetail(item: Extract<ChatItem, { kind: 'stop' }>): string | null {
  if (item.reason === 'done') return item.verification ? item.verification.summary : null;
  // The title already says it.
  if (item.reason === 'cancelled' && item.message === 'Cancelled by the user.') return null;
  return item.message;
}

export const StopBanner = memo(function StopBanner({ item }: { item: Extract<ChatItem, { kind: 'stop' }> }) {
  const detail = stopDetail(item);
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
      {detail && (
        <div className="stop-message" data-testid="stop-message">
          {detail}
        </div>
      )}
    </div>
  );
});
