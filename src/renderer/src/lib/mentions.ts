// @-mentions in the message box, as text: the mention being typed at the caret, putting a picked path in
// its place, which picked paths the message still names, and the message with their blocks attached.

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows it up to the caret. */
  query: string;
}

/** The mention being typed: an `@` at the start or after a space, and no space between it and the caret. */
export function mentionQuery(draft: string, caret: number): MentionQuery | null {
  const before = draft.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(before[at - 1] ?? '')) return null;
  const query = before.slice(at + 1);
  if (/\s/.test(query)) return null;
  return { start: at, query };
}

/** `draft` with the typed mention replaced by `@path ` and where the caret goes. */
export function applyMention(
  draft: string,
  mention: MentionQuery,
  picked: string,
): { text: string; caret: number } {
  const end = mention.start + 1 + mention.query.length;
  const inserted = `@${picked} `;
  const rest = draft.slice(end).replace(/^ /, '');
  return { text: draft.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}

/** The picked paths the text still names as `@path` (then a space, the end, or punctuation ending a word). */
export function stillMentioned(text: string, picked: readonly string[]): string[] {
  return [...new Set(picked)].filter((p) => {
    const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[\\s(])@${escaped}(?=$|\\s|[,.;:!?)](?:\\s|$))`).test(text);
  });
}

/** The message as sent: what was typed, then each mention's block. */
export function withMentionBlocks(text: string, blocks: readonly string[]): string {
  return blocks.length === 0 ? text : `${text}\n\n${blocks.join('\n\n')}`;
}
