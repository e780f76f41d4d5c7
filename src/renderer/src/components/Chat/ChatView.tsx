// The conversation with the agent: past sessions, the messages and tool cards, open questions about
// commands and external tools, and the input. A reopened session is shown read-only.
import { useAppStore } from '../../store';
import { CommandApproval } from '../Review/CommandApproval';
import { ExternalApproval } from '../Review/ExternalApproval';
import { ChatInput } from './ChatInput';
import { MessageList } from './MessageList';
import { SessionsMenu } from './SessionsMenu';

export function ChatView() {
  const replay = useAppStore((s) => s.replay);
  const live = useAppStore((s) => s.chat);
  const running = useAppStore((s) => s.running);
  const pendingCommand = useAppStore((s) => (s.approvals[0]?.kind === 'command' ? s.approvals[0] : null));
  const pendingExternal = useAppStore((s) => (s.approvals[0]?.kind === 'external' ? s.approvals[0] : null));
  const reviewWaiting = useAppStore((s) => s.review !== null);
  const showCenter = useAppStore((s) => s.showCenter);
  const closeReplay = useAppStore((s) => s.closeReplay);
  const continueReplay = useAppStore((s) => s.continueReplay);
  const undoTurn = useAppStore((s) => s.undoTurn);
  const chat = replay ? replay.chat : live;

  return (
    <section className="chat" data-testid="chat">
      <div className="chat-header">
        <SessionsMenu />
        {running && (
          <span className="run-indicator" data-testid="run-indicator">
            <span className="spinner" aria-hidden /> Working…
          </span>
        )}
        <span className="spacer" />
        {!replay && live.undoable > 0 && (
          <button data-testid="undo-turn" disabled={running} onClick={() => void undoTurn()}>
            Undo last turn
          </button>
        )}
      </div>
      {replay && (
        <div className="replay-banner" data-testid="replay-banner">
          <span>
            Past session (read-only): <strong>{replay.summary.task}</strong>
          </span>
          {replay.summary.resumable && (
            <button data-testid="continue-session" disabled={running} onClick={continueReplay}>
              Continue
            </button>
          )}
          <button data-testid="close-replay" onClick={closeReplay}>
            Back to the live chat
          </button>
        </div>
      )}
      <MessageList chat={chat} />
      {!replay && reviewWaiting && (
        <div className="review-waiting">
          Proposed changes are waiting for your review.
          <button className="primary" onClick={() => showCenter('review')}>
            Review changes
          </button>
        </div>
      )}
      {!replay && pendingCommand && <CommandApproval request={pendingCommand} />}
      {/* Keyed: a new question starts with its own note and an unticked "always allow". */}
      {!replay && pendingExternal && <ExternalApproval key={pendingExternal.id} request={pendingExternal} />}
      {!replay && <ChatInput />}
    </section>
  );
}
