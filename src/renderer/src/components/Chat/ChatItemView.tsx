// One chat item by kind. Memoised on the item object: the reducer replaces only items an event touched.
import { memo } from 'react';
import type { ChatItem } from '../../chat/chat-model';
import { AssistantMessage } from './AssistantMessage';
import { ChecksNotice, NoticeLine, SessionDivider } from './Notices';
import { StopBanner } from './StopBanner';
import { TokenStatsLine } from './TokenStatsLine';
import { ToolCard } from './ToolCard';

export const ChatItemView = memo(function ChatItemView({ item }: { item: ChatItem }) {
  switch (item.kind) {
    case 'session':
      return <SessionDivider item={item} />;
    case 'user':
      return (
        <div
          className={`message user${item.pending ? ' pending' : ''}`}
          data-testid="user-message"
          data-steering={item.steering}
        >
          {item.steering && <span className="badge steering">steering</span>}
          <div className="message-text">{item.text}</div>
        </div>
      );
    case 'assistant':
      return <AssistantMessage text={item.text} streaming={item.streaming} />;
    case 'tool':
      return <ToolCard item={item} />;
    case 'stats':
      return <TokenStatsLine stats={item} />;
    case 'notice':
      return <NoticeLine item={item} />;
    case 'checks':
      return <ChecksNotice item={item} />;
    case 'stop':
      return <StopBanner item={item} />;
  }
});
