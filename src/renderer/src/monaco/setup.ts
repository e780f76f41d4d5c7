// Monaco from the bundle, never a CDN: @monaco-editor/react is pointed at the imported module, and
// workers are built by Vite. The editor worker (diff computation) and the JSON, CSS and HTML workers
// ship; the TypeScript language service is left out by the build (electron.vite.config.ts), so
// TypeScript gets syntax colouring only.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import CssWorker from 'monaco-editor/language/css/css.worker?worker';
import HtmlWorker from 'monaco-editor/language/html/html.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    switch (label) {
      case 'json':
        return new JsonWorker();
      case 'css':
      case 'scss':
      case 'less':
        return new CssWorker();
      case 'html':
      case 'handlebars':
      case 'razor':
        return new HtmlWorker();
      default:
        return new EditorWorker();
    }
  },
};

monaco.editor.defineTheme('local-coder-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#15181d',
    'editorGutter.background': '#15181d',
    'diffEditor.insertedTextBackground': '#2ea04326',
    'diffEditor.removedTextBackground': '#f8514926',
  },
});

loader.config({ monaco });

export const MONACO_THEME = 'local-coder-dark';
