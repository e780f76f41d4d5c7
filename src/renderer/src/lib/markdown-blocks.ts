// Splits a streamed markdown answer into top-level blocks so that the renderer can memoise every block
// but the last: a token then re-parses one block instead of the whole answer. Not a markdown parser: it
// only finds boundaries where a block cannot continue (a blank line before an unindented line, or a
// fence at the left margin), and keeps text together whenever in doubt; each block is then rendered by
// react-markdown. Joining the blocks with '\n' gives the text back exactly.

interface Fence {
  char: string;
  length: number;
}

const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
/** A link reference or footnote definition: any block may use it, so nothing is split. */
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/** A fence opening at the left margin (an indented one may belong to a list item). */
function openingFence(line: string): Fence | null {
  const match = FENCE_OPEN.exec(line);
  if (!match) return null;
  const marks = match[1] ?? '';
  const char = marks[0] ?? '`';
  // A backtick fence's info string cannot hold a backtick (it would be inline code).
  if (char === '`' && (match[2] ?? '').includes('`')) return null;
  return { char, length: marks.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const marks = FENCE_CLOSE.exec(line)?.[1];
  return marks !== undefined && marks[0] === fence.char && marks.length >= fence.length;
}

/**
 * Whether an unindented line after a blank line starts a block of its own. A list item after a list
 * continues it (a loose list); an indented line continues a list item or an indented code block.
 */
function startsBlock(line: string, block: readonly string[]): boolean {
  if (/^[ \t]/.test(line)) return false;
  if (LIST_ITEM.test(line) && block.some((l) => LIST_ITEM.test(l))) return false;
  return true;
}

export function splitMarkdownBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const blocks: string[] = [];
  let block: string[] = [];
  let fence: Fence | null = null;
  let afterBlank = false;
  const flush = () => {
    if (block.length > 0) blocks.push(block.join('\n'));
    block = [];
  };
  for (const line of text.split('\n')) {
    if (fence) {
      block.push(line);
      if (closesFence(line, fence)) {
        fence = null;
        flush();
      }
      continue;
    }
    const opened = openingFence(line);
    if (opened) {
      flush();
      fence = opened;
      block.push(line);
      afterBlank = false;
      continue;
    }
    if (line.trim() === '') {
      block.push(line);
      afterBlank = true;
      continue;
    }
    if (afterBlank && startsBlock(line, block)) flush();
    afterBlank = false;
    block.push(line);
  }
  flush();
  return blocks;
}
