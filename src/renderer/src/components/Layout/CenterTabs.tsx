// Tabs over the center: the chat, the open files and the pending review.
import { baseName } from '../../tree/tree-model';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';

export function CenterTabs() {
  const center = useAppStore((s) => s.center);
  const viewerPath = useAppStore((s) => s.viewer?.path ?? null);
  const reviewFiles = useAppStore((s) => s.review?.files.length ?? 0);
  const showCenter = useAppStore((s) => s.showCenter);
  const closeFile = useAppStore((s) => s.closeFile);
  const openFile = useAppStore((s) => s.openFile);
  const tabs = useAppStore(useShallow((s) => s.tabs.map((t) => t.path)));
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
      {tabs.map((path) => {
        const shown = center === 'file' && path === viewerPath;
        return (
          <span key={path} className={shown ? 'tab active' : 'tab'} data-testid="file-tab" data-path={path}>
            <button
              role="tab"
              aria-selected={shown}
              className="tab-label"
              title={path}
              onClick={() => void openFile(path)}
            >
              {baseName(path)}
            </button>
            <button
              className="tab-close"
              aria-label={`Close ${baseName(path)}`}
              data-testid="close-file"
              onClick={() => closeFile(path)}
            >
              ×
            </button>
          </span>
        );
      })}
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
