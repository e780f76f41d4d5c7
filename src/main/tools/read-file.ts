// read_file: a text file with line numbers, a range of it for large files, or a spilled tool output
// (`@spill/<name>`); every read is recorded, so later edits can tell a stale view from a fresh one.
import path from 'node:path';
import { SPILL_PREFIX } from '../context/spill.js';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS } from './types.js';
import type { ReadContext, ToolOutcome } from './types.js';
import { MAX_TEXT_BYTES, looksBinary, numberLines, splitLines } from '../workspace/text-file.js';
import { notRegularMessage, type RegularCheck } from '../workspace/regular-file.js';
import { decodeLenient, readFileBytes } from './read-path.js';

const params = z.object({
  path: z.string().max(MAX_PATH_CHARS),
  start_line: z.number().int().optional().describe('First line (1-based)'),
  end_line: z.number().int().optional().describe('Last line (inclusive)'),
});

export const readFileTool = defineTool({
  name: 'read_file',
  description: 'Read a text file with line numbers.',
  params,
  mutates: false,
  kind: 'read',
  async execute(args, ctx: ReadContext) {
    const resolved = await resolveReadable(args.path, ctx);
    if (!resolved.ok) return { ok: false, output: resolved.message };
    const { abs, rel } = resolved;
    const start = Math.max(1, args.start_line ?? 1);
    if (args.end_line !== undefined && args.end_line < start) {
      return { ok: false, output: `end_line (${args.end_line}) is before start_line (${start}).` };
    }
    const read = await readFileBytes(ctx, resolved, {
      maxBytes: MAX_TEXT_BYTES,
      directory: `${rel} is a directory; use list_dir to see it.`,
      notRegular: 'not read',
      tooLarge: `${rel} is too large to read whole.`,
      missing: ' Use list_dir or find_files to find the right path.',
    });
    if (!read.ok) {
      if (read.code === 'too_large') return readLargeFile(abs, rel, start, args.end_line, ctx);
      return { ok: false, output: read.message };
    }
    // Unreachable: with a hint for `missing`, a missing file is refused above.
    if (read.buf === null) return { ok: false, output: `${rel} does not exist.` };
    const { buf } = read;
    const text = decodeLenient(
      rel,
      buf,
      `${rel} looks like a binary file (${buf.length} bytes); read_file only shows text.`,
    );
    if (!text.ok) return { ok: false, output: text.message };
    ctx.reads.record(abs, buf);
    const shown = showLines(rel, splitLines(text.text), start, args.end_line, ctx);
    return shown.ok && text.note ? { ...shown, output: `${shown.output}\n${text.note}` } : shown;
  },
});

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Workspace paths, plus `@spill/<name>`: a full tool output kept outside the workspace. */
async function resolveReadable(
  input: string,
  ctx: ReadContext,
): Promise<{ ok: true; abs: string; rel: string } | { ok: false; message: string }> {
  if (!input.startsWith(SPILL_PREFIX)) return ctx.ws.resolve(input, 'read');
  const name = input.slice(SPILL_PREFIX.length);
  if (!ctx.spillDir || !/^[\w.-]+$/.test(name) || name.startsWith('.')) {
    return { ok: false, message: `${input} is not a saved tool output of this session.` };
  }
  return { ok: true, abs: path.join(ctx.spillDir, name), rel: input };
}

function showLines(
  rel: string,
  lines: readonly string[],
  start: number,
  endArg: number | undefined,
  ctx: ReadContext,
): ToolOutcome {
  const total = lines.length;
  if (total === 0) return { ok: true, output: `${rel} is empty (0 lines).` };
  if (start > total) {
    return { ok: false, output: `start_line ${start} is past the end of ${rel} (${total} lines).` };
  }
  const wanted = Math.min(endArg ?? total, total);
  const end = Math.min(wanted, start + ctx.limits.readLines - 1);
  const whole = `${rel} (${total} ${total === 1 ? 'line' : 'lines'})`;
  const header = start === 1 && end === total ? whole : `${rel}: lines ${start}-${end} of ${total}`;
  const out = [header, numberLines(lines.slice(start - 1, end), start, ctx.limits.lineChars)];
  if (end < wanted) {
    out.push(`... (lines ${end + 1}-${wanted} not shown; call read_file with start_line=${end + 1})`);
  }
  return { ok: true, output: out.join('\n'), truncated: end < wanted };
}

/** Too big to load: only a line range, streamed. Not recorded, so such files cannot be edited. */
async function readLargeFile(
  abs: string,
  rel: string,
  start: number,
  endArg: number | undefined,
  ctx: ReadContext,
): Promise<ToolOutcome> {
  const opened = await ctx.ws.files.openRegular(abs);
  if (!opened.ok) return { ok: false, output: largeRefusal(rel, opened) };
  const { handle, stat } = opened;
  const mb = (stat.size / (1024 * 1024)).toFixed(1);
  try {
    if (endArg === undefined && start === 1) {
      return {
        ok: false,
        output: `${rel} is ${mb} MB, too large to read whole; call read_file with start_line/end_line, or use search.`,
      };
    }
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (looksBinary(head.subarray(0, bytesRead))) {
      return { ok: false, output: `${rel} looks like a binary file (${mb} MB); read_file only shows text.` };
    }
    const end = Math.min(endArg ?? start + ctx.limits.readLines - 1, start + ctx.limits.readLines - 1);
    const picked: string[] = [];
    // The handle is closed below, after the stream: never a second open of the path.
    const stream = handle.createReadStream({ encoding: 'utf8', start: 0, autoClose: false });
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    let n = 0;
    for await (const line of reader) {
      n++;
      if (n >= start) picked.push(n === 1 ? stripBom(line) : line);
      if (n >= end) break;
    }
    reader.close();
    stream.destroy();
    if (picked.length === 0)
      return { ok: false, output: `start_line ${start} is past the end of ${rel} (${n} lines).` };
    const last = start + picked.length - 1;
    const out = [
      `${rel} (${mb} MB): lines ${start}-${last}`,
      numberLines(picked, start, ctx.limits.lineChars),
    ];
    const capped = picked.length === ctx.limits.readLines && (endArg === undefined || last < endArg);
    if (capped) {
      const rest = endArg !== undefined ? `lines ${last + 1}-${endArg}` : `lines after ${last}`;
      out.push(`... (${rest} not shown; call read_file with start_line=${last + 1})`);
    }
    return { ok: true, output: out.join('\n'), truncated: capped };
  } finally {
    await handle.close();
  }
}

/** The file changed type between the size check and the open (a folder or FIFO swapped in). */
function largeRefusal(rel: string, r: RegularCheck & { ok: false }): string {
  if (r.code === 'directory') return `${rel} is a directory; use list_dir to see it.`;
  if (r.code === 'not_regular') return notRegularMessage(rel, r.stat, 'not read');
  return `${rel} is too large to read whole.`;
}
