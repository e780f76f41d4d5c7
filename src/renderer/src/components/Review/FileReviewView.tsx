// One file under review: Monaco's diff (original | what Apply writes) with Accept / Reject above each
// hunk, the keys to go through the hunks, and the hunk list. The proposed side is read-only (Tab moves
// on, it never types) until "Edit proposal".
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { LazyDiffView } from '../../monaco/lazy';
import type { RevealRequest } from '../../monaco/DiffView';
import { hunkMarks, reviewKey, stepHunk, type HunkMark } from '../../review/hunk-marks';
import { computeHunks } from '../../review/hunks';
import { currentProposal, shownProposal, type FileReview, type HunkState } from '../../review/review-model';
import { useAppStore } from '../../store';
import { HunkActions } from './HunkActions';
import { HunkList } from './HunkList';

/** Handles one of the review's keys (see reviewKey); true when it did. */
export type ReviewKeyHandler = (e: KeyboardEvent) => boolean;

const EDIT_TITLE =
  'Make the proposed side editable: what you type is what Apply writes. While editing, Esc finishes ' +
  'editing, and Ctrl+M switches Tab between indenting and moving the focus on.';

export function FileReviewView({
  file,
  keys,
}: {
  file: FileReview;
  /** Where the panel finds this view's key handler. */
  keys: RefObject<ReviewKeyHandler | null>;
}) {
  const editFile = useAppStore((s) => s.editFile);
  const setHunk = useAppStore((s) => s.setHunk);
  const [editing, setEditing] = useState(false);
  const [current, setCurrent] = useState(0);
  const [reveal, setReveal] = useState<RevealRequest | undefined>();
  const editButton = useRef<HTMLButtonElement>(null);
  const proposal = currentProposal(file);
  const hunks = useMemo(() => computeHunks(file.before, proposal), [file.before, proposal]);
  const marks = useMemo(() => hunkMarks(file, hunks), [file, hunks]);
  const shown = useMemo(() => shownProposal(file), [file]);
  const at = hunks.length === 0 ? -1 : Math.min(current, hunks.length - 1);
  const currentId = hunks[at]?.id;
  const deleted = file.proposed === null;
  const onEdit = useCallback((text: string) => editFile(file.path, text), [editFile, file.path]);

  const go = (index: number, focus: RevealRequest['focus']) => {
    const hunk = hunks[index];
    if (!hunk) return;
    setCurrent(index);
    setReveal((r) => ({ id: hunk.id, seq: (r?.seq ?? 0) + 1, focus }));
  };
  const decide = (index: number, state: HunkState) => {
    const hunk = hunks[index];
    if (!hunk) return;
    setHunk(file.path, hunk.id, state);
    setCurrent(index);
  };
  const stopEditing = useCallback(() => {
    setEditing(false);
    editButton.current?.focus();
  }, []);

  const onKey: ReviewKeyHandler = (e) => {
    const key = reviewKey(e);
    if (!key || at < 0) return false;
    const target = e.target instanceof HTMLElement ? e.target : null;
    const inText = target?.closest('.monaco-editor') != null && target.closest('.hunk-zone') === null;
    // The note and other fields keep their keys (Option+letter types a character on macOS).
    if (!inText && (target?.tagName === 'TEXTAREA' || target?.tagName === 'INPUT')) return false;
    const focus = editing && inText ? 'text' : 'actions';
    if (key === 'next' || key === 'previous') {
      go(stepHunk(at, key === 'next' ? 1 : -1, hunks.length), focus);
    } else {
      decide(at, key === 'accept' ? 'accepted' : 'rejected');
      // On to the next hunk, as a review goes; the last one keeps the focus.
      go(Math.min(at + 1, hunks.length - 1), focus);
    }
    return true;
  };
  useEffect(() => {
    keys.current = onKey;
    return () => {
      keys.current = null;
    };
  });

  const renderMark = (mark: HunkMark) => (
    <HunkActions
      mark={mark}
      total={hunks.length}
      current={mark.index === at}
      onDecide={(state) => decide(mark.index, state)}
    />
  );

  return (
    <div className="file-review">
      <div className="file-review-bar">
        <span className="mono">{file.path}</span>
        {deleted && <span className="badge deleted">the file is deleted</span>}
        {!deleted && (
          <span className="muted small" data-testid="edit-hint" title={editing ? EDIT_TITLE : undefined}>
            {editing
              ? 'Editing: what you type is applied. Esc finishes, Ctrl+M toggles Tab moving focus.'
              : 'The right side is what Apply writes.'}
          </span>
        )}
        <span className="spacer" />
        {hunks.length > 0 && (
          <span className="hunk-nav" title="Alt+J next, Alt+K previous, Alt+A accept, Alt+R reject">
            <button
              className="small"
              data-testid="hunk-prev"
              title="Previous change (Alt+K)"
              onClick={() => go(stepHunk(at, -1, hunks.length), 'actions')}
            >
              ↑ Prev
            </button>
            <span className="muted small" data-testid="hunk-position">
              {at + 1} / {hunks.length}
            </span>
            <button
              className="small"
              data-testid="hunk-next"
              title="Next change (Alt+J)"
              onClick={() => go(stepHunk(at, 1, hunks.length), 'actions')}
            >
              Next ↓
            </button>
          </span>
        )}
        {!deleted && (
          <button
            ref={editButton}
            className={editing ? 'small on' : 'small'}
            data-testid="edit-proposal"
            aria-pressed={editing}
            title={editing ? 'Finish editing: the proposed side is read-only again (Esc)' : EDIT_TITLE}
            onClick={() => (editing ? stopEditing() : setEditing(true))}
          >
            {editing ? 'Done editing' : 'Edit proposal'}
          </button>
        )}
        {file.edited !== undefined && (
          <button
            className="small"
            data-testid="revert-edits"
            title="Back to the tool's proposal, every change accepted"
            onClick={() => editFile(file.path, file.proposed ?? '')}
          >
            Revert my edits
          </button>
        )}
      </div>
      <div className="diff-host" data-testid="diff-editor" data-editing={editing}>
        <Suspense fallback={<div className="editor-loading">Loading diff…</div>}>
          <LazyDiffView
            path={file.path}
            original={file.before ?? ''}
            modified={shown}
            editing={editing && !deleted}
            readOnlyMessage={
              deleted
                ? 'The file is deleted: accept or reject it.'
                : 'Read-only: press "Edit proposal" to change it.'
            }
            onEdit={onEdit}
            onStopEditing={stopEditing}
            marks={marks}
            {...(currentId !== undefined ? { currentId } : {})}
            renderMark={renderMark}
            {...(reveal ? { reveal } : {})}
          />
        </Suspense>
      </div>
      <HunkList
        file={file}
        hunks={hunks}
        current={at}
        onReveal={(index) => go(index, 'none')}
        onDecide={decide}
      />
    </div>
  );
}
