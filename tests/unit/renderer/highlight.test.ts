import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { highlightCode } from '../../../src/renderer/src/components/Chat/highlight';

const render = (code: string, lang: string) => {
  const node = highlightCode(code, lang);
  return node === null ? null : renderToStaticMarkup(createElement(Fragment, null, node));
};

describe('highlightCode', () => {
  it('colours known languages by name or alias, as elements with the text escaped', () => {
    expect(render('const a = "<b>";', 'js')).toBe(
      '<span class="hljs-keyword">const</span> a = <span class="hljs-string">&quot;&lt;b&gt;&quot;</span>;',
    );
    expect(render('let x: number = 1', 'ts')).toContain('<span class="hljs-keyword">let</span>');
    expect(render('echo hi', 'sh')).not.toBeNull();
    expect(render('<a href="x">', 'html')).toContain('hljs-tag');
  });

  it('leaves unknown or missing languages to the caller (plain text)', () => {
    expect(render('x', 'brainfuck')).toBeNull();
    expect(render('x', '')).toBeNull();
  });
});
