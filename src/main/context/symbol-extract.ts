// Symbol extraction for the repo map: one pass over a file's lines with the patterns of its language,
// tracking class-like containers by indentation so methods are found at their member indent.
import { NOT_NAMES } from './symbol-languages.js';
import type { LanguageId, LanguageSpec, SymbolKind, SymbolRule } from './symbol-languages.js';
import { C, CSHARP, GO, JAVA, KOTLIN, RUST, SWIFT } from './symbol-rules-native.js';
import { PHP, PYTHON, RUBY, TS } from './symbol-rules-script.js';

const LANGUAGES: Record<LanguageId, LanguageSpec> = {
  ts: TS,
  python: PYTHON,
  go: GO,
  rust: RUST,
  java: JAVA,
  kotlin: KOTLIN,
  c: C,
  csharp: CSHARP,
  ruby: RUBY,
  php: PHP,
  swift: SWIFT,
};

export interface CodeSymbol {
  name: string;
  kind: SymbolKind;
  /** 1-based line of the declaration. */
  line: number;
  /** 0: top level (or inside a namespace); 1: a member of a class-like container. */
  depth: 0 | 1;
  /** The declaration, whitespace collapsed, body and export/declare prefixes removed. */
  signature: string;
}

/** Symbols kept per file (a generated table of thousands is noise). */
export const MAX_SYMBOLS_PER_FILE = 500;
const MAX_SIGNATURE_CHARS = 150;
/** Lines joined to complete a parameter list split over several lines. */
const MAX_JOINED_LINES = 8;

interface Container {
  indent: number;
  /** Indent of the container's first member line; -1 until seen. */
  memberIndent: number;
  transparent: boolean;
}

export function extractSymbols(text: string, lang: LanguageId): CodeSymbol[] {
  const spec = LANGUAGES[lang];
  const lines = text.split('\n');
  const out: CodeSymbol[] = [];
  const stack: Container[] = [];
  let inBlockComment = false;
  for (let i = 0; i < lines.length && out.length < MAX_SYMBOLS_PER_FILE; i++) {
    const raw = lines[i] as string;
    const ind = indentOf(raw);
    if (ind >= raw.length || raw.charCodeAt(ind) === 13) continue; // blank
    if (inBlockComment) {
      if (raw.includes('*/', ind)) inBlockComment = false;
      continue;
    }
    const body = raw.endsWith('\r') ? raw.slice(ind, -1) : raw.slice(ind);
    if (isComment(body, spec)) {
      if (body.startsWith('/*') && !body.includes('*/', 2)) inBlockComment = true;
      continue;
    }
    if (!spec.neutral?.test(body)) updateContainers(stack, ind, body, spec);

    const inner = stack[stack.length - 1];
    const isTop = inner === undefined ? ind === 0 : inner.transparent && ind === inner.memberIndent;
    const isMember = inner !== undefined && !inner.transparent && ind === inner.memberIndent;
    for (const rule of spec.rules) {
      if (!applies(rule, isTop, isMember)) continue;
      if (rule.hints && !rule.hints.some((h) => body.includes(h))) continue;
      const m = rule.re.exec(body);
      const name = m?.groups?.['name'];
      if (!m || !name || NOT_NAMES.has(name) || NOT_NAMES.has(m.groups?.['type'] ?? '')) continue;
      let kind = typeof rule.kind === 'function' ? rule.kind(m) : rule.kind;
      if (kind === 'function' && isMember) kind = 'method';
      const nested = stack.some((c) => !c.transparent);
      out.push({
        name,
        kind,
        line: i + 1,
        depth: isMember || (rule.where === 'any' && nested) ? 1 : 0,
        signature: signatureAt(lines, i, body, kind, spec),
      });
      if (rule.opens && !opensNothing(body, spec)) {
        stack.push({ indent: ind, memberIndent: -1, transparent: rule.opens === 'transparent' });
      }
      break;
    }
  }
  return detach(out);
}

function applies(rule: SymbolRule, isTop: boolean, isMember: boolean): boolean {
  switch (rule.where) {
    case 'any':
      return true;
    case 'top':
      return isTop;
    case 'member':
      return isMember;
    case 'top+member':
      return isTop || isMember;
  }
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

function isComment(body: string, spec: LanguageSpec): boolean {
  for (const prefix of spec.comments) if (body.startsWith(prefix)) return true;
  return false;
}

/** Closes containers this line is not inside, and learns the member indent of the innermost one. */
function updateContainers(stack: Container[], ind: number, body: string, spec: LanguageSpec): void {
  // An Allman-style '{' on its own line at the declaration's indent still belongs to it.
  const openBrace = spec.blocks === 'brace' && body.startsWith('{');
  for (
    let top = stack[stack.length - 1];
    top && ind <= top.indent && !openBrace;
    top = stack[stack.length - 1]
  ) {
    stack.pop();
  }
  const inner = stack[stack.length - 1];
  if (inner && inner.memberIndent === -1 && ind > inner.indent && !openBrace) inner.memberIndent = ind;
}

/** A declaration that ends on its own line (`class A {}`, `struct B;`) opens no container. */
function opensNothing(body: string, spec: LanguageSpec): boolean {
  if (spec.blocks !== 'brace') return false;
  const end = body.trimEnd();
  return end.endsWith('}') || end.endsWith(';');
}

/** The declaration starting at line `i`, completed over a few lines when its parameter list is split. */
function signatureAt(
  lines: readonly string[],
  i: number,
  body: string,
  kind: SymbolKind,
  spec: LanguageSpec,
): string {
  let sig = body.trimEnd();
  if (kind === 'function' || kind === 'method') {
    let balance = parenBalance(sig);
    for (let j = i + 1; balance > 0 && j < lines.length && j <= i + MAX_JOINED_LINES; j++) {
      const next = (lines[j] as string).trim();
      sig += ' ' + next;
      balance += parenBalance(next);
      if (sig.length > MAX_SIGNATURE_CHARS * 2) break;
    }
  }
  if (spec.blocks === 'brace')
    sig = cutAtBody(sig, kind === 'function' && /^(?:export\s+)?(?:const|let|var)\s/.test(sig));
  sig = sig
    .replace(/\s+/g, ' ')
    .replace(/([([]) /g, '$1')
    .replace(/,? ([)\]])/g, '$1')
    .replace(/^(?:export\s+)?(?:declare\s+)?/, '');
  sig = trimTail(sig);
  if (sig.length > MAX_SIGNATURE_CHARS) sig = sig.slice(0, MAX_SIGNATURE_CHARS - 3).trimEnd() + '...';
  return sig;
}

/** Drops trailing openers and separators (`{`, `=`, `=>`, `;`, `,`, `:`, `[`, `(`) and spaces. */
function trimTail(sig: string): string {
  let end = sig.length;
  for (;;) {
    const c = sig[end - 1];
    if (c === ' ' || c === '{' || c === '=' || c === ';' || c === ',' || c === ':' || c === '[' || c === '(')
      end--;
    else if (c === '>' && sig[end - 2] === '=') end -= 2;
    else break;
  }
  return sig.slice(0, end).trim();
}

function parenBalance(s: string): number {
  let b = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 40) b++;
    else if (c === 41) b--;
  }
  return b;
}

/** Cuts at the first `{` (or an arrow function's `=>`) outside brackets: the body or an object literal. */
function cutAtBody(sig: string, arrow: boolean): string {
  let depth = 0;
  for (let k = 0; k < sig.length; k++) {
    const c = sig[k];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth <= 0 && (c === '{' || (arrow && c === '=' && sig[k + 1] === '>'))) return sig.slice(0, k);
  }
  return sig;
}

/**
 * Copies names and signatures out of the file's text: substrings of a large string keep all of it
 * alive in V8, and the map holds symbols for thousands of files.
 */
function detach(symbols: CodeSymbol[]): CodeSymbol[] {
  if (symbols.length === 0) return symbols;
  const packed = symbols.map((s) => `${s.name}\u0001${s.signature}`).join('\u0002');
  const parts = packed.split('\u0002');
  return symbols.map((s, k) => {
    const [name, signature] = (parts[k] as string).split('\u0001') as [string, string];
    return { ...s, name, signature };
  });
}

/** FNV-1a hash of an identifier, the key the reference graph uses (collisions are rare and harmless). */
export function hashIdentifier(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193);
  return h | 0;
}

/** Hashes of the distinct identifiers (3+ characters) in `text`, without allocating substrings. */
export function identifierHashes(text: string): Int32Array {
  const seen = new Set<number>();
  let h = 0x811c9dc5;
  let len = 0;
  for (let k = 0; k <= text.length; k++) {
    const c = k < text.length ? text.charCodeAt(k) : 0;
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
    if (letter || (len > 0 && c >= 48 && c <= 57)) {
      h = Math.imul(h ^ c, 0x01000193);
      len++;
    } else if (len > 0) {
      if (len >= 3) seen.add(h | 0);
      h = 0x811c9dc5;
      len = 0;
    }
  }
  return Int32Array.from(seen);
}

/** Why a source file gets no symbols, judged from its text: minified or generated code. */
export function skipReason(text: string): 'minified' | 'generated' | null {
  const head = text.slice(0, 2048);
  if (/@generated\b|\bDO NOT EDIT\b|<auto-generated/i.test(head)) return 'generated';
  if (text.length > 2048) {
    let newlines = 1;
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) newlines++;
    if (text.length / newlines > 200) return 'minified';
  }
  return null;
}
