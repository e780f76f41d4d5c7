// Tabs over the center: the chat, the open file and the pending review.
import { baseName } from '../../tree/tree-model';
import { useAppStore } from '../../store';

export function CenterTabs() {
  const center = useAppStore((s) => s.center);
  const viewerPath = useAppStore((s) => s.viewer?.path ?? null);
  const reviewFiles = useAppStore((s) => s.review?.files.length ?? 0);
  const showCenter = useAppStore((s) => s.showCenter);
  const closeFile = useAppStore((s) => s.closeFile);
  return (
    <div className="center-tabs" role="tablist">
      <button
        role="tab"
        aria-selected={center === 'chat'}
        className={center === 'chat' ? 'tab active' : 'tab'}
        onClick={() => showCenter('chat')}
      >
        Chat
      </button>
      {viewerPath !== null && (
        <span className={center === 'file' ? 'tab active' : 'tab'}>
          <button
            role="tab"
            aria-selected={center === 'file'}
            className="tab-label"
            title={viewerPath}
            onClick={() => showCenter('file')}
          >
            {baseName(viewerPath)}
          </button>
          <button className="tab-close" aria-label="Close file" data-testid="close-file" onClick={closeFile}>
            ×
          </button>
        </span>
      )}
      {reviewFiles > 0 && (
        <button
          role="tab"
          aria-selected={center === 'review'}
          className={center === 'review' ? 'tab active attention' : 'tab attention'}
          data-testid="review-tab"
          onClick={() => showCenter('review')}
        >
          Review ({reviewFiles})
        </button>
      )}
    </div>
  );
}
