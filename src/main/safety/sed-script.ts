// Reads a sed script far enough to know whether it only prints and edits the stream, or also writes
// files (w, W, s///w) or runs commands (e, s///e). Anything it cannot follow counts as risky.

/** What the script does beyond the stream ("writes files", "runs commands"), or undefined. */
export function sedScriptRisk(script: string): string | undefined {
  let i = 0;
  const s = script;
  const skipBlank = (): void => {
    while (i < s.length && /[\s;]/.test(s.charAt(i))) i++;
  };
  const readDelimited = (delim: string): boolean => {
    while (i < s.length && s.charAt(i) !== delim) {
      if (s.charAt(i) === '\\') i++;
      if (s.charAt(i) === '\n' && delim !== '\n') return false;
      i++;
    }
    if (i >= s.length) return false;
    i++;
    return true;
  };
  const toLineEnd = (): void => {
    while (i < s.length && s.charAt(i) !== '\n') i++;
  };
  const readAddress = (): boolean => {
    const c = s.charAt(i);
    if (/[0-9$]/.test(c)) {
      while (/[0-9$~+]/.test(s.charAt(i))) i++;
      return true;
    }
    if (c === '/' || c === '\\') {
      const delim = c === '\\' ? s.charAt(++i) : '/';
      i++;
      if (!readDelimited(delim)) return false;
      while (/[IM]/.test(s.charAt(i))) i++;
    }
    return true;
  };
  for (let guard = 0; guard < 10_000; guard++) {
    skipBlank();
    if (i >= s.length) return undefined;
    if (!readAddress()) return 'could not be read';
    if (s.charAt(i) === ',') {
      i++;
      if (/[+~]/.test(s.charAt(i))) i++;
      if (!readAddress()) return 'could not be read';
    }
    while (/[\s!]/.test(s.charAt(i))) i++;
    const cmd = s.charAt(i++);
    switch (cmd) {
      case '{':
      case '}':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        break;
      case 'q':
      case 'Q':
      case 'l':
      case 'L':
        while (/[\s0-9]/.test(s.charAt(i)) && s.charAt(i) !== '\n') i++;
        break;
      case '#':
      case ':':
      case 'a':
      case 'i':
      case 'c':
      case 'r':
      case 'R':
      case 'v':
        // Text, labels and files read: to the end of the line (a, i, c continue over `\` newlines).
        while (i < s.length && s.charAt(i) !== '\n') i += s.charAt(i) === '\\' ? 2 : 1;
        break;
      case 'b':
      case 't':
      case 'T':
        while (i < s.length && !/[;\n}]/.test(s.charAt(i))) i++;
        break;
      case 'y': {
        const delim = s.charAt(i++);
        if (!readDelimited(delim) || !readDelimited(delim)) return 'could not be read';
        break;
      }
      case 's': {
        const delim = s.charAt(i++);
        if (delim === '' || delim === '\n' || delim === '\\') return 'could not be read';
        if (!readDelimited(delim) || !readDelimited(delim)) return 'could not be read';
        while (/[gpiImM0-9ew]/.test(s.charAt(i))) {
          const flag = s.charAt(i++);
          if (flag === 'e') return 'runs commands (the e flag)';
          if (flag === 'w') return 'writes files (the w flag)';
        }
        break;
      }
      case 'e':
        return 'runs commands (the e command)';
      case 'w':
      case 'W':
        toLineEnd();
        return 'writes files (the w command)';
      default:
        return 'could not be read';
    }
  }
  return 'could not be read';
}
