import { describe, expect, it } from 'vitest';
import {
  applyReplacements,
  detectEol,
  findReplacements,
  nearestRegion,
  normalizeUnicode,
  reindent,
} from '../../../src/main/tools/edit-match.js';

function edit(content: string, oldText: string, newText: string) {
  const match = findReplacements(content, oldText, newText);
  if (!match.found) return { strategy: null, result: null, tried: match.tried };
  return { strategy: match.strategy, result: applyReplacements(content, match.replacements).content };
}

describe('matcher cascade', () => {
  it('1: exact', () => {
    expect(edit('a\nb\nc\n', 'b', 'B')).toEqual({ strategy: 'exact', result: 'a\nB\nc\n' });
  });

  it('2: ignores trailing whitespace, line by line', () => {
    const file = 'function f() {   \n  return 1;\t\n}\n';
    const out = edit(file, 'function f() {\n  return 1;\n}', 'function f() {\n  return 2;\n}');
    expect(out).toEqual({ strategy: 'trailing_whitespace', result: 'function f() {\n  return 2;\n}\n' });
  });

  it('3: ignores indentation and re-indents new_text deeper', () => {
    const file = 'class A {\n    run() {\n        go();\n    }\n}\n';
    const out = edit(file, 'run() {\n    go();\n}', 'run() {\n    stop();\n    go();\n}');
    expect(out).toEqual({
      strategy: 'indentation',
      result: 'class A {\n    run() {\n        stop();\n        go();\n    }\n}\n',
    });
  });

  it('3: re-indents new_text shallower and across tabs/spaces', () => {
    const shallow = edit(
      'if (x) {\n  y();\n}\n',
      '    if (x) {\n      y();\n    }',
      '    if (x) {\n      z();\n    }',
    );
    expect(shallow.result).toBe('if (x) {\n  z();\n}\n');
    expect(reindent('a\n b', ['  a'], ['\ta'])).toBe('a\n b'); // no common prefix: lines not starting with it stay
    expect(reindent('  a\n    b', ['  a'], ['\ta'])).toBe('\ta\n\t  b');
  });

  it('4: unicode-normalised (smart quotes, dashes, nbsp), also inside a line', () => {
    const file = 'const s = \u201Chello\u201D; // it\u2019s \u2014 fine\u00A0ok\n';
    const out = edit(file, `"hello"; // it's - fine ok`, `"bye"; // ok`);
    expect(out).toEqual({ strategy: 'unicode', result: 'const s = "bye"; // ok\n' });
    expect(normalizeUnicode('\u2018x\u2019 \u2013 \uFF21\u2026')).toBe("'x' - A...");
  });

  it('reports the strategies tried when nothing matches', () => {
    expect(edit('a\n', 'zzz', 'y')).toEqual({
      strategy: null,
      result: null,
      tried: ['exact', 'trailing_whitespace', 'indentation', 'unicode'],
    });
  });

  it('keeps CRLF: old/new given with LF match and are written with CRLF', () => {
    const file = 'one\r\ntwo\r\nthree\r\n';
    expect(detectEol(file)).toBe('\r\n');
    expect(edit(file, 'one\ntwo\n', 'uno\ndos\n')).toEqual({
      strategy: 'exact',
      result: 'uno\r\ndos\r\nthree\r\n',
    });
    // line-based strategy on a CRLF file keeps the CR of the last matched line
    expect(edit(file, '  two  ', '2').result).toBe('one\r\n2\r\nthree\r\n');
  });

  it('finds all non-overlapping matches and reports the new line spans', () => {
    const match = findReplacements('x\ny\nx\ny\n', 'x\ny', 'z');
    expect(match.found && match.replacements.length).toBe(2);
    if (!match.found) return;
    const applied = applyReplacements('x\ny\nx\ny\n', match.replacements);
    expect(applied.content).toBe('z\nz\n');
    expect(applied.spans).toEqual([
      { startLine: 1, endLine: 1 },
      { startLine: 2, endLine: 2 },
    ]);
  });

  it('never matches old_text made only of blank lines by line strategies', () => {
    expect(findReplacements('a\n\nb\n', ' \n ', 'x').found).toBe(false);
  });
});

describe('nearestRegion', () => {
  it('finds the most similar window of lines', () => {
    const lines = ['import x;', '', 'function add(a, b) {', '  return a + b;', '}', '', 'function sub() {}'];
    const region = nearestRegion(lines, 'function add(a, c) {\n  return a + c;\n}');
    expect(region?.startLine).toBe(3);
    expect(region?.endLine).toBe(5);
    expect(region?.score).toBeGreaterThan(0.5);
  });
});
