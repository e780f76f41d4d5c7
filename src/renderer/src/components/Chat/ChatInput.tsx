// The message box: Enter sends, Shift+Enter breaks the line. While the agent runs, a message steers
// it and Cancel stops it. "/" at the start lists the MCP servers' prompts (slash commands); Attach adds
// one of their resources to the draft. "@" mentions a file or folder: its text is attached when the
// message is sent (re-read then), within the message's token budget for mentions. What those inserted
// is noted under the box until it is sent.
import { useRef, useState } from 'react';
import { call, isFailure } from '../../api/client';
import { appendBlock } from '../../lib/mcp-text';
import { applyMention, stillMentioned, withMentionBlocks } from '../../lib/mentions';
import { useAppStore } from '../../store';
import { MentionMenu } from './MentionMenu';
import { ResourcePicker } from './ResourcePicker';
import { SlashMenu } from './SlashMenu';
import { useSlashMenu } from './use-slash-menu';
import { mentionNote, useMentionMenu } from './use-mention-menu';

/** Tokens all mentions of one message attach at most: a quarter of the window, within 1k-8k. */
function mentionBudget(contextMax: number | undefined): number {
  return Math.max(1000, Math.min(8000, Math.floor((contextMax ?? 8192) / 4)));
}

export function ChatInput() {
  const running = useAppStore((s) => s.running);
  const send = useAppStore((s) => s.send);
  const cancel = useAppStore((s) => s.cancel);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);
  const [caret, setCaret] = useState(0);
  /** Paths picked with @ (attached at send while the text still names them). */
  const [mentions, setMentions] = useState<string[]>([]);
  const contextMax = useAppStore((s) => s.settings?.context.max);
  const reportFailure = useAppStore((s) => s.reportFailure);
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

  const mention = useMentionMenu({
    draft: text,
    caret,
    listId: 'mention-list',
    onPick: (entry, at) => {
      const next = applyMention(text, at, entry.path);
      setText(next.text);
      setCaret(next.caret);
      setMentions((m) => [...m, entry.path]);
      requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
      void call('workspace.mention', { path: entry.path, maxTokens: mentionBudget(contextMax) }).then((r) =>
        setNotes((n) => [
          ...n,
          isFailure(r) ? `@${entry.path}: not attached (${r.message})` : mentionNote(r),
        ]),
      );
    },
  });

  /** The mentions' blocks, read now, within the budget; null when one cannot be attached (said why). */
  const mentionBlocks = async (message: string): Promise<string[] | null> => {
    let left = mentionBudget(contextMax);
    const blocks: string[] = [];
    for (const path of stillMentioned(message, mentions)) {
      const result = await call('workspace.mention', { path, maxTokens: Math.max(1, left) });
      if (isFailure(result)) {
        reportFailure(result, `Could not attach @${path}`);
        return null;
      }
      left -= result.tokens;
      blocks.push(result.text);
    }
    return blocks;
  };

  const submit = async () => {
    const typed = text.trim();
    if (!typed || sending) return;
    setSending(true);
    const blocks = await mentionBlocks(typed);
    if (!blocks) return setSending(false);
    setText('');
    const sent = await send(withMentionBlocks(typed, blocks));
    setSending(false);
    // Refused: give the text back so nothing typed is lost.
    if (!sent) setText((current) => current || typed);
    else {
      setNotes([]);
      setMentions([]);
    }
  };

  const activeOption = mention.open
    ? mention.items.length > 0
      ? mention.optionId(mention.active)
      : undefined
    : slash.listOpen && slash.items.length > 0
      ? slash.optionId(slash.active)
      : undefined;
  return (
    <div className="chat-input">
      <SlashMenu menu={slash} />
      <MentionMenu menu={mention} />
      <div className="chat-input-main">
        <textarea
          ref={input}
          data-testid="chat-input"
          aria-label="Message to the agent"
          aria-autocomplete="list"
          aria-controls={mention.open ? mention.listId : slash.listOpen ? slash.listId : undefined}
          aria-activedescendant={activeOption}
          value={text}
          rows={3}
          placeholder={
            running
              ? 'Steer the running agent… (Enter to send)'
              : 'Ask the agent… (Enter to send, Shift+Enter for a new line, @ for a file, / for MCP prompts)'
          }
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            if (!e.target.value) {
              setNotes([]);
              setMentions([]);
            }
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (mention.handleKey(e)) return;
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
