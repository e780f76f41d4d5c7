// The smallest run of whole lines that turns one text into another, so a change made from outside the
// editor (a hunk rejected or accepted) replaces only those lines: the cursor, the scroll position and
// the undo history of the rest stay. Whole lines, so an edit never starts inside a CRLF or a surrogate
// pair.

export interface TextSpan {
  /** Offset where the change starts, the same in both texts. */
  start: number;
  /** Offset in `from` where the replaced part ends. */
  fromEnd: number;
  /** Offset in `to` where the replacement ends. */
  toEnd: number;
}

export function changedLines(from: string, to: string): TextSpan | null {
  if (from === to) return null;
  const limit = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < limit && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  // Back to the start of the line the difference is on.
  const start = prefix === 0 ? 0 : from.lastIndexOf('\n', prefix - 1) + 1;
  let suffix = 0;
  while (
    suffix < limit - start &&
    from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)
  ) {
    suffix++;
  }
  // The common tail, from just after its first newline: the rest starts at a line start in both.
  const tail = from.slice(from.length - suffix);
  const newline = tail.indexOf('\n');
  const kept = newline === -1 ? 0 : suffix - newline - 1;
  return { start, fromEnd: from.length - kept, toEnd: to.length - kept };
}
