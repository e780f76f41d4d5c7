import { describe, expect, it } from 'vitest';
import { rootGitignore, toRustRegex } from '../../../src/main/workspace/rg-pattern.js';

describe('toRustRegex', () => {
  it.each([
    ['foo', 'foo'],
    ['\\bfoo\\b', '(?-u:\\b)foo(?-u:\\b)'],
    ['\\d+', '[0-9]+'],
    ['[\\w-]', '[0-9A-Za-z_-]'],
    ['a.b', 'a[^\\n\\r\\x{2028}\\x{2029}]b'],
    ['x{', 'x\\{'],
    ['a{2,3}', 'a{2,3}'],
    ['\\/', '/'],
    ['\\u00e9', '\\x{00e9}'],
    ['[a[]', '[a\\[]'],
    ['(?:a)', '(?:a)'],
  ])('%s -> %s', (js, rust) => {
    expect(toRustRegex(js)).toBe(rust);
  });

  it.each(['(a)\\1', 'a(?=b)', '(?<n>a)', '[^]', '[]', '\\cA', '[\\W]', '\\k<n>'])(
    'leaves %s to the Node engine',
    (js) => {
      expect(toRustRegex(js)).toBeNull();
    },
  );
});

describe('rootGitignore', () => {
  it('roots a nested .gitignore at the workspace root', () => {
    expect(rootGitignore('a/b', '# c\n*.log\n/x\ny/z\nd/\n!keep.log\n')).toBe(
      '# c\n/a/b/**/*.log\n/a/b/x\n/a/b/y/z\n/a/b/**/d/\n!/a/b/**/keep.log\n',
    );
    expect(rootGitignore('', '*.log\n')).toBe('*.log\n');
  });
});
