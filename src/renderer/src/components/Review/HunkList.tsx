// The hunks of one file, each accepted or rejected on its own (the same choices as the diff's own
// actions), with a preview of each side.
import type { Hunk } from '../../review/hunks';
import { hunkState, type FileReview, type HunkState } from '../../review/review-model';

/** Lines of each side previewed per hunk. */
const PREVIEW_LINES = 6;

function preview(lines: string[], sign: string): string {
  const shown = lines.slice(0, PREVIEW_LINES).map((l) => `${sign} ${l.replace(/\r?\n$/, '')}`);
  if (lines.length > PREVIEW_LINES) shown.push(`  … ${lines.length - PREVIEW_LINES} more`);
  return shown.join('\n');
}

export function HunkList({
  file,
  hunks,
  current,
  onReveal,
  onDecide,
}: {
  file: FileReview;
  hunks: Hunk[];
  /** Index of the current hunk (the one the keys act on). */
  current: number;
  onReveal(index: number): void;
  onDecide(index: number, state: HunkState): void;
}) {
  if (hunks.length === 0) {
    return (
      <div className="hunks muted small" data-testid="hunks">
        No line changes in this file.
      </div>
    );
  }
  return (
    <ol className="hunks" data-testid="hunks">
      {hunks.map((h) => {
        const state = hunkState(file, h.id);
        return (
          <li
            key={h.id}
            className={`hunk ${state} ${h.index === current ? 'current' : ''}`}
            data-testid="hunk"
            data-index={h.index}
            data-state={state}
            data-id={h.id}
            data-current={h.index === current}
          >
            <div className="hunk-head">
              <button className="link mono" title="Show in the diff" onClick={() => onReveal(h.index)}>
                @@ -{h.oldStart + 1},{h.oldLines} +{h.newStart + 1},{h.newLines} @@
              </button>
              <span className="spacer" />
              <button
                className={state === 'accepted' ? 'small on' : 'small'}
                data-testid="hunk-accept"
                aria-pressed={state === 'accepted'}
                onClick={() => onDecide(h.index, 'accepted')}
              >
                Accept
              </button>
              <button
                className={state === 'rejected' ? 'small on danger' : 'small'}
                data-testid="hunk-reject"
                aria-pressed={state === 'rejected'}
                onClick={() => onDecide(h.index, 'rejected')}
              >
                Reject
              </button>
            </div>
            <pre className="hunk-preview">
              {h.removed.length > 0 && <span className="del">{preview(h.removed, '-')}</span>}
              {h.removed.length > 0 && h.added.length > 0 && '\n'}
              {h.added.length > 0 && <span className="add">{preview(h.added, '+')}</span>}
            </pre>
          </li>
        );
      })}
    </ol>
  );
}
