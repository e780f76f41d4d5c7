// A read-only Monaco editor for one file (loaded lazily with Monaco itself).
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { MONACO_THEME } from './setup';

interface Props {
  path: string;
  content: string;
  /** Shown in the middle and selected (1-based), e.g. a search match. */
  line?: number;
}

type ViewerEditor = Parameters<OnMount>[0];

export default function CodeViewer({ path, content, line }: Props) {
  const editor = useRef<ViewerEditor | null>(null);
  const reveal = (ed: ViewerEditor, at: number | undefined) => {
    if (at === undefined) return;
    ed.revealLineInCenter(at);
    ed.setSelection({
      startLineNumber: at,
      startColumn: 1,
      endLineNumber: at,
      endColumn: Number.MAX_SAFE_INTEGER,
    });
  };
  useEffect(() => {
    if (editor.current) reveal(editor.current, line);
  }, [line, path]);
  return (
    <Editor
      onMount={(ed) => {
        editor.current = ed;
        reveal(ed, line);
      }}
      height="100%"
      theme={MONACO_THEME}
      path={`view/${path}`}
      value={content}
      loading={<div className="editor-loading">Loading editor…</div>}
      options={{
        readOnly: true,
        domReadOnly: true,
        minimap: { enabled: false },
        fontSize: 13,
        scrollBeyondLastLine: false,
        renderWhitespace: 'selection',
        automaticLayout: true,
      }}
    />
  );
}
