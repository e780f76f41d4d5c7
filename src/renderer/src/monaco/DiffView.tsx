// Monaco's diff editor for one proposed file change. The original is read-only; the proposed side shows
// `modified` (what Apply writes) and stays read-only until `editing`, when what is typed comes back
// through onEdit. Read-only sides are out of the Tab order and let Tab move focus, so Tab never types
// into a proposal. Each hunk gets a view zone above it, into which renderMark's actions are portalled.
import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { editor } from 'monaco-editor';
import type { HunkMark } from '../review/hunk-marks';
import { changedLines } from '../review/text-span';
import { MONACO_THEME } from './setup';

type Monaco = Parameters<DiffOnMount>[1];

/** Scroll the diff to a hunk; then focus its actions, or put the cursor there (while editing). */
export interface RevealRequest {
  id: string;
  seq: number;
  focus: 'actions' | 'text' | 'none';
}

interface Props {
  path: string;
  original: string;
  /** The proposed side's text; a change that did not come from typing is applied to the editor. */
  modified: string;
  editing: boolean;
  /** Shown when someone types into a read-only side. */
  readOnlyMessage: string;
  onEdit(text: string): void;
  /** Esc while editing (when no Monaco widget or selection wants it). */
  onStopEditing(): void;
  marks: readonly HunkMark[];
  currentId?: string;
  renderMark(mark: HunkMark): ReactNode;
  reveal?: RevealRequest;
}

/** Height of the actions row above each hunk, in px. */
const ZONE_HEIGHT = 30;
const EDITING_KEY = 'localCoderReviewEditing';
/** Esc is Monaco's first wherever one of these is up. */
const ESC_FREE =
  '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && ' +
  '!editorHasSelection && !editorHasMultipleSelections && !inSnippetMode && !inlineSuggestionVisible';

interface Zone {
  zoneId: string;
  zone: editor.IViewZone;
  node: HTMLDivElement;
}

/** Gives every mount its own model URIs, so a remount never picks up models being disposed. */
let mounts = 0;

export default function DiffView(props: Props) {
  const { path, original, modified, editing, readOnlyMessage, marks, currentId, reveal } = props;
  const [mountId] = useState(() => ++mounts);
  // The wrapper only seeds the models; later changes to `modified` are applied here, line by line.
  const [seed] = useState(() => ({ original, modified }));
  const [ready, setReady] = useState<{ diff: editor.IStandaloneDiffEditor; monaco: Monaco } | null>(null);
  const text = useRef(modified);
  const syncing = useRef(false);
  const zones = useRef(new Map<string, Zone>());
  const [zoneNodes, setZoneNodes] = useState<ReadonlyMap<string, HTMLElement>>(new Map());
  const decorations = useRef<editor.IEditorDecorationsCollection | null>(null);
  const editingKey = useRef<{ set(value: boolean): void } | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  const onMount: DiffOnMount = (diff, monaco) => {
    const side = diff.getModifiedEditor();
    side.onDidChangeModelContent(() => {
      text.current = side.getValue();
      if (!syncing.current) latest.current.onEdit(text.current);
    });
    editingKey.current = side.createContextKey<boolean>(EDITING_KEY, false);
    side.addAction({
      id: `local-coder.review.stop-editing.${mountId}`,
      label: 'Finish editing the proposal',
      keybindings: [monaco.KeyCode.Escape],
      precondition: `${EDITING_KEY} && ${ESC_FREE}`,
      run: () => latest.current.onStopEditing(),
    });
    decorations.current = side.createDecorationsCollection();
    setReady({ diff, monaco });
  };

  // The wrapper disposes the editor; the models are kept by it (disposing them first makes Monaco throw)
  // and disposed here once the editor is gone.
  useEffect(
    () => () => {
      const models = ready?.diff.getModel();
      setTimeout(() => {
        models?.original.dispose();
        models?.modified.dispose();
      }, 0);
    },
    [ready],
  );

  // A hunk accepted or rejected, or the edits reverted: only the lines that differ are replaced, as one
  // undo step, and not reported back as typing.
  useLayoutEffect(() => {
    const model = ready?.diff.getModifiedEditor().getModel();
    if (!ready || !model || modified === text.current) return;
    const span = changedLines(model.getValue(), modified);
    text.current = modified;
    if (!span) return;
    const range = ready.monaco.Range.fromPositions(
      model.getPositionAt(span.start),
      model.getPositionAt(span.fromEnd),
    );
    syncing.current = true;
    try {
      model.pushStackElement();
      model.pushEditOperations([], [{ range, text: modified.slice(span.start, span.toEnd) }], () => null);
      model.pushStackElement();
    } finally {
      syncing.current = false;
    }
  }, [modified, ready]);

  // One zone per hunk, kept while the hunk lives so a focused button in it stays focused.
  useLayoutEffect(() => {
    if (!ready) return;
    const map = zones.current;
    const wanted = new Set(marks.map((m) => m.id));
    let changed = false;
    ready.diff.getModifiedEditor().changeViewZones((zoneChanges) => {
      for (const [id, z] of map) {
        if (wanted.has(id)) continue;
        zoneChanges.removeZone(z.zoneId);
        map.delete(id);
        changed = true;
      }
      for (const mark of marks) {
        const afterLineNumber = mark.line - 1;
        const z = map.get(mark.id);
        if (z) {
          z.zone.afterLineNumber = afterLineNumber;
          zoneChanges.layoutZone(z.zoneId);
          continue;
        }
        const node = document.createElement('div');
        node.className = 'hunk-zone';
        // Ordinal 0: above the diff's own zones on that line (the deleted lines, in the inline view).
        const zone = { afterLineNumber, heightInPx: ZONE_HEIGHT, domNode: node, ordinal: 0 };
        map.set(mark.id, { zoneId: zoneChanges.addZone(zone), zone, node });
        changed = true;
      }
    });
    if (changed) setZoneNodes(new Map([...map].map(([id, z]) => [id, z.node])));
  }, [marks, ready]);

  // A bar in the gutter: solid for the current hunk, dotted for a rejected one (its original lines).
  useEffect(() => {
    if (!ready) return;
    const { Range } = ready.monaco;
    const out: editor.IModelDeltaDecoration[] = [];
    for (const m of marks) {
      const bar =
        m.id === currentId ? 'hunk-current-gutter' : m.state === 'rejected' ? 'hunk-rejected-gutter' : null;
      if (m.lines === 0 || !bar) continue;
      out.push({
        range: new Range(m.line, 1, m.line + m.lines - 1, 1),
        options: { isWholeLine: true, linesDecorationsClassName: bar },
      });
    }
    decorations.current?.set(out);
  }, [marks, currentId, ready]);

  useEffect(() => {
    if (!ready) return;
    ready.diff.getOriginalEditor().updateOptions({ tabIndex: -1, tabFocusMode: true });
    const side = ready.diff.getModifiedEditor();
    side.updateOptions({ tabIndex: editing ? 0 : -1, tabFocusMode: !editing });
    editingKey.current?.set(editing);
    if (editing) side.focus();
  }, [editing, ready]);

  useEffect(() => {
    if (!ready || !reveal) return;
    const side = ready.diff.getModifiedEditor();
    const mark = latest.current.marks.find((m) => m.id === reveal.id);
    const lineCount = side.getModel()?.getLineCount() ?? 1;
    if (!mark) return;
    const line = Math.min(Math.max(1, mark.line), lineCount);
    // The zone sits just above the hunk's first line; keep it and a line below it in view.
    const top = side.getTopForLineNumber(line) - ZONE_HEIGHT;
    const scrollTop = side.getScrollTop();
    const height = side.getLayoutInfo().height;
    if (top < scrollTop || top + 2 * ZONE_HEIGHT > scrollTop + height) {
      side.setScrollTop(Math.max(0, top - height / 3), ready.monaco.editor.ScrollType.Immediate);
    }
    if (reveal.focus === 'text') {
      side.setPosition({ lineNumber: line, column: 1 });
      side.focus();
      return;
    }
    if (reveal.focus === 'none') return;
    side.render();
    let frame = 0;
    let tries = 0;
    const focus = () => {
      const button = zones.current.get(mark.id)?.node.querySelector<HTMLElement>('button');
      // A zone outside the drawn part of the editor is not displayed until the next frame.
      if (button && button.offsetParent !== null) button.focus({ preventScroll: true });
      else if (++tries < 5) frame = requestAnimationFrame(focus);
    };
    focus();
    return () => cancelAnimationFrame(frame);
  }, [reveal, ready]);

  const options = useMemo<editor.IDiffEditorConstructionOptions>(
    () => ({
      readOnly: !editing,
      readOnlyMessage: { value: readOnlyMessage },
      originalEditable: false,
      renderSideBySide: true,
      // Side by side down to a narrow center; below that Monaco's inline view reads better.
      renderSideBySideInlineBreakpoint: 560,
      // Hunks are decided in their zones only, so there is one way to revert a hunk.
      renderMarginRevertIcon: false,
      renderGutterMenu: false,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      renderOverviewRuler: false,
    }),
    [editing, readOnlyMessage],
  );

  return (
    <>
      <DiffEditor
        height="100%"
        theme={MONACO_THEME}
        original={seed.original}
        modified={seed.modified}
        originalModelPath={`review/${mountId}/original/${path}`}
        modifiedModelPath={`review/${mountId}/proposed/${path}`}
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        loading={<div className="editor-loading">Loading diff…</div>}
        onMount={onMount}
        options={options}
      />
      {marks.map((mark) => {
        const node = zoneNodes.get(mark.id);
        return node ? createPortal(props.renderMark(mark), node, mark.id) : null;
      })}
    </>
  );
}
