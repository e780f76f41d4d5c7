// A read-only Monaco editor for one file (loaded lazily with Monaco itself).
import Editor from '@monaco-editor/react';
import { MONACO_THEME } from './setup';

interface Props {
  path: string;
  content: string;
}

export default function CodeViewer({ path, content }: Props) {
  return (
    <Editor
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
