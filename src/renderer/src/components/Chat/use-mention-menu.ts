// The message box's @-mentions: while an `@word` is typed at the caret, the folder's files and folders
// matching it (fuzzy, from the backend's file index) are listed; arrows move, Enter or Tab picks, Esc
// closes. A pick puts `@path` in the draft and says what it will attach (tokens, cut or not).
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { MentionView, TreeEntry } from '../../../../shared/ipc';
import { call, isFailure } from '../../api/client';
import { mentionQuery, type MentionQuery } from '../../lib/mentions';

/** Wait after a key before asking the backend (ms): a 100k-file index takes a moment to rank. */
const FIND_DELAY_MS = 80;

export interface MentionMenu {
  open: boolean;
  items: TreeEntry[];
  active: number;
  listId: string;
  optionId(index: number): string;
  handleKey(e: KeyboardEvent<HTMLTextAreaElement>): boolean;
  pick(entry: TreeEntry): void;
  hover(index: number): void;
}

async function find(query: string): Promise<TreeEntry[]> {
  const result = await call('workspace.find', { query, limit: 30 });
  return isFailure(result) ? [] : result.entries;
}

export function useMentionMenu(options: {
  draft: string;
  caret: number;
  listId: string;
  onPick(entry: TreeEntry, at: MentionQuery): void;
}): MentionMenu {
  const { draft, caret, listId, onPick } = options;
  const typed = mentionQuery(draft, caret);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [items, setItems] = useState<TreeEntry[]>([]);
  /** The query `items` answer: Enter or Tab while they lag behind what is typed waits for the answer. */
  const [itemsFor, setItemsFor] = useState<string | null>(null);
  const [activeRaw, setActive] = useState(0);
  const open = typed !== null && dismissed !== `${typed.start}:${typed.query}`;
  const query = open ? typed.query : null;

  useEffect(() => {
    if (query === null) return setItems([]);
    let current = true;
    const timer = setTimeout(() => {
      void find(query).then((found) => {
        if (!current) return;
        setItems(found);
        setItemsFor(query);
      });
    }, FIND_DELAY_MS);
    setActive(0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const active = Math.min(activeRaw, Math.max(0, items.length - 1));
  const pick = (entry: TreeEntry) => {
    if (!typed) return;
    setDismissed(null);
    onPick(entry, typed);
  };
  return {
    open,
    items,
    active,
    listId,
    optionId: (i) => `${listId}-${i}`,
    handleKey(e) {
      if (!open || !typed) return false;
      const chosen = items[active];
      const picking = e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing);
      if (picking && itemsFor !== typed.query) {
        e.preventDefault();
        void find(typed.query).then((found) => {
          if (found[0]) pick(found[0]);
        });
        return true;
      }
      if (e.key === 'Escape') setDismissed(`${typed.start}:${typed.query}`);
      else if (chosen && e.key === 'ArrowDown') setActive((active + 1) % items.length);
      else if (chosen && e.key === 'ArrowUp') setActive((active - 1 + items.length) % items.length);
      else if (
        chosen &&
        (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing))
      )
        pick(chosen);
      else return false;
      e.preventDefault();
      return true;
    },
    pick,
    hover: setActive,
  };
}

/** A person's line for what a mention attaches. */
export function mentionNote(m: MentionView): string {
  const counted = m.counted === 'model' ? 'tokens' : 'tokens (estimated)';
  return m.truncated
    ? `@${m.path}: cut to ${m.tokens.toLocaleString()} of ${m.totalTokens.toLocaleString()} ${counted}`
    : `@${m.path}: ${m.tokens.toLocaleString()} ${counted} attached`;
}
