// Reads an awk program far enough to know whether it only reads and prints to standard output, or also
// runs commands (system(), `| cmd`, `cmd | getline`, gawk's `@` calls and extensions) or writes files
// (`print > f`, `printf >> f`). Strings, regular expressions and parentheses are followed, so that
// `print ($2 > 0 ? "pos" : "neg")` and `/a|b/` are not mistaken for a redirection or a pipe. Anything it
// cannot follow counts as risky.

/** What the program does beyond reading and printing ("runs commands", "writes files"), or undefined. */
export function awkProgramRisk(program: string): string | undefined {
  const s = program;
  let i = 0;
  let depth = 0;
  /** Parenthesis depth of the print statement being read, if any. */
  let printAt: number | undefined;
  /** The last significant token ends an operand: a `/` after it divides, else it starts a regex. */
  let operandEnd = false;
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '\n' || c === ';' || c === '}' || c === '{') {
      if (printAt === depth) printAt = undefined;
      operandEnd = false;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && s.charAt(i + 1) === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s.charAt(i) !== '\n') i++;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(s, i);
      if (end < 0) return 'could not be read';
      const text = s.slice(i + 1, end);
      if (/^\/inet/.test(text)) return 'uses the network (/inet)';
      i = end + 1;
      operandEnd = true;
      continue;
    }
    if (c === '/' && !operandEnd) {
      const end = regexEnd(s, i);
      if (end < 0) return 'could not be read';
      i = end + 1;
      operandEnd = true;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < s.length && /[A-Za-z0-9_]/.test(s.charAt(j))) j++;
      const word = s.slice(i, j);
      i = j;
      if (word === 'system') return 'runs commands (system)';
      if (word === 'print' || word === 'printf') {
        printAt = depth;
        operandEnd = false;
      } else if (word === 'getline') {
        const risk = getlineRisk(s, i);
        if (risk) return risk;
        operandEnd = true;
      } else operandEnd = !KEYWORDS.has(word);
      continue;
    }
    if (/[0-9.]/.test(c)) {
      while (i < s.length && /[0-9.eExXa-fA-F]/.test(s.charAt(i))) i++;
      operandEnd = true;
      continue;
    }
    if (c === '@') return 'runs code indirectly (gawk @)';
    if (c === '|') {
      if (s.charAt(i + 1) === '|') {
        i += 2;
        operandEnd = false;
        continue;
      }
      return 'runs commands (a pipe)';
    }
    if (c === '>' && printAt === depth) {
      const target = s.slice(i).replace(/^>>?\s*/, '');
      if (/^"\/dev\/(stdout|stderr)"/.test(target)) {
        i += s.slice(i).length - target.length;
        continue;
      }
      return 'writes files (a print redirection)';
    }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (--depth < 0) return 'could not be read';
      operandEnd = true;
      i++;
      continue;
    } else if ((c === '+' || c === '-') && s.charAt(i + 1) === c) {
      // `x++ / 2` divides: ++ and -- leave the operand as it was.
      i += 2;
      continue;
    }
    operandEnd = false;
    i++;
  }
  return depth === 0 ? undefined : 'could not be read';
}

/** Words after which a `/` starts a regular expression. */
const KEYWORDS = new Set(['print', 'printf', 'return', 'case', 'in', 'do', 'else', 'if', 'while', 'for']);

/** Index of the closing quote of the string starting at `start`, or -1. */
function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') i++;
    else if (c === '"') return i;
    else if (c === '\n') return -1;
  }
  return -1;
}

/**
 * Index of the `/` closing the regular expression starting at `start`, or -1. The earliest end any awk
 * could see is taken; a `[` left open there (`/[/]/`, read differently by different awks) is refused.
 */
function regexEnd(s: string, start: number): number {
  let open = false;
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') i++;
    else if (c === '[') open = true;
    else if (c === ']') open = false;
    else if (c === '\n') return -1;
    else if (c === '/') return open ? -1 : i;
  }
  return -1;
}

/** `getline [var] < "file"` reads a named file; a file only known at run time may be a network one. */
function getlineRisk(s: string, from: number): string | undefined {
  const rest = s.slice(from);
  const m = /^\s*(\$?[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?)?\s*</.exec(rest);
  if (!m) return undefined;
  const after = rest.slice(m[0].length).trimStart();
  if (after.startsWith('"') && !after.startsWith('"/inet')) return undefined;
  return 'reads with getline from a file only known at run time (it could be a network connection)';
}
