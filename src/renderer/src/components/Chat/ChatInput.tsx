// The message box: Enter sends, Shift+Enter breaks the line. While the agent runs, a message steers
// it and Cancel stops it.
import { useState } from 'react';
import { useAppStore } from '../../store';

export function ChatInput() {
  const running = useAppStore((s) => s.running);
  const send = useAppStore((s) => s.send);
  const cancel = useAppStore((s) => s.cancel);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

  const submit = async () => {
    const message = text.trim();
    if (!message || sending) return;
    setSending(true);
    setText('');
    const sent = await send(message);
    setSending(false);
    // Refused: give the text back so nothing typed is lost.
    if (!sent) setText((current) => current || message);
  };

  return (
    <div className="chat-input">
      <textarea
        data-testid="chat-input"
        value={text}
        rows={3}
        placeholder={
          running
            ? 'Steer the running agent… (Enter to send)'
            : 'Ask the agent… (Enter to send, Shift+Enter for a new line)'
        }
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <div className="chat-actions">
        <button
          className="primary"
          data-testid="send"
          disabled={!text.trim() || sending}
          onClick={() => void submit()}
        >
          {running ? 'Steer' : 'Send'}
        </button>
        {running && (
          <button className="danger" data-testid="cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
