// The chat items, each a memoised component: a streamed token re-renders one message, not the list.
// Follows the bottom while the person is there; leaves the scroll alone once they scroll up.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatState } from '../../chat/chat-model';
import { ChatItemView } from './ChatItemView';

/** Within this many px of the bottom counts as "at the bottom". */
const STICK_PX = 48;

export function MessageList({ chat }: { chat: ChatState }) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [chat.items]);

  // The list also shrinks (a question docks below it): stay at the bottom then too.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      className="messages"
      ref={ref}
      data-testid="messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
      }}
    >
      {chat.items.length === 0 && (
        <div className="messages-empty muted">
          Ask for a change, a fix or an explanation. The agent works in this folder.
        </div>
      )}
      {chat.items.map((item) => (
        <ChatItemView key={item.id} item={item} />
      ))}
    </div>
  );
}
