// Line patterns for the repo map's symbol extraction, one table per language family. Each pattern
// is tested against a line with its indentation removed; `(?<name>...)` names the symbol.
// Cheap on purpose: no parser, so a few misses and rare false hits are accepted.

export type SymbolKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'const'
  | 'namespace'
  | 'struct'
  | 'trait'
  | 'impl'
  | 'macro'
  | 'module';

export type LanguageId =
  'ts' | 'python' | 'go' | 'rust' | 'java' | 'kotlin' | 'c' | 'csharp' | 'ruby' | 'php' | 'swift';

export interface SymbolRule {
  re: RegExp;
  /** A kind, or the kind read from the match (e.g. the keyword group). */
  kind: SymbolKind | ((m: RegExpExecArray) => SymbolKind);
  /**
   * top: at indent 0 or directly inside a namespace-like container; member: at the member indent
   * of a class-like container (a 'function' found there becomes a 'method'); any: anywhere.
   */
  where: 'top' | 'member' | 'top+member' | 'any';
  /** Words one of which the line must contain for the pattern to be tried (a cheap pre-check). */
  hints?: readonly string[];
  /** The declaration opens a container; 'transparent' ones (namespaces) hold top-level code. */
  opens?: 'members' | 'transparent';
}

export interface LanguageSpec {
  rules: readonly SymbolRule[];
  /** Containers close by indentation ('indent') or by a closing brace or dedent ('brace'). */
  blocks: 'brace' | 'indent';
  /** Line prefixes (after indentation) that start a comment. */
  comments: readonly string[];
  /** Lines that open or close nothing, whatever their indent (C preprocessor, C++ access labels). */
  neutral?: RegExp;
}

const EXTENSIONS: Record<string, LanguageId> = {
  ts: 'ts',
  tsx: 'ts',
  mts: 'ts',
  cts: 'ts',
  js: 'ts',
  jsx: 'ts',
  mjs: 'ts',
  cjs: 'ts',
  py: 'python',
  pyi: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  c: 'c',
  h: 'c',
  cc: 'c',
  cpp: 'c',
  cxx: 'c',
  hpp: 'c',
  hh: 'c',
  hxx: 'c',
  cs: 'csharp',
  rb: 'ruby',
  php: 'php',
  swift: 'swift',
};

/** The language of a file from its name, or null when the map lists it without symbols. */
export function languageOf(rel: string): LanguageId | null {
  const base = rel.slice(rel.lastIndexOf('/') + 1).toLowerCase();
  if (base.includes('.min.')) return null;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return EXTENSIONS[base.slice(dot + 1)] ?? null;
}

export const byKeyword =
  (fallback: SymbolKind) =>
  (m: RegExpExecArray): SymbolKind => {
    const kw = (m.groups?.['kw'] ?? '').split(/\s+/)[0] ?? '';
    const map: Record<string, SymbolKind> = {
      class: 'class',
      interface: 'interface',
      '@interface': 'interface',
      protocol: 'interface',
      enum: 'enum',
      struct: 'struct',
      union: 'struct',
      record: 'class',
      trait: 'trait',
      object: 'class',
      actor: 'class',
      extension: 'impl',
      module: 'module',
    };
    return map[kw] ?? fallback;
  };

/** Words a member pattern may take for a name in a statement; never symbol names. */
export const NOT_NAMES = new Set(
  'if for while switch catch return function new throw else case do sizeof typeof await yield super this using lock foreach when synchronized elif with delete'.split(
    ' ',
  ),
);
