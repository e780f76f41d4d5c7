// Symbol patterns for TypeScript/JavaScript, Python, Ruby and PHP (see symbol-languages.ts).
import { byKeyword } from './symbol-languages.js';
import type { LanguageSpec } from './symbol-languages.js';

const TS_PRE = String.raw`(?:export\s+(?:default\s+)?)?(?:declare\s+)?`;
export const TS: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '/*', '*'],
  rules: [
    {
      re: new RegExp(String.raw`^${TS_PRE}(?:async\s+)?function\s*\*?\s*(?<name>[\w$]+)`),
      kind: 'function',
      where: 'top',
    },
    {
      re: new RegExp(String.raw`^${TS_PRE}(?:abstract\s+)?class\s+(?<name>[\w$]+)`),
      kind: 'class',
      where: 'any',
      hints: ['class'],
      opens: 'members',
    },
    {
      re: new RegExp(String.raw`^${TS_PRE}interface\s+(?<name>[\w$]+)`),
      kind: 'interface',
      where: 'any',
      hints: ['interface'],
      opens: 'members',
    },
    { re: new RegExp(String.raw`^${TS_PRE}type\s+(?<name>[\w$]+)\s*[=<]`), kind: 'type', where: 'top' },
    { re: new RegExp(String.raw`^${TS_PRE}(?:const\s+)?enum\s+(?<name>[\w$]+)`), kind: 'enum', where: 'top' },
    {
      re: new RegExp(String.raw`^${TS_PRE}(?:namespace|module)\s+(?<name>[\w$.]+|'[^']+'|"[^"]+")\s*\{`),
      kind: 'namespace',
      where: 'top',
      opens: 'transparent',
    },
    {
      re: /^(?:export\s+)?(?:const|let|var)\s+(?<name>[\w$]+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+?)?\s*=>)/,
      kind: 'function',
      where: 'top',
    },
    { re: /^export\s+(?:declare\s+)?(?:const|let|var)\s+(?<name>[\w$]+)/, kind: 'const', where: 'top' },
    {
      // CommonJS exports, but not the `exports.a = exports.b = void 0` and `exports.a = a;` of compiled code.
      re: /^(?:module\.)?exports\.(?<name>[\w$]+)\s*=(?!=)(?!\s*(?:exports\.|void 0|\k<name>\s*;))/,
      kind: 'const',
      where: 'top',
    },
    {
      re: /^(?:(?:public|private|protected|static|async|readonly|abstract|override|declare|get|set|accessor)\s+)*\*?\s*(?<name>#?[\w$]+)\s*\??\s*(?:<[^>]*>)?\s*\(/,
      kind: 'method',
      where: 'member',
    },
  ],
};

export const PYTHON: LanguageSpec = {
  blocks: 'indent',
  comments: ['#'],
  rules: [
    { re: /^(?:async\s+)?def\s+(?<name>\w+)/, kind: 'function', where: 'top+member' },
    { re: /^class\s+(?<name>\w+)/, kind: 'class', where: 'any', opens: 'members', hints: ['class'] },
    { re: /^(?<name>[A-Z][A-Z0-9_]*)\s*(?::[^=]*)?=(?!=)/, kind: 'const', where: 'top' },
  ],
};

export const RUBY: LanguageSpec = {
  blocks: 'indent',
  comments: ['#'],
  rules: [
    { re: /^class\s+(?<name>[\w:]+)/, kind: 'class', where: 'any', opens: 'members', hints: ['class'] },
    {
      re: /^module\s+(?<name>[\w:]+)/,
      kind: 'module',
      where: 'any',
      opens: 'transparent',
      hints: ['module'],
    },
    { re: /^def\s+(?<name>(?:self\.)?\w+[?!=]?)/, kind: 'function', where: 'top+member' },
  ],
};

export const PHP: LanguageSpec = {
  blocks: 'brace',
  comments: ['//', '#', '/*', '*'],
  rules: [
    {
      re: /^(?:(?:abstract|final|readonly)\s+)*(?<kw>class|interface|trait|enum)\s+(?<name>\w+)/,
      kind: byKeyword('class'),
      where: 'any',
      hints: ['class', 'interface', 'trait', 'enum'],
      opens: 'members',
    },
    { re: /^namespace\s+(?<name>[\w\\]+)/, kind: 'namespace', where: 'top' },
    {
      re: /^(?:(?:public|private|protected|static|abstract|final)\s+)*function\s+&?(?<name>\w+)/,
      kind: 'function',
      where: 'top+member',
    },
  ],
};
