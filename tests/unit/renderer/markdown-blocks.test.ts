import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { splitMarkdownBlocks } from '../../../src/renderer/src/lib/markdown-blocks';

/** What react-markdown makes of `text`, whitespace between tags aside. */
function html(text: string): string {
  return renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkGfm] }, text)).replace(
    />\s+</g,
    '><',
  );
}

const DOCS: Record<string, string> = {
  paragraphs: 'One paragraph\nstill the first.\n\nThe second.\n\n\nThe third.',
  headings: '# Title\nText under it.\n\n## Part\n\nMore.',
  fences:
    'Before\n```js\nconst a = 1;\n\nconst b = 2;\n```\nAfter the code.\n\n~~~\n```not a close\n~~~\nend',
  unclosed: 'Text\n\n```ts\nlet x = 1;\n\nlet y',
  looseList: '- one\n\n- two\n\n  continued\n\n      indented code in the item\n- three\n\nAfter.',
  orderedList: '1. first\n\n2. second\n\n10. tenth\n\nEnd.',
  fenceInList: '1. Install:\n```bash\nnpm i\n```\n2. Run it.',
  indentedCode: 'Para\n\n    code line\n\n    more code\n\nAfter.',
  table: '| a | b |\n| - | - |\n| 1 | 2 |\n\nText `code`.',
  quote: '> quoted\n> more\n\n> another\n\nplain',
  inlineBackticks: 'Use ```inline``` here\n\nnext',
};

const HOSTILE = '<script>window.__pwned=1</script>\n\n<img src=x onerror="x()">\n\n<iframe src="x"></iframe>';

describe('splitMarkdownBlocks', () => {
  it.each(Object.entries(DOCS))('%s: the blocks join back to the text', (_name, text) => {
    expect(splitMarkdownBlocks(text).join('\n')).toBe(text);
  });

  it.each(Object.entries(DOCS))('%s: rendering block by block gives the same HTML', (_name, text) => {
    const blocks = splitMarkdownBlocks(text);
    expect(blocks.map(html).join('')).toBe(html(text));
  });

  it('leaves raw HTML as text, whole or split', () => {
    for (const rendered of [html(HOSTILE), splitMarkdownBlocks(HOSTILE).map(html).join('')]) {
      expect(rendered).not.toMatch(/<(script|img|iframe)/);
      expect(rendered).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    }
  });

  it('splits at blank lines and around fences', () => {
    expect(splitMarkdownBlocks('a\nb\n\nc\n```js\nx\n\ny\n```\nd')).toEqual([
      'a\nb\n',
      'c',
      '```js\nx\n\ny\n```',
      'd',
    ]);
  });

  it('keeps a list whole across blank lines, and an open fence to the end', () => {
    expect(splitMarkdownBlocks('- a\n\n- b\n\n  more\n\nafter')).toEqual(['- a\n\n- b\n\n  more\n', 'after']);
    expect(splitMarkdownBlocks('intro\n```py\nx = 1\n\ny')).toEqual(['intro', '```py\nx = 1\n\ny']);
  });

  it('does not split text with reference definitions (any block may use them)', () => {
    const text = 'See [the docs][d].\n\nMore.\n\n[d]: https://example.com';
    expect(splitMarkdownBlocks(text)).toEqual([text]);
  });
});
