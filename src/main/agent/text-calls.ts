// Tool calls a model wrote as text instead of through the call format (small models often do): a JSON
// object in a code fence or bare, `<tool_call>` and similar tags, `name({...})`, `name(key="v")`, and
// node-llama-cpp's fallback syntax with or without its `||call:` prefix. Only known tool names count.
// Written by hand: this is the model's own improvised syntax, which no parser library targets.
import type { ToolSpec } from '../model/turn.js';

export interface TextCall {
  name: string;
  args: unknown;
}

export type TextCallScan =
  | { kind: 'none' }
  /** Calls found; `text` is the reply without them. */
  | { kind: 'calls'; calls: TextCall[]; text: string }
  /** Something that looks like a call but could not be read: `name` when a tool was named. */
  | { kind: 'malformed'; name?: string; snippet: string };

const NAME_KEYS = ['name', 'tool', 'tool_name', 'function', 'function_name', 'recipient_name'];
const ARG_KEYS = ['arguments', 'args', 'parameters', 'params', 'input', 'tool_input'];
const TAGS = [/<tool_call>/gi, /<function_call>/gi, /<\|python_tag\|>/gi, /\[TOOL_CALLS\]/gi, /<tools?>/gi];

interface Span {
  start: number;
  end: number;
  calls: TextCall[];
}

export function findTextCalls(text: string, tools: readonly ToolSpec[]): TextCallScan {
  const names = new Set(tools.map((t) => t.name));
  const spans: Span[] = [];
  const take = (span: Span | undefined) => {
    if (span && span.calls.length > 0 && !spans.some((s) => s.start < span.end && span.start < s.end)) {
      spans.push(span);
    }
  };
  // 1. JSON values: after a tag, in a code fence, or bare where a line starts with { or [.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '{' && ch !== '[') continue;
    if (!startsValue(text, i)) continue;
    const read = readJson(text, i);
    if (!read) continue;
    const calls = callsFromJson(read.value, names);
    if (calls.length > 0) {
      take({ start: i, end: read.end, calls });
      i = read.end - 1;
    }
  }
  // 2. name({...}), name(key="value", ...), name("single value"), with an optional `||call:` prefix.
  const nameList = [...names].map(escapeRegExp).join('|');
  if (nameList) {
    const callRe = new RegExp(String.raw`(?:\|\|\s*)?(?:call:\s*)?\b(${nameList})\s*\(`, 'g');
    for (const match of text.matchAll(callRe)) {
      const name = match[1] as string;
      const open = match.index + match[0].length - 1;
      const args = readParenArgs(
        text,
        open,
        tools.find((t) => t.name === name),
      );
      if (args) take({ start: match.index, end: args.end, calls: [{ name, args: args.value }] });
    }
  }
  if (spans.length > 0) {
    spans.sort((a, b) => a.start - b.start);
    let rest = '';
    let at = 0;
    for (const span of spans) {
      rest += text.slice(at, span.start);
      at = span.end;
    }
    rest += text.slice(at);
    return { kind: 'calls', calls: spans.flatMap((s) => s.calls), text: tidy(rest) };
  }
  return malformed(text, names);
}

/** Text left around recovered calls: without empty fences, tags and call prefixes. */
function tidy(text: string): string {
  return text
    .replace(/```[\w-]*\s*```/g, '')
    .replace(/<\/?(tool_call|function_call|tools?)>|<\|python_tag\|>|\[TOOL_CALLS\]|\|\|\s*call:/gi, '')
    .trim();
}

function malformed(text: string, names: ReadonlySet<string>): TextCallScan {
  for (const tag of TAGS) {
    tag.lastIndex = 0;
    const m = tag.exec(text);
    if (m)
      return { kind: 'malformed', snippet: snippetAt(text, m.index), ...namedIn(text.slice(m.index), names) };
  }
  const prefix = /\|\|\s*call:/i.exec(text);
  if (prefix)
    return {
      kind: 'malformed',
      snippet: snippetAt(text, prefix.index),
      ...namedIn(text.slice(prefix.index), names),
    };
  for (const name of names) {
    const re = new RegExp(
      String.raw`["'](?:${NAME_KEYS.join('|')})["']\s*:\s*["'](?:functions\.)?${escapeRegExp(name)}["']|\b${escapeRegExp(name)}\s*\(\s*(?:[{"']|[A-Za-z_]\w*\s*=)`,
    );
    const m = re.exec(text);
    if (m) return { kind: 'malformed', name, snippet: snippetAt(text, m.index) };
  }
  return { kind: 'none' };
}

/** The tool a broken call names: its "name" field, else the tool mentioned first. */
function namedIn(text: string, names: ReadonlySet<string>): { name?: string } {
  const field = /["'](?:name|tool|tool_name|function)["']\s*:\s*["'](?:functions\.)?([\w-]+)["']/.exec(text);
  if (field && names.has(field[1] as string)) return { name: field[1] as string };
  let best: { name: string; at: number } | undefined;
  for (const name of names) {
    const at = text.search(new RegExp(`\\b${escapeRegExp(name)}\\b`));
    if (at >= 0 && (best === undefined || at < best.at)) best = { name, at };
  }
  return best ? { name: best.name } : {};
}

function snippetAt(text: string, index: number): string {
  return text
    .slice(index, index + 120)
    .split('\n')
    .slice(0, 3)
    .join('\n');
}

/** A JSON value may start here: at the start of a line (after spaces), after a fence line, or after a tag. */
function startsValue(text: string, i: number): boolean {
  const before = text.slice(Math.max(0, i - 40), i);
  return (
    /(^|\n)[ \t]*$/.test(before) ||
    /```[\w-]*\s*$/.test(before) ||
    /(<tool_call>|<function_call>|<\|python_tag\|>|\[TOOL_CALLS\]|<tools?>)\s*$/i.test(before) ||
    i === 0
  );
}

function callsFromJson(value: unknown, names: ReadonlySet<string>): TextCall[] {
  if (Array.isArray(value)) {
    const calls = value.map((v) => callFromObject(v, names));
    return calls.every((c) => c !== undefined) ? (calls as TextCall[]) : [];
  }
  const call = callFromObject(value, names);
  return call ? [call] : [];
}

function callFromObject(value: unknown, names: ReadonlySet<string>): TextCall | undefined {
  if (!isRecord(value)) return undefined;
  // {"function": {"name": ..., "arguments": ...}} (OpenAI's shape) and {"type": "function", ...}.
  if (isRecord(value.function)) return callFromObject(value.function, names);
  const nameKey = NAME_KEYS.find((k) => typeof value[k] === 'string');
  if (nameKey) {
    // OpenAI's multi_tool_use spells names `functions.read_file`.
    const name = (value[nameKey] as string).replace(/^functions\./, '');
    if (!names.has(name)) return undefined;
    const argKey = ARG_KEYS.find((k) => k in value);
    const raw = argKey === undefined ? {} : value[argKey];
    return { name, args: typeof raw === 'string' ? (parseLoose(raw) ?? raw) : raw };
  }
  // {"read_file": {"path": "a.js"}}
  const keys = Object.keys(value);
  if (keys.length === 1 && names.has(keys[0] as string) && isRecord(value[keys[0] as string])) {
    return { name: keys[0] as string, args: value[keys[0] as string] };
  }
  return undefined;
}

function readParenArgs(
  text: string,
  open: number,
  tool: ToolSpec | undefined,
): { value: unknown; end: number } | undefined {
  let i = skipSpace(text, open + 1);
  if (text[i] === ')') return { value: {}, end: i + 1 };
  if (text[i] === '{') {
    const read = readJson(text, i);
    if (!read) return undefined;
    const close = skipSpace(text, read.end);
    return text[close] === ')' && isRecord(read.value) ? { value: read.value, end: close + 1 } : undefined;
  }
  // key="value", key=1, ... or one string for a tool with one required parameter.
  const args: Record<string, unknown> = {};
  for (;;) {
    const key = /^([A-Za-z_]\w*)\s*=\s*/.exec(text.slice(i));
    if (!key) {
      const only = soleRequired(tool);
      const lit = readLiteral(text, i);
      if (Object.keys(args).length > 0 || !only || !lit || typeof lit.value !== 'string') return undefined;
      args[only] = lit.value;
      i = skipSpace(text, lit.end);
    } else {
      const lit = readLiteral(text, i + key[0].length);
      if (!lit) return undefined;
      args[key[1] as string] = lit.value;
      i = skipSpace(text, lit.end);
    }
    if (text[i] === ')') return { value: args, end: i + 1 };
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
    if (text[i] === ')') return { value: args, end: i + 1 };
  }
}

/**
 * The one required parameter of a tool, if it has exactly one. The grammar schema lists every property
 * and marks optional ones nullable instead of using `required`, so that is read too.
 */
function soleRequired(tool: ToolSpec | undefined): string | undefined {
  if (!tool) return undefined;
  const listed = tool.parameters.required;
  const props = (tool.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(listed)
    ? listed.filter((k): k is string => typeof k === 'string')
    : Object.keys(props).filter((k) => !isNullable(props[k] ?? {}));
  return required.length === 1 ? required[0] : undefined;
}

function isNullable(schema: Record<string, unknown>): boolean {
  const { type, oneOf, enum: values } = schema;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(values) && values.includes(null)) return true;
  return Array.isArray(oneOf) && oneOf.some((s) => isRecord(s) && isNullable(s));
}

/** A JSON literal, or a Python-style single-quoted string, True/False/None. */
function readLiteral(text: string, i: number): { value: unknown; end: number } | undefined {
  const ch = text[i];
  if (ch === "'") {
    let j = i + 1;
    let out = '';
    while (j < text.length && text[j] !== "'") {
      if (text[j] === '\\' && j + 1 < text.length) {
        out += unescapeChar(text[j + 1] as string);
        j += 2;
      } else out += text[j++];
    }
    return j < text.length ? { value: out, end: j + 1 } : undefined;
  }
  const word = /^(True|False|None)\b/.exec(text.slice(i));
  if (word)
    return { value: word[1] === 'True' ? true : word[1] === 'False' ? false : null, end: i + word[0].length };
  return readJson(text, i);
}

function unescapeChar(c: string): string {
  return c === 'n' ? '\n' : c === 't' ? '\t' : c;
}

/** One JSON value starting at `start` (strings, numbers, objects, arrays, literals); lenient about trailing commas. */
export function readJson(text: string, start: number): { value: unknown; end: number } | undefined {
  const ch = text[start];
  let end: number;
  if (ch === '{' || ch === '[') {
    end = matchBracket(text, start);
    if (end < 0) return undefined;
  } else if (ch === '"') {
    end = stringEnd(text, start);
    if (end < 0) return undefined;
  } else {
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(start));
    if (!m) return undefined;
    end = start + m[0].length;
  }
  const value = parseLoose(text.slice(start, end));
  return value === undefined ? undefined : { value, end };
}

function parseLoose(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    try {
      return JSON.parse(dropTrailingCommas(source));
    } catch {
      return undefined;
    }
  }
}

/** `[1, 2, ]` -> `[1, 2 ]`, leaving string contents alone. */
function dropTrailingCommas(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '"') {
      const end = stringEnd(source, i);
      if (end < 0) return out + source.slice(i);
      out += source.slice(i, end);
      i = end - 1;
    } else if (c === ',' && /^\s*[}\]]/.test(source.slice(i + 1))) {
      continue;
    } else out += c;
  }
  return out;
}

/** Index after the bracket closing the one at `start`, or -1. */
function matchBracket(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index after the closing quote of the string at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
