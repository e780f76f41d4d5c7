// Monaco's diff editor for one proposed file change: the original is read-only, the proposed side is
// editable unless the file is being deleted. Uncontrolled: `modified` seeds the editor once (remount
// with a new key to reset), and every edit is reported through onEdit.
import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor';
import { MONACO_THEME } from './setup';

interface Props {
  path: string;
  original: string;
  modified: string;
  readOnly: boolean;
  onEdit(text: string): void;
  /** 1-based line of the proposed side to scroll to (a hunk picked in the list). */
  revealLine?: { line: number; seq: number };
}

/** Gives every mount its own model URIs, so a remount never picks up models being disposed. */
let mounts = 0;

export default function DiffView({ path, original, modified, readOnly, onEdit, revealLine }: Props) {
  const [mountId] = useState(() => ++mounts);
  const editorRef = useRef<editor.IStandaloneDiffEditor | null>(null);
  const onEditRef = useRef(onEdit);
  useEffect(() => {
    onEditRef.current = onEdit;
  }, [onEdit]);

  const onMount: DiffOnMount = (diff) => {
    editorRef.current = diff;
    const side = diff.getModifiedEditor();
    side.onDidChangeModelContent(() => onEditRef.current(side.getValue()));
  };

  // The wrapper disposes the editor; the models are kept by it (disposing them first makes Monaco throw)
  // and disposed here once the editor is gone.
  useEffect(
    () => () => {
      const models = editorRef.current?.getModel();
      setTimeout(() => {
        models?.original.dispose();
        models?.modified.dispose();
      }, 0);
    },
    [],
  );

  useEffect(() => {
    if (!revealLine) return;
    editorRef.current?.getModifiedEditor().revealLineInCenter(Math.max(1, revealLine.line));
  }, [revealLine]);

  return (
    <DiffEditor
      height="100%"
      theme={MONACO_THEME}
      original={original}
      modified={modified}
      originalModelPath={`review/${mountId}/original/${path}`}
      modifiedModelPath={`review/${mountId}/proposed/${path}`}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      loading={<div className="editor-loading">Loading diff…</div>}
      onMount={onMount}
      options={{
        readOnly,
        originalEditable: false,
        renderSideBySide: true,
        // Side by side down to a narrow center; below that Monaco's inline view reads better.
        renderSideBySideInlineBreakpoint: 560,
        minimap: { enabled: false },
        fontSize: 13,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderOverviewRuler: false,
      }}
    />
  );
}
