// The assistant's text as markdown (Markdown.tsx); a cursor while it streams (markdown.css puts it after
// the last block once there is text). The renderer is its own chunk, fetched once the window is idle, so
// the first paint does not parse it; until it is in, the text shows plain.
import { lazy, memo, Suspense } from 'react';

const loadMarkdown = () => import('./Markdown');
const LazyMarkdown = lazy(loadMarkdown);
if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void loadMarkdown());

export const AssistantMessage = memo(function AssistantMessage({
  text,
  streaming,
}: {
  text: string;
  streaming: boolean;
}) {
  return (
    <div className="message assistant" data-testid="assistant-message" data-streaming={streaming}>
      <Suspense fallback={<div className="message-text">{text}</div>}>
        <LazyMarkdown text={text} />
      </Suspense>
      {streaming && text === '' && <span className="cursor" aria-hidden />}
    </div>
  );
});
