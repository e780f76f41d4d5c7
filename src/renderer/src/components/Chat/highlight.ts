// Syntax colouring for the chat's code blocks: highlight.js grammars through lowlight, which returns a
// tree (rendered as React elements, never as HTML). Loaded on the first code block, so the first paint
// does not carry it. A handful of languages keeps the chunk small; others show uncoloured.
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';

const lowlight = createLowlight({
  bash,
  c,
  cpp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  markdown,
  python,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
});

/** Coloured `code` in `lang` (a name or alias: js, ts, sh, py, html...), or null for an unknown language. */
export function highlightCode(code: string, lang: string): ReactNode | null {
  // No guessing the language: auto-detection runs every grammar and is often wrong.
  if (!lang || !lowlight.registered(lang)) return null;
  return toJsxRuntime(lowlight.highlight(lang, code), { Fragment, jsx, jsxs });
}
