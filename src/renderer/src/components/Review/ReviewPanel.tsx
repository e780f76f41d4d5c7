// Proposed file changes waiting for the person: files on the left (accept or reject each), the selected
// file's diff (what Apply writes, editable on request) with its hunks, and the answer: Apply or Reject
// all. The hunk keys (Alt+J/K/A/R) work anywhere in the panel.
import { useRef, useState } from 'react';
import { finalChange } from '../../review/review-model';
import { useAppStore } from '../../store';
import { FileReviewView, type ReviewKeyHandler } from './FileReviewView';

export function ReviewPanel() {
  const review = useAppStore((s) => s.review);
  const tool = useAppStore((s) => (s.approvals[0]?.kind === 'edit' ? s.approvals[0].tool : ''));
  const deciding = useAppStore((s) => s.deciding);
  const select = useAppStore((s) => s.selectReviewFile);
  const setFileDecision = useAppStore((s) => s.setFileDecision);
  const applyReview = useAppStore((s) => s.applyReview);
  const rejectReview = useAppStore((s) => s.rejectReview);
  const [note, setNote] = useState('');
  const keys = useRef<ReviewKeyHandler | null>(null);
  if (!review) return null;
  const active = review.files.find((f) => f.path === review.activePath) ?? review.files[0];
  const accepted = review.files.filter((f) => finalChange(f) !== null).length;

  return (
    <section
      className="review"
      data-testid="review-panel"
      data-request={review.requestId}
      onKeyDown={(e) => {
        if (keys.current?.(e.nativeEvent)) {
          e.preventDefault();
          e.stopPropagation();
        }
      }}
    >
      <div className="review-header">
        <strong>Review proposed changes</strong>
        <span className="muted">
          {tool && (
            <>
              from <span className="mono">{tool}</span> ·{' '}
            </>
          )}
          {review.files.length} file{review.files.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="review-main">
        <ul className="review-files">
          {review.files.map((f) => {
            const kind = f.before === null ? 'new' : f.proposed === null ? 'deleted' : 'modified';
            return (
              <li
                key={f.path}
                className={`review-file ${f.path === active?.path ? 'active' : ''} ${f.fileState}`}
                data-testid="review-file"
                data-path={f.path}
                data-state={f.fileState}
                onClick={() => select(f.path)}
              >
                <button className="review-file-name" title={f.path} onClick={() => select(f.path)}>
                  <span className={`badge ${kind}`}>{kind}</span>
                  <span className="mono">{f.path}</span>
                  {f.edited !== undefined && <span className="badge">edited</span>}
                </button>
                <span className="review-file-actions">
                  <button
                    className={f.fileState === 'accepted' ? 'small on' : 'small'}
                    data-testid="file-accept"
                    aria-pressed={f.fileState === 'accepted'}
                    onClick={() => setFileDecision(f.path, 'accepted')}
                  >
                    Accept
                  </button>
                  <button
                    className={f.fileState === 'rejected' ? 'small on danger' : 'small'}
                    data-testid="file-reject"
                    aria-pressed={f.fileState === 'rejected'}
                    onClick={() => setFileDecision(f.path, 'rejected')}
                  >
                    Reject
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
        {active && <FileReviewView key={`${review.requestId}:${active.path}`} file={active} keys={keys} />}
      </div>
      <div className="review-footer">
        <textarea
          data-testid="review-note"
          placeholder="Optional note for the agent (why, or what to do instead)"
          value={note}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
        />
        <div className="review-buttons">
          <span className="muted small">
            {accepted} of {review.files.length} file{review.files.length === 1 ? '' : 's'} will change
          </span>
          <button
            className="primary"
            data-testid="apply-changes"
            disabled={deciding}
            onClick={() => void applyReview(note)}
          >
            Apply
          </button>
          <button
            className="danger"
            data-testid="reject-changes"
            disabled={deciding}
            onClick={() => void rejectReview(note)}
          >
            Reject all
          </button>
        </div>
      </div>
    </section>
  );
}
