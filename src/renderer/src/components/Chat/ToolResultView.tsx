// What a tool made for the window, shown on its card: a figure in the head (an edit's +/- lines, a
// command's exit), and in the open card the edit's diff or how the command ended.
import type { ToolResultDisplay } from '../../../../shared/agent-events';
import { formatDuration } from '../../lib/format';

type CommandDisplay = Extract<ToolResultDisplay, { kind: 'command' }>;

function exitLabel(d: CommandDisplay): string {
  if (d.timedOut) return 'timed out';
  return d.exitCode === null ? 'no exit code' : `exit ${d.exitCode}`;
}

/** How the command ended and how long it took, as a sentence. */
function commandEnd(d: CommandDisplay, durationMs: number | undefined): string {
  const took = durationMs === undefined ? '' : formatDuration(durationMs);
  if (d.timedOut) return took ? `Timed out after ${took}` : 'Timed out';
  const end = d.exitCode === null ? 'Ended without an exit code' : `Exit code ${d.exitCode}`;
  return took ? `${end} · ${took}` : end;
}

/** The head's short figure; nothing for a plain text display. */
export function ToolResultBadge({ display }: { display: ToolResultDisplay }) {
  if (display.kind === 'diff') {
    if (display.patch === '' && display.capped) return null;
    return (
      <span className="diff-counts" data-testid="diff-counts">
        <span className="add">+{display.added}</span> <span className="del">−{display.removed}</span>
      </span>
    );
  }
  if (display.kind === 'command') {
    const bad = display.timedOut || display.exitCode !== 0;
    return (
      <span className={`badge ${bad ? 'bad' : 'ok'}`} data-testid="command-exit">
        {exitLabel(display)}
      </span>
    );
  }
  return null;
}

/** Unified-diff lines coloured by their sign; hunk headers dimmed. */
function DiffLines({ patch }: { patch: string }) {
  return (
    <pre className="inline-diff" data-testid="tool-diff">
      {patch.split('\n').map((line, i) => {
        const sign = line[0];
        const cls = sign === '+' ? 'add' : sign === '-' ? 'del' : sign === '@' ? 'hunk-line' : 'same';
        return (
          <span key={i} className={cls}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}

function CappedNote({ what }: { what: string }) {
  return (
    <div className="muted small" data-testid="display-capped">
      {what}
    </div>
  );
}

/** The open card's section for the display. */
export function ToolResultBody({
  display,
  durationMs,
}: {
  display: ToolResultDisplay;
  durationMs: number | undefined;
}) {
  switch (display.kind) {
    case 'diff':
      return (
        <>
          <div className="tool-section-title">Changes to {display.path}</div>
          {display.patch !== '' && <DiffLines patch={display.patch} />}
          {display.patch === '' && !display.capped && <CappedNote what="No line changes." />}
          {display.capped && (
            <CappedNote
              what={
                display.patch === ''
                  ? 'The change is too large to show here; see the file or the review.'
                  : 'Shortened: the rest of the diff is not shown here.'
              }
            />
          )}
        </>
      );
    case 'command':
      return (
        <>
          <div className="tool-section-title">Command</div>
          <div className="command-end" data-testid="command-end">
            {commandEnd(display, durationMs)}
          </div>
        </>
      );
    case 'text':
      return (
        <>
          <div className="tool-section-title">Details</div>
          <pre data-testid="tool-display-text">{display.text}</pre>
          {display.capped && <CappedNote what="Shortened: the rest is not shown here." />}
        </>
      );
  }
}
