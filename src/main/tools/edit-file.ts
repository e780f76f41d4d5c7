import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS } from './types.js';
import type { ToolContext } from './types.js';
import { STRATEGY_LABELS, applyReplacements, findReplacements, lineOf, nearestRegion } from './edit-match.js';
import type { MatchStrategy, Replacement } from './edit-match.js';
import { writeFileAtomic } from '../workspace/atomic-write.js';
import { approveEdit } from './approve-edit.js';
import {
  MAX_TEXT_BYTES,
  describeFsError,
  looksBinary,
  numberLines,
  splitLines,
} from '../workspace/text-file.js';
import { notRegularMessage, readRegularFile, statRegular } from '../workspace/regular-file.js';
import type { RegularCheck } from '../workspace/regular-file.js';
import { decodeUtf8, invalidUtf8Refusal, withBom } from '../workspace/utf8.js';

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
  async execute(args, ctx) {
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

    let before: string;
    let bom: boolean;
    try {
      // Type and size first: a FIFO is never opened, not even by the read check below.
      const checked = await statRegular(abs, MAX_TEXT_BYTES);
      if (!checked.ok) return { ok: false, output: refusal(rel, checked) };
      const seen = await ctx.reads.check(abs);
      if (!seen.ok) return { ok: false, output: `Cannot edit ${rel}: ${seen.message}` };
      const read = await readRegularFile(abs, MAX_TEXT_BYTES);
      if (!read.ok) return { ok: false, output: refusal(rel, read) };
      if (looksBinary(read.buf))
        return { ok: false, output: `${rel} is a binary file; edit_file only changes text.` };
      const text = decodeUtf8(read.buf);
      if (!text.ok) return { ok: false, output: invalidUtf8Refusal(rel, text.offset) };
      ({ text: before, bom } = text);
    } catch (err) {
      const missing = isMissing(err) ? ' To create a new file use write_file.' : '';
      return { ok: false, output: describeFsError(err, rel) + missing };
    }
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
    const approval = await approveEdit(ctx, 'edit_file', [{ path: rel, before, after: proposed.content }]);
    if (!approval.ok) return { ok: false, output: approval.output };
    const after = approval.finals.get(rel);
    if (after === undefined || after === null)
      return { ok: false, output: `${rel} not changed: the user rejected it.` };
    const { spans } = proposed;
    const saveError = await ctx.saveBefore?.([rel]);
    if (saveError)
      return { ok: false, output: `${rel} not changed: the checkpoint could not be saved (${saveError}).` };
    const written = withBom(after, bom);
    try {
      await writeFileAtomic(abs, written, { within: ctx.ws.root });
    } catch (err) {
      return { ok: false, output: `Could not write ${rel}: ${describeFsError(err, rel)}` };
    }
    ctx.reads.record(abs, written);
    const check = await ctx.afterWrite?.(rel);

    const n = replacements.length;
    const where = spans.map((s) => lineRange(s.startLine, s.endLine)).join(', ');
    const summary = `Edited ${rel}: replaced ${n} ${n === 1 ? 'occurrence' : 'occurrences'} (${where}).`;
    return {
      ok: true,
      output: [summary, strategyNote(strategy), approval.note, contextAround(after, spans, ctx), check]
        .filter(Boolean)
        .join('\n'),
      display: { kind: 'diff', path: rel, before, after },
      changed: [rel],
    };
  },
});

function refusal(rel: string, r: RegularCheck & { ok: false }): string {
  if (r.code === 'directory') return `${rel} is a directory, not a file.`;
  if (r.code === 'not_regular') return notRegularMessage(rel, r.stat, 'not changed');
  return `${rel} is too large to edit (over 10 MB).`;
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}

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
  ctx: ToolContext,
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
