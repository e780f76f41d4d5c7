// What a tool made for the window, made small enough for an event: a diff as capped unified-diff hunks
// (never the whole before/after texts), a command as how it ended (its line and output are on the event
// already, as the call's args and the result's output).
import { structuredPatch } from 'diff';
import type { ToolResultDisplay } from '../../shared/agent-events.js';
import type { ToolDisplay } from '../tools/types.js';

/** Most characters of a display's text (a diff's hunks, a patch, a note) on one event. */
export const DISPLAY_TEXT_MAX = 8_000;
/**
 * Past this edit distance (lines) the diff is given up: it runs in the main process, its cost grows with
 * the distance, and a change that large is read in the review, not in a chat card. A distance, not a
 * time limit, so the same change always shows the same card, however busy the machine.
 */
const DIFF_EDIT_MAX = 2_000;
/** Context lines around each change. */
const DIFF_CONTEXT = 3;

export function toResultDisplay(display: ToolDisplay): ToolResultDisplay {
  switch (display.kind) {
    case 'text': {
      const text = capText(display.text, DISPLAY_TEXT_MAX);
      return { kind: 'text', text, ...(text.length < display.text.length ? { capped: true } : {}) };
    }
    case 'command':
      return { kind: 'command', exitCode: display.exitCode, timedOut: display.timedOut };
    case 'diff':
      return diffDisplay(display.path, display.before, display.after);
  }
}

function diffDisplay(path: string, before: string, after: string): ToolResultDisplay {
  const patch = structuredPatch(path, path, before, after, undefined, undefined, {
    context: DIFF_CONTEXT,
    maxEditLength: DIFF_EDIT_MAX,
  });
  if (!patch) return { kind: 'diff', path, patch: '', added: 0, removed: 0, capped: true };
  let added = 0;
  let removed = 0;
  const lines: string[] = [];
  let size = 0;
  let capped = false;
  const keep = (line: string) => {
    if (capped || size + line.length + 1 > DISPLAY_TEXT_MAX) {
      capped = true;
      return;
    }
    lines.push(line);
    size += line.length + 1;
  };
  for (const hunk of patch.hunks) {
    keep(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
      // A CRLF file's lines keep their \r; the card shows text, not line endings.
      keep(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  }
  return { kind: 'diff', path, patch: lines.join('\n'), added, removed, ...(capped ? { capped: true } : {}) };
}

/** The head of `text` within `max` characters, never splitting a surrogate pair. */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
