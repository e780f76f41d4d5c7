// Shell words as bash will see them, built from tree-sitter-bash nodes: the value after quote removal
// when it is known before the command runs, and a quote-aware pattern (quoted characters escaped with a
// backslash) so that wildcards, brace expansion and `~` are only honoured where bash honours them.
import type { Node } from 'web-tree-sitter';

export interface ShellWord {
  /** The source text. */
  text: string;
  /** The word after quote removal; undefined when it depends on an expansion or a substitution. */
  value: string | undefined;
  /** Unquoted characters raw, quoted ones backslash-escaped; a leading raw `~` is the home folder. */
  pattern: string;
  /** Holds an unquoted expansion: split into words and globbed at run time. */
  split: boolean;
  /** For a word only known at run time: the literal text it starts with (`"src/$x"`: `src/`). */
  lead?: string;
}

/** Brace expansion never makes more words than this (more: the word is treated as unknown). */
const MAX_BRACE_WORDS = 256;

interface Acc {
  pattern: string;
  value: string;
  /** The value when the first expansion was met. */
  lead: string | undefined;
  dynamic: boolean;
  split: boolean;
  first: boolean;
}

/** One word from adjacent nodes (bash joins what has no blank between it). */
export function buildWord(nodes: readonly Node[]): ShellWord {
  const acc: Acc = { pattern: '', value: '', lead: undefined, dynamic: false, split: false, first: true };
  for (const node of nodes) addNode(node, acc, nodes);
  const text = nodes.map((n) => n.text).join('');
  return acc.dynamic
    ? { text, value: undefined, pattern: '', split: acc.split, lead: acc.lead ?? '' }
    : { text, value: acc.value, pattern: acc.pattern, split: false };
}

/** A literal word (already unquoted), e.g. a keyword or an operator token. */
export function literalWord(text: string): ShellWord {
  return { text, value: text, pattern: escapeAll(text), split: false };
}

function addNode(node: Node, acc: Acc, siblings: readonly Node[]): void {
  switch (node.type) {
    case 'word':
    case 'variable_name':
    case 'brace_expression': {
      const raw = node.text.replace(/\\\n/g, '');
      acc.pattern += raw;
      acc.value += unescape(raw);
      break;
    }
    case 'number':
      if (node.namedChildCount > 0) markDynamic(acc, true);
      else {
        acc.pattern += node.text;
        acc.value += node.text;
      }
      break;
    case 'string':
      addDoubleQuoted(node, acc);
      break;
    case 'raw_string':
      addQuoted(node.text.slice(1, -1), acc);
      break;
    case 'ansi_c_string':
      addQuoted(decodeAnsiC(node.text.slice(2, -1)), acc);
      break;
    case 'translated_string':
      for (const child of node.namedChildren) if (child) addNode(child, acc, siblings);
      break;
    case 'concatenation': {
      const parts = node.children.filter((c): c is Node => c !== null);
      parts.forEach((part, i) => {
        // `$"text"` is a translated string: the `$` is not part of the value.
        if (part.type === '$' && parts[i + 1]?.type === 'string') return;
        addNode(part, acc, parts);
      });
      break;
    }
    case 'simple_expansion':
    case 'expansion':
      if (acc.first && isHome(node)) {
        acc.pattern += '~';
        acc.value += '~';
      } else markDynamic(acc, true);
      break;
    case '$':
      // A lone `$` before a string is a translated string's marker; otherwise a literal dollar.
      if (siblings[siblings.indexOf(node) + 1]?.type !== 'string') {
        acc.pattern += '$';
        acc.value += '$';
      }
      break;
    case 'command_substitution':
    case 'arithmetic_expansion':
      markDynamic(acc, true);
      break;
    case 'process_substitution':
      // bash replaces it with the pipe's name, never an option.
      addQuoted('/dev/fd/63', acc);
      break;
    default:
      // extglob, arrays and anything unforeseen: not known before it runs.
      markDynamic(acc, false);
  }
  acc.first = false;
}

function addDoubleQuoted(node: Node, acc: Acc): void {
  for (const child of node.children) {
    if (!child || child.type === '"') continue;
    if (child.type === 'string_content') addQuoted(unescapeDouble(child.text), acc);
    else if (acc.first && acc.pattern === '' && isHome(child)) {
      acc.pattern += '~';
      acc.value += '~';
    } else markDynamic(acc, false);
    acc.first = false;
  }
}

function addQuoted(text: string, acc: Acc): void {
  acc.pattern += escapeAll(text);
  acc.value += text;
}

function markDynamic(acc: Acc, unquoted: boolean): void {
  if (!acc.dynamic) acc.lead = acc.value;
  acc.dynamic = true;
  if (unquoted) acc.split = true;
}

function isHome(node: Node): boolean {
  return node.text === '$HOME' || node.text === '${HOME}';
}

export function escapeAll(text: string): string {
  return text.replace(/[\s\S]/g, (c) => `\\${c}`);
}

/** Quote removal of an unquoted (or pattern) text: `\x` is `x`, `\<newline>` is nothing. */
export function unescape(text: string): string {
  return text.replace(/\\([\s\S])/g, (_, c: string) => (c === '\n' ? '' : c));
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

const ANSI_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** The value of a `$'...'` body; bash stops a word at a NUL, so does this. */
export function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body.charAt(++i);
    const simple = ANSI_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const numeric = /^(?:x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|([0-7]{1,3}))/.exec(
      body.slice(i),
    );
    if (numeric) {
      const hex = numeric[1] ?? numeric[2] ?? numeric[3];
      const code = hex !== undefined ? parseInt(hex, 16) : parseInt(numeric[4] ?? '0', 8);
      out += code <= 0x10ffff ? String.fromCodePoint(code) : '';
      i += numeric[0].length - 1;
    } else if (n === 'c' && i + 1 < body.length) {
      out += String.fromCharCode(body.charCodeAt(++i) & 0x1f);
    } else out += `\\${n}`;
  }
  const nul = out.indexOf('\0');
  return nul >= 0 ? out.slice(0, nul) : out;
}

/** Whether an unquoted `*`, `?` or `[` is in the pattern. */
export function hasGlob(pattern: string): boolean {
  return globIndex(pattern) >= 0;
}

export function globIndex(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return i;
  }
  return -1;
}

/** The words a static word becomes after brace expansion; undefined past MAX_BRACE_WORDS. */
export function expandBraces(word: ShellWord): ShellWord[] | undefined {
  if (word.value === undefined || !word.pattern.includes('{')) return [word];
  const patterns = expandPattern(word.pattern, 0);
  if (!patterns) return undefined;
  if (patterns.length === 1 && patterns[0] === word.pattern) return [word];
  return patterns.map((p) => ({ text: word.text, value: unescape(p), pattern: p, split: false }));
}

function expandPattern(pattern: string, depth: number): string[] | undefined {
  if (depth > 8) return undefined;
  const group = findBraceGroup(pattern);
  if (!group) return [pattern];
  const { start, end, alternatives } = group;
  const out: string[] = [];
  for (const alt of alternatives) {
    const next = expandPattern(pattern.slice(0, start) + alt + pattern.slice(end + 1), depth + 1);
    if (!next) return undefined;
    out.push(...next);
    if (out.length > MAX_BRACE_WORDS) return undefined;
  }
  return out;
}

/** The first `{a,b}` or `{1..3}` group with unquoted braces, split into its alternatives. */
function findBraceGroup(p: string): { start: number; end: number; alternatives: string[] } | undefined {
  for (let start = 0; start < p.length; start++) {
    const c = p.charAt(start);
    if (c === '\\') {
      start++;
      continue;
    }
    if (c !== '{' || p.charAt(start + 1) === '}') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < p.length; i++) {
      const d = p.charAt(i);
      if (d === '\\') i++;
      else if (d === '{') depth++;
      else if (d === ',' && depth === 1) commas.push(i);
      else if (d === '}' && --depth === 0) {
        const inner = p.slice(start + 1, i);
        if (commas.length > 0) {
          const cuts = [start, ...commas, i];
          const alternatives = cuts.slice(1).map((cut, k) => p.slice((cuts[k] as number) + 1, cut));
          return { start, end: i, alternatives };
        }
        const seq = sequence(inner);
        if (seq) return { start, end: i, alternatives: seq };
        break;
      }
    }
  }
  return undefined;
}

function sequence(inner: string): string[] | undefined {
  const m = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(inner);
  if (!m) return undefined;
  const [a, b] = [m[1] as string, m[2] as string];
  const numeric = /\d/.test(a) && /\d/.test(b);
  if (!numeric && (/\d/.test(a) || /\d/.test(b))) return undefined;
  const from = numeric ? Number(a) : a.charCodeAt(0);
  const to = numeric ? Number(b) : b.charCodeAt(0);
  const step = Math.max(1, Math.abs(Number(m[3] ?? 1)));
  if (Math.abs(to - from) / step > MAX_BRACE_WORDS) return undefined;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    out.push(numeric ? String(v) : escapeAll(String.fromCharCode(v)));
  }
  return out;
}
