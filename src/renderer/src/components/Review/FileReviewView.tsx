// One file under review: Monaco's diff (original | proposed, the proposed side editable) and its hunks.
import { Suspense, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { LazyDiffView } from '../../monaco/lazy';
import { computeHunks } from '../../review/hunks';
import { currentProposal, type FileReview } from '../../review/review-model';
import { useAppStore } from '../../store';
import { HunkList } from './HunkList';

export function FileReviewView({ file }: { file: FileReview }) {
  const editFile = useAppStore((s) => s.editFile);
  const [resets, setResets] = useState(0);
  // What the editor starts from: the person's edit survives switching files and back.
  const [seed, setSeed] = useState(() => currentProposal(file) ?? '');
  const [reveal, setReveal] = useState<{ line: number; seq: number } | undefined>();
  // Hunks follow typing a frame behind, so a keystroke in a large file never waits for the diff.
  const proposal = useDeferredValue(currentProposal(file));
  const hunks = useMemo(() => computeHunks(file.before, proposal), [file.before, proposal]);
  const onEdit = useCallback((text: string) => editFile(file.path, text), [editFile, file.path]);
  const deleted = file.proposed === null;

  return (
    <div className="file-review">
      <div className="file-review-bar">
        <span className="mono">{file.path}</span>
        {deleted && <span className="badge deleted">the file is deleted</span>}
        {!deleted && (
          <span className="muted small">The right side is editable: what you type is what gets applied.</span>
        )}
        {file.edited !== undefined && (
          <button
            className="small"
            data-testid="revert-edits"
            onClick={() => {
              editFile(file.path, file.proposed ?? '');
              setSeed(file.proposed ?? '');
              setResets((n) => n + 1);
            }}
          >
            Revert my edits
          </button>
        )}
      </div>
      <div className="diff-host" data-testid="diff-editor">
        <Suspense fallback={<div className="editor-loading">Loading diff…</div>}>
          <LazyDiffView
            key={resets}
            path={file.path}
            original={file.before ?? ''}
            modified={seed}
            readOnly={deleted}
            onEdit={onEdit}
            {...(reveal ? { revealLine: reveal } : {})}
          />
        </Suspense>
      </div>
      <HunkList
        file={file}
        hunks={hunks}
        onReveal={(line) => setReveal((r) => ({ line, seq: (r?.seq ?? 0) + 1 }))}
      />
    </div>
  );
}
