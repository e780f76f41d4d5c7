// edit_file: search/replace in a file the agent has read, through the matcher cascade; a failed match
// says why and shows the nearest region, so the model can correct itself instead of rewriting the file.
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS } from './types.js';
import type { ChangeContext, ReadContext } from './types.js';
import { STRATEGY_LABELS, applyReplacements, findReplacements, lineOf, nearestRegion } from './edit-match.js';
import type { MatchStrategy, Replacement } from './edit-match.js';
import { MAX_TEXT_BYTES, numberLines, splitLines } from '../workspace/text-file.js';
import { withBom } from '../workspace/utf8.js';
import { applyChange, oneFileRefusal } from './change-pipeline.js';
import { decodeStrict, readFileBytes } from './read-path.js';

const params = z.object({
  path: z.string().max(MAX_PATH_CHARS),
  old_text: z.string().describe('Exact current text, enough to be unique'),
  new_text: z.string(),
  replace_all: z.boolean().optional(),
});

/** Lines of context shown around each change, and most changes shown. */
const CONTEXT_LINES = 3;
const MAX_SHOWN_CHANGES = 3;
const MAX_REGION_LINES = 40;

export const editFileTool = defineTool({
  name: 'edit_file',
  description: 'Replace old_text with new_text in a file you have read.',
  params,
  mutates: true,
  kind: 'edit',
  async execute(args, ctx: ChangeContext) {
    if (args.old_text === '') {
      return {
        ok: false,
        output: 'old_text is empty. To create a file or replace all of it, use write_file.',
      };
    }
    if (args.old_text === args.new_text) {
      return { ok: false, output: 'old_text and new_text are the same; there is nothing to change.' };
    }
    const resolved = await ctx.ws.resolve(args.path, 'write');
    if (!resolved.ok) return { ok: false, output: resolved.message };
    const { abs, rel } = resolved;

    const read = await readFileBytes(ctx, resolved, {
      maxBytes: MAX_TEXT_BYTES,
      directory: `${rel} is a directory, not a file.`,
      notRegular: 'not changed',
      tooLarge: `${rel} is too large to edit (over 10 MB).`,
      fresh: (seen) => `Cannot edit ${rel}: ${seen.message}`,
      missing: ' To create a new file use write_file.',
    });
    if (!read.ok) return { ok: false, output: read.message };
    // Unreachable: with a hint for `missing`, a missing file is refused above.
    if (read.buf === null) return { ok: false, output: `${rel} does not exist.` };
    const text = decodeStrict(rel, read.buf, `${rel} is a binary file; edit_file only changes text.`);
    if (!text.ok) return { ok: false, output: text.message };
    const { text: before, bom } = text;
    // The BOM is kept out of the text and put back on write; a copy of it in old_text is not needed.
    const oldText = bom ? args.old_text.replace(/^\uFEFF/, '') : args.old_text;
    const newText = oldText !== args.old_text ? args.new_text.replace(/^\uFEFF/, '') : args.new_text;
    if (oldText === '')
      return { ok: false, output: `old_text is only the byte order mark; ${rel} keeps it.` };

    const match = findReplacements(before, oldText, newText);
    if (!match.found)
      return {
        ok: false,
        output: noMatchMessage(rel, before, oldText, match.tried, ctx.limits.lineChars),
      };
    const { replacements, strategy } = match;
    if (replacements.length > 1 && args.replace_all !== true) {
      return {
        ok: false,
        output:
          `old_text matches ${replacements.length} places in ${rel} (${spanList(before, replacements)}). ` +
          'Include more surrounding lines in old_text so it matches once, or set replace_all=true.',
      };
    }

    const proposed = applyReplacements(before, replacements);
    const change = await applyChange(
      ctx,
      [
        {
          rel,
          abs,
          before,
          after: proposed.content,
          encode: (t) => withBom(t, bom),
          original: { content: read.buf, mode: read.stat.mode & 0o7777 },
        },
      ],
      { tool: 'edit_file', personDeletes: 'rejected' },
    );
    if (!change.ok) return { ok: false, output: oneFileRefusal(rel, 'changed', change) };
    const after = change.files[0]?.after ?? '';
    const { spans } = proposed;
    const check = change.checks[0];

    const n = replacements.length;
    const where = spans.map((s) => lineRange(s.startLine, s.endLine)).join(', ');
    const summary = `Edited ${rel}: replaced ${n} ${n === 1 ? 'occurrence' : 'occurrences'} (${where}).`;
    return {
      ok: true,
      output: [summary, strategyNote(strategy), change.note, contextAround(after, spans, ctx), check]
        .filter(Boolean)
        .join('\n'),
      display: { kind: 'diff', path: rel, before, after },
      changed: [rel],
    };
  },
});

function lineRange(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

function spanList(content: string, replacements: readonly Replacement[]): string {
  return replacements
    .map((r) => lineRange(lineOf(content, r.start), lineOf(content, Math.max(r.start, r.end - 1))))
    .join(', ');
}

function strategyNote(strategy: MatchStrategy): string {
  switch (strategy) {
    case 'exact':
      return '';
    case 'indentation':
      return 'Matched ignoring indentation; new_text was re-indented to fit the file.';
    default:
      return `Matched ${STRATEGY_LABELS[strategy]}.`;
  }
}

/** Numbered lines around the first changes, overlapping windows merged. */
function contextAround(
  content: string,
  spans: readonly { startLine: number; endLine: number }[],
  ctx: ReadContext,
): string {
  const lines = splitLines(content);
  if (lines.length === 0) return `The file is now empty.`;
  const windows: [number, number][] = [];
  for (const s of spans.slice(0, MAX_SHOWN_CHANGES)) {
    const from = Math.max(1, s.startLine - CONTEXT_LINES);
    const to = Math.min(lines.length, s.endLine + CONTEXT_LINES);
    const last = windows[windows.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const width = String(lines.length).length;
  const parts = windows.map(([from, to]) =>
    numberLines(lines.slice(from - 1, to), from, ctx.limits.lineChars, width),
  );
  if (spans.length > MAX_SHOWN_CHANGES) parts.push(`... (${spans.length - MAX_SHOWN_CHANGES} more changes)`);
  return parts.join('\n...\n');
}

function noMatchMessage(
  rel: string,
  content: string,
  oldText: string,
  tried: MatchStrategy[],
  lineChars: number,
): string {
  const triedList = tried.map((s) => STRATEGY_LABELS[s]).join(', ');
  const out = [`No match for old_text in ${rel} (tried: ${triedList}).`];
  const lines = splitLines(content);
  const region = nearestRegion(lines, oldText);
  if (region && region.score > 0) {
    const from = Math.max(1, region.startLine - 2);
    const to = Math.min(lines.length, region.endLine + 2, from + MAX_REGION_LINES - 1);
    const pct = Math.round(region.score * 100);
    out.push(`Nearest region, ${lineRange(region.startLine, region.endLine)} (${pct}% similar):`);
    out.push(numberLines(lines.slice(from - 1, to), from, lineChars));
  } else if (lines.length === 0) {
    out.push(`${rel} is empty.`);
  }
  const nonBlank = oldText.split('\n').filter((l) => l.trim() !== '');
  if (nonBlank.length > 0 && nonBlank.every((l) => /^\s*\d+\| /.test(l))) {
    out.push('old_text seems to include the "N| " line-number prefixes from read_file; leave them out.');
  }
  out.push('Copy the exact current text (read_file again if unsure) and retry.');
  return out.join('\n');
}
