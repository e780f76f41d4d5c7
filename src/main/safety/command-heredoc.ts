// Where bash ends a here-document, computed as bash does, checked against where the parser ended it.
// bash's delimiter is the word after `<<` with quotes removed (`E"OF"`, `E'OF'`, `E$'O'F` and `\EOF`
// are all EOF, and any quoting makes the body literal); in an unquoted body a backslash-newline joins
// lines before the comparison; `<<-` strips leading tabs. Where the two disagree, lines after bash's end
// would run unseen by the checker, so the line is refused.
import type { Node } from 'web-tree-sitter';
import { decodeAnsiC } from './command-words.js';

/** Why the here-document is read differently by bash and by the parser, or undefined when it is not. */
export function heredocProblem(node: Node, source: string): string | undefined {
  const start = node.children.find((c) => c?.type === 'heredoc_start');
  const body = node.children.find((c) => c?.type === 'heredoc_body');
  const end = node.children.find((c) => c?.type === 'heredoc_end');
  if (!start) return 'a here-document could not be read';
  const stripTabs = node.children.some((c) => c?.type === '<<-');
  const raw = start.text;
  const delimiter = bashDelimiter(raw);
  if (delimiter === undefined) return `the here-document delimiter ${raw} is spelled ambiguously`;
  const quoted = /['"\\]/.test(raw);
  // The body starts on the line after the one with `<<` (the parser leaves `<<-`'s tabs out of it).
  const newline = source.indexOf('\n', start.endIndex);
  if (newline < 0) return 'a here-document has no body';
  let bodyStart = newline + 1;
  if (stripTabs) while (source.charAt(bodyStart) === '\t') bodyStart++;
  // The parser leaves the first line's leading blanks out of the body.
  const parserStart = body?.startIndex ?? end?.startIndex;
  if (
    parserStart !== undefined &&
    !/^[ \t]*$/.test(source.slice(bodyStart, Math.max(bodyStart, parserStart)))
  ) {
    return 'the here-document starts where bash would not start it';
  }
  const bashEnd = bashBodyEnd(source, newline + 1, delimiter, { quoted, stripTabs });
  const ends = end
    ? endProblem(source, end, delimiter, bashEnd)
    : bashEnd === undefined
      ? undefined
      : 'the here-document ends where the checker sees no end';
  if (ends) return ends;
  // tree-sitter-bash drops some substitutions (one after a line's leading blanks): every expansion bash
  // makes in an unquoted body must lie inside a node the parser made, or its command goes unjudged.
  if (!quoted) {
    const seen = (body?.namedChildren ?? []).filter(
      (c): c is Node => c !== null && c.type !== 'heredoc_content',
    );
    const missed = unseenExpansion(source, newline + 1, end?.startIndex ?? source.length, seen);
    if (missed !== undefined) return `the checker does not see the expansion at ${missed} in a here-document`;
  }
  return undefined;
}

function endProblem(
  source: string,
  end: Node,
  delimiter: string,
  bashEnd: number | undefined,
): string | undefined {
  if (end.text !== delimiter)
    return `the here-document ends at ${end.text}, but bash ends it at ${delimiter}`;
  if (bashEnd !== end.startIndex) {
    // In `$(cat <<EOF ... EOF)` bash ends the body with the substitution; so does the parser.
    const inSubstitution = source.charAt(end.endIndex) === ')' && bashEnd === undefined;
    if (!inSubstitution) return 'the here-document ends on a different line for bash than for the checker';
  }
  const after = source.charAt(end.endIndex);
  return after !== '' && after !== '\n' && after !== ')'
    ? 'the here-document end line has more after the delimiter, which bash does not accept'
    : undefined;
}

/** Index of the first substitution bash makes in source[from, to) that no parser node covers. */
function unseenExpansion(
  source: string,
  from: number,
  to: number,
  seen: ReadonlyArray<{ startIndex: number; endIndex: number }>,
): number | undefined {
  for (let i = from; i < to; i++) {
    const c = source.charAt(i);
    if (c === '\\') {
      if (/[$`\\\n]/.test(source.charAt(i + 1))) i++;
      continue;
    }
    // `$name` only substitutes a value; `$(`, `${`, `$[` and backquotes can run commands.
    const expands = c === '`' || (c === '$' && /[({[]/.test(source.charAt(i + 1)));
    if (expands && !seen.some((n) => n.startIndex <= i && i < n.endIndex)) return i;
  }
  return undefined;
}

/** The delimiter after quote removal; undefined for spellings this does not follow (`$"..."`). */
export function bashDelimiter(word: string): string | undefined {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charAt(i);
    if (c === '\\') {
      out += word.charAt(++i);
    } else if (c === "'") {
      const close = word.indexOf("'", i + 1);
      if (close < 0) return undefined;
      out += word.slice(i + 1, close);
      i = close;
    } else if (c === '$' && word.charAt(i + 1) === "'") {
      const close = ansiEnd(word, i + 2);
      if (close < 0) return undefined;
      out += decodeAnsiC(word.slice(i + 2, close));
      i = close;
    } else if (c === '"' || (c === '$' && word.charAt(i + 1) === '"')) {
      return c === '"' ? doubleQuoted(word, i, out) : undefined;
    } else if (c === '`' || (c === '$' && /[({]/.test(word.charAt(i + 1)))) {
      return undefined;
    } else out += c;
  }
  return out;
}

function doubleQuoted(word: string, open: number, before: string): string | undefined {
  let out = before;
  let i = open + 1;
  for (; i < word.length && word.charAt(i) !== '"'; i++) {
    const c = word.charAt(i);
    if (c === '\\' && /[$`"\\\n]/.test(word.charAt(i + 1))) out += word.charAt(++i);
    else if (c === '$' || c === '`') return undefined;
    else out += c;
  }
  if (i >= word.length) return undefined;
  const rest = bashDelimiter(word.slice(i + 1));
  return rest === undefined ? undefined : out + rest;
}

function ansiEnd(word: string, from: number): number {
  for (let i = from; i < word.length; i++) {
    if (word.charAt(i) === '\\') i++;
    else if (word.charAt(i) === "'") return i;
  }
  return -1;
}

/** Index where bash's delimiter line starts (after `<<-` tabs), or undefined when it reads to the end. */
function bashBodyEnd(
  source: string,
  from: number,
  delimiter: string,
  how: { quoted: boolean; stripTabs: boolean },
): number | undefined {
  let at = from;
  while (at <= source.length) {
    let line = '';
    let next = at;
    // A logical line: unquoted bodies join a line ending in an odd number of backslashes with the next.
    for (;;) {
      const nl = source.indexOf('\n', next);
      const physical = source.slice(next, nl < 0 ? source.length : nl);
      const trailing = /\\*$/.exec(physical)?.[0].length ?? 0;
      if (!how.quoted && trailing % 2 === 1 && nl >= 0) {
        line += physical.slice(0, -1);
        next = nl + 1;
        continue;
      }
      line += physical;
      next = nl < 0 ? source.length + 1 : nl + 1;
      break;
    }
    const tabs = how.stripTabs ? (/^\t*/.exec(line)?.[0].length ?? 0) : 0;
    if (line.slice(tabs) === delimiter) return at + tabs;
    if (next > source.length) return undefined;
    at = next;
  }
  return undefined;
}
