// Translations for the ripgrep engine: a JavaScript regex into ripgrep's (Rust) dialect, and a nested
// .gitignore into rules rooted at the workspace root (for --ignore-file).

/** JavaScript's \s, as Rust class members. */
const JS_SPACE =
  '\\t\\n\\x0B\\x0C\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** Characters Rust's regex syntax lets (or makes) us escape; any other escaped punctuation goes bare. */
const RUST_META = new Set('\\.+*?()|[]{}^$#&-~'.split(''));
const SIMPLE_ESCAPES = new Set(['n', 't', 'r', 'f', 'v']);

/**
 * The same pattern for ripgrep, or null where the dialects differ in a way this does not translate
 * (backreferences, lookaround, named groups, \c, ...): the caller then uses the Node engine. What it
 * returns matches a superset of JavaScript's lines in practice; ripgrep's lines are re-checked in JS.
 */
export function toRustRegex(js: string): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < js.length; i++) {
    const c = js[i] as string;
    if (c === '\\') {
      const next = js[i + 1];
      if (next === undefined) return null;
      i++;
      const esc = translateEscape(next, js.slice(i + 1, i + 5), inClass);
      if (esc === null) return null;
      out += esc.text;
      i += esc.consumed;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        out += c;
      } else if (c === '[' || c === '&' || c === '~') out += `\\${c}`;
      else out += c;
      continue;
    }
    switch (c) {
      case '[': {
        const negated = js[i + 1] === '^';
        if (js[i + (negated ? 2 : 1)] === ']') return null; // [] and [^] mean other things in Rust
        inClass = true;
        out += negated ? '[^' : '[';
        if (negated) i++;
        break;
      }
      case '.':
        out += '[^\\n\\r\\x{2028}\\x{2029}]';
        break;
      case '(':
        if (js[i + 1] === '?' && js[i + 2] !== ':') return null; // lookaround, named groups
        out += c;
        break;
      case '{': {
        const m = /^\{\d+(,\d*)?\}/.exec(js.slice(i));
        if (m) {
          out += m[0];
          i += m[0].length - 1;
        } else out += '\\{'; // JavaScript reads a brace that is no quantifier as itself
        break;
      }
      case '}':
        out += '\\}';
        break;
      case '#':
        out += '\\#';
        break;
      default:
        out += c;
    }
  }
  return inClass ? null : out;
}

function translateEscape(
  c: string,
  ahead: string,
  inClass: boolean,
): { text: string; consumed: number } | null {
  const plain = (text: string) => ({ text, consumed: 0 });
  switch (c) {
    case 'd':
      return plain(inClass ? '0-9' : '[0-9]');
    case 'w':
      return plain(inClass ? '0-9A-Za-z_' : '[0-9A-Za-z_]');
    case 's':
      return plain(inClass ? JS_SPACE : `[${JS_SPACE}]`);
    case 'D':
    case 'W':
    case 'S': {
      if (inClass) return null;
      const set = c === 'D' ? '0-9' : c === 'W' ? '0-9A-Za-z_' : JS_SPACE;
      return plain(`[^${set}]`);
    }
    case 'b':
      return plain(inClass ? '\\x08' : '(?-u:\\b)');
    case 'B':
      return inClass ? null : plain('(?-u:\\B)');
    case 'x':
      return /^[0-9a-fA-F]{2}/.test(ahead) ? { text: `\\x${ahead.slice(0, 2)}`, consumed: 2 } : null;
    case 'u':
      return /^[0-9a-fA-F]{4}/.test(ahead) ? { text: `\\x{${ahead.slice(0, 4)}}`, consumed: 4 } : null;
    default:
      if (SIMPLE_ESCAPES.has(c)) return plain(`\\${c}`);
      if (/[0-9A-Za-z]/.test(c)) return null; // backreferences, \k, \c, \0, identity escapes of letters
      if (RUST_META.has(c)) return plain(`\\${c}`);
      return plain(c);
  }
}

/**
 * The rules of the .gitignore in folder `dirRel` rewritten to apply from the workspace root, so that
 * ripgrep can be given them with --ignore-file when it searches below that folder.
 */
export function rootGitignore(dirRel: string, text: string): string {
  if (dirRel === '' || dirRel === '.') return text;
  const base = escapeGlob(dirRel);
  return text
    .split(/\r?\n/)
    .map((line) => {
      if (line.trim() === '' || line.startsWith('#')) return line;
      const negated = line.startsWith('!');
      let body = negated ? line.slice(1) : line;
      const dirOnly = body.endsWith('/');
      if (dirOnly) body = body.slice(0, -1);
      const anchored = body.includes('/');
      body = body.replace(/^\//, '');
      const rooted = anchored ? `/${base}/${body}` : `/${base}/**/${body}`;
      return `${negated ? '!' : ''}${rooted}${dirOnly ? '/' : ''}`;
    })
    .join('\n');
}

function escapeGlob(rel: string): string {
  return rel.replace(/[\\*?[\]!#]/g, (ch) => `\\${ch}`);
}
