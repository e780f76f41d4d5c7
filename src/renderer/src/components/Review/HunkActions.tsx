// Accept / Reject for one hunk, drawn in the diff just above the hunk (a Monaco view zone).
import type { HunkMark } from '../../review/hunk-marks';
import type { HunkState } from '../../review/review-model';

export function HunkActions({
  mark,
  total,
  current,
  onDecide,
}: {
  mark: HunkMark;
  total: number;
  current: boolean;
  onDecide(state: HunkState): void;
}) {
  const rejected = mark.state === 'rejected';
  return (
    <div
      className={`hunk-actions ${mark.state} ${current ? 'current' : ''}`}
      data-testid="diff-hunk-actions"
      data-id={mark.id}
      data-index={mark.index}
      data-state={mark.state}
      data-current={current}
      role="group"
      aria-label={`Change ${mark.index + 1} of ${total}, ${mark.state}`}
    >
      <button
        className={rejected ? 'small' : 'small on'}
        data-testid="diff-hunk-accept"
        aria-pressed={!rejected}
        title="Accept this change (Alt+A)"
        onClick={() => onDecide('accepted')}
      >
        Accept
      </button>
      <button
        className={rejected ? 'small on danger' : 'small'}
        data-testid="diff-hunk-reject"
        aria-pressed={rejected}
        title="Reject this change: the original lines are kept (Alt+R)"
        onClick={() => onDecide('rejected')}
      >
        Reject
      </button>
      <span className="hunk-actions-label">
        {mark.index + 1}/{total}
        <span className="muted">{rejected ? ' · rejected: the original lines stay' : ' · accepted'}</span>
      </span>
    </div>
  );
}
