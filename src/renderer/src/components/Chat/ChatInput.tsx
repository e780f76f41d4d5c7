// The message box: Enter sends, Shift+Enter breaks the line. While the agent runs, a message steers
// it and Cancel stops it. "/" at the start lists the MCP servers' prompts (slash commands); Attach adds
// one of their resources to the draft. What those inserted is noted under the box until it is sent.
import { useRef, useState } from 'react';
import { appendBlock } from '../../lib/mcp-text';
import { useAppStore } from '../../store';
import { ResourcePicker } from './ResourcePicker';
import { SlashMenu } from './SlashMenu';
import { useSlashMenu } from './use-slash-menu';

export function ChatInput() {
  const running = useAppStore((s) => s.running);
  const send = useAppStore((s) => s.send);
  const cancel = useAppStore((s) => s.cancel);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);
  const input = useRef<HTMLTextAreaElement>(null);

  const insert = (next: (draft: string) => string, note: string) => {
    setText(next);
    setNotes((n) => [...n, note]);
    requestAnimationFrame(() => {
      const box = input.current;
      if (!box) return;
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    });
  };
  const slash = useSlashMenu({
    draft: text,
    inputRef: input,
    listId: 'slash-command-list',
    onInsert: (prompt, note) => insert(() => prompt, note),
  });

  const submit = async () => {
    const message = text.trim();
    if (!message || sending) return;
    setSending(true);
    setText('');
    const sent = await send(message);
    setSending(false);
    // Refused: give the text back so nothing typed is lost.
    if (!sent) setText((current) => current || message);
    else setNotes([]);
  };

  const activeOption = slash.listOpen && slash.items.length > 0 ? slash.optionId(slash.active) : undefined;
  return (
    <div className="chat-input">
      <SlashMenu menu={slash} />
      <div className="chat-input-main">
        <textarea
          ref={input}
          data-testid="chat-input"
          aria-label="Message to the agent"
          aria-autocomplete="list"
          aria-controls={slash.listOpen ? slash.listId : undefined}
          aria-activedescendant={activeOption}
          value={text}
          rows={3}
          placeholder={
            running
              ? 'Steer the running agent… (Enter to send)'
              : 'Ask the agent… (Enter to send, Shift+Enter for a new line, / for MCP prompts)'
          }
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) setNotes([]);
          }}
          onKeyDown={(e) => {
            if (slash.handleKey(e)) return;
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        {notes.length > 0 && (
          <div className="chat-input-notes muted small" data-testid="input-notes" aria-live="polite">
            {notes.map((n, i) => (
              <span key={i} data-testid="input-note">
                {n}
              </span>
            ))}
          </div>
        )}
      </div>
      <div className="chat-actions">
        <button
          className="primary"
          data-testid="send"
          disabled={!text.trim() || sending}
          onClick={() => void submit()}
        >
          {running ? 'Steer' : 'Send'}
        </button>
        <ResourcePicker onAttach={(block, note) => insert((draft) => appendBlock(draft, block), note)} />
        {running && (
          <button className="danger" data-testid="cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
