// Symbol patterns for Go, Rust, Java, Kotlin, C/C++, C# and Swift (see symbol-languages.ts).
import { byKeyword } from './symbol-languages.js';
import type { LanguageSpec } from './symbol-languages.js';

export const GO: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: /^func\s+(?:\((?<recv>[^)]*)\)\s*)?(?<name>\w+)/,
      kind: (m) => (m.groups?.['recv'] ? 'method' : 'function'),
      where: 'top',
    },
    { re: /^type\s+(?<name>\w+)\s+struct\b/, kind: 'struct', where: 'top' },
    { re: /^type\s+(?<name>\w+)\s+interface\b/, kind: 'interface', where: 'top' },
    { re: /^type\s+(?<name>\w+)/, kind: 'type', where: 'top' },
    { re: /^(?:const|var)\s+(?<name>\w+)/, kind: 'const', where: 'top' },
  ],
};

const RS_VIS = String.raw`(?:pub(?:\([^)]*\))?\s+)?`;
export const RUST: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: new RegExp(
        String.raw`^${RS_VIS}(?:default\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+(?:"[^"]*"\s+)?)?fn\s+(?<name>\w+)`,
      ),
      kind: 'function',
      where: 'top+member',
    },
    {
      re: new RegExp(String.raw`^${RS_VIS}(?<kw>struct|enum|union|trait)\s+(?<name>\w+)`),
      kind: byKeyword('struct'),
      where: 'top',
      opens: 'members',
    },
    {
      re: /^(?:unsafe\s+)?impl\b(?:\s*<[^{]*?>)?\s+(?<name>[^{]+?)\s*(?:\{|$|\bwhere\b)/,
      kind: 'impl',
      where: 'top',
      opens: 'members',
    },
    { re: new RegExp(String.raw`^${RS_VIS}type\s+(?<name>\w+)`), kind: 'type', where: 'top' },
    {
      re: new RegExp(String.raw`^${RS_VIS}mod\s+(?<name>\w+)`),
      kind: 'module',
      where: 'top',
      opens: 'transparent',
    },
    {
      re: new RegExp(String.raw`^${RS_VIS}(?:const|static)\s+(?<name>\w+)\s*:`),
      kind: 'const',
      where: 'top',
    },
    { re: /^macro_rules!\s*(?<name>\w+)/, kind: 'macro', where: 'top' },
  ],
};

const JAVA_MODS = String.raw`(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp|default|synchronized|native)\s+)*`;
export const JAVA: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: new RegExp(String.raw`^${JAVA_MODS}(?<kw>class|interface|enum|record|@interface)\s+(?<name>\w+)`),
      kind: byKeyword('class'),
      where: 'any',
      hints: ['class', 'interface', 'enum', 'record'],
      opens: 'members',
    },
    {
      re: new RegExp(
        String.raw`^(?:@\w+(?:\([^)]*\))?\s+)*${JAVA_MODS}(?:<[^>]+>\s+)?(?:(?<type>[\w$.<>\[\],?]+)\s+)?(?<name>[\w$]+)\s*\(`,
      ),
      kind: 'method',
      where: 'member',
    },
  ],
};

const KT_MODS = String.raw`(?:(?:public|private|internal|protected|open|abstract|sealed|data|inline|value|enum|annotation|inner|override|suspend|operator|infix|tailrec|external|actual|expect|final|const)\s+)*`;
export const KOTLIN: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: new RegExp(String.raw`^${KT_MODS}(?<kw>class|interface|object)\s+(?<name>\w+)`),
      kind: byKeyword('class'),
      where: 'any',
      hints: ['class', 'interface', 'object'],
      opens: 'members',
    },
    {
      re: new RegExp(String.raw`^${KT_MODS}fun\s+(?:<[^>]+>\s+)?(?:[\w.<>?]+\.)?(?<name>\w+)\s*\(`),
      kind: 'function',
      where: 'top+member',
    },
    { re: new RegExp(String.raw`^${KT_MODS}typealias\s+(?<name>\w+)`), kind: 'type', where: 'top' },
    { re: /^(?:const\s+)?val\s+(?<name>[A-Z][A-Z0-9_]*)\b/, kind: 'const', where: 'top' },
  ],
};

export const C: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  neutral: /^(?:#|(?:public|private|protected)\s*:)/,
  rules: [
    {
      re: /^(?:template\s*<[^>]*>\s*)?(?:typedef\s+)?(?<kw>struct|class|union|enum(?:\s+class)?)\s+(?:[A-Z_][A-Z0-9_]*\s+)?(?<name>\w+)\s*(?:final\s*)?(?::[^;{]*)?\{?\s*$/,
      kind: byKeyword('struct'),
      where: 'any',
      hints: ['struct', 'class', 'union', 'enum'],
      opens: 'members',
    },
    { re: /^namespace\s+(?<name>[\w:]+)\s*\{/, kind: 'namespace', where: 'top', opens: 'transparent' },
    { re: /^#\s*define\s+(?<name>\w+)\(/, kind: 'macro', where: 'any', hints: ['define'] },
    { re: /^typedef\s+[^;(]*?\b(?<name>\w+)\s*;\s*$/, kind: 'type', where: 'top' },
    {
      re: /^(?!(?:return|else|if|for|while|switch|case|do|typedef|using|goto|delete|new|throw)\b)(?:template\s*<[^>]*>\s*)?(?:[\w:<>,*&~]+\s+)+[*&]*(?<name>~?[\w:]+)\s*\((?!\s*\*)/,
      kind: 'function',
      where: 'top',
    },
    {
      re: /^(?:(?:virtual|static|inline|explicit|constexpr|friend|const|unsigned|signed)\s+)*(?:[\w:<>,*&~]+\s+)*[*&]*(?<name>~?\w+)\s*\(/,
      kind: 'method',
      where: 'member',
    },
  ],
};

const CS_MODS = String.raw`(?:(?:public|private|protected|internal|static|sealed|abstract|partial|readonly|unsafe|new|virtual|override|async|extern|file|required)\s+)*`;
export const CSHARP: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: new RegExp(
        String.raw`^(?:\[[^\]]*\]\s*)*${CS_MODS}(?<kw>class|interface|struct|enum|record(?:\s+struct|\s+class)?)\s+(?<name>\w+)`,
      ),
      kind: byKeyword('class'),
      where: 'any',
      hints: ['class', 'interface', 'struct', 'enum', 'record'],
      opens: 'members',
    },
    {
      re: new RegExp(String.raw`^${CS_MODS}delegate\s+[^(]*?(?<name>\w+)\s*[<(]`),
      kind: 'type',
      where: 'any',
      hints: ['delegate'],
    },
    { re: /^namespace\s+(?<name>[\w.]+)/, kind: 'namespace', where: 'top', opens: 'transparent' },
    {
      re: new RegExp(
        String.raw`^(?:\[[^\]]*\]\s*)*${CS_MODS}(?:(?<type>[\w.<>\[\],?]+)\s+)?(?<name>\w+)\s*(?:<[^>(]*>)?\s*\(`,
      ),
      kind: 'method',
      where: 'member',
    },
  ],
};

const SWIFT_MODS = String.raw`(?:(?:@\w+(?:\([^)]*\))?|public|private|fileprivate|internal|open|final|static|class|override|mutating|nonmutating|convenience|required|indirect|dynamic|nonisolated)\s+)*`;
export const SWIFT: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: new RegExp(
        String.raw`^${SWIFT_MODS}(?<kw>class|struct|enum|protocol|extension|actor)\s+(?<name>[\w.]+)`,
      ),
      kind: byKeyword('class'),
      where: 'any',
      hints: ['class', 'struct', 'enum', 'protocol', 'extension', 'actor'],
      opens: 'members',
    },
    { re: new RegExp(String.raw`^${SWIFT_MODS}func\s+(?<name>\w+)`), kind: 'function', where: 'top+member' },
    { re: new RegExp(String.raw`^${SWIFT_MODS}(?<name>init|deinit)\b`), kind: 'method', where: 'member' },
    {
      re: new RegExp(String.raw`^${SWIFT_MODS}typealias\s+(?<name>\w+)`),
      kind: 'type',
      where: 'any',
      hints: ['typealias'],
    },
  ],
};
