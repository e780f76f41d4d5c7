// write_file: creates a file, or replaces one the agent has read fresh (never a blind overwrite),
// through the change pipeline.
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS, type ChangeContext } from './types.js';
import { countLines } from '../workspace/text-file.js';
import { applyChange, oneFileRefusal } from './change-pipeline.js';
import { readFileBytes } from './read-path.js';

const params = z.object({
  path: z.string().max(MAX_PATH_CHARS),
  content: z.string().describe('Whole file content'),
});

export const writeFileTool = defineTool({
  name: 'write_file',
  description: 'Create a file, or overwrite one you have read.',
  params,
  mutates: true,
  kind: 'edit',
  async execute(args, ctx: ChangeContext) {
    const resolved = await ctx.ws.resolve(args.path, 'write');
    if (!resolved.ok) return { ok: false, output: resolved.message };
    const { abs, rel } = resolved;

    const current = await readFileBytes(ctx, resolved, {
      directory: `${rel} is a directory; give a file path.`,
      notRegular: 'not written',
      // Overwriting needs a fresh read: it stops blind clobbering of work the agent never saw.
      fresh: (seen) =>
        seen.code === 'not_read'
          ? `${rel} already exists and you have not read it; call read_file first (or use edit_file for a change).`
          : `${rel} changed on disk since you read it; call read_file again before overwriting it.`,
      raced: `${rel} changed on disk since you read it; call read_file again.`,
      missing: 'absent',
    });
    if (!current.ok) return { ok: false, output: current.message };
    const before = current.buf === null ? null : current.buf.toString('utf8');

    const change = await applyChange(
      ctx,
      [
        {
          rel,
          abs,
          before,
          after: args.content,
          original: { content: current.buf, ...(current.buf ? { mode: current.stat.mode & 0o7777 } : {}) },
        },
      ],
      { tool: 'write_file', personDeletes: 'rejected' },
    );
    if (!change.ok) return { ok: false, output: oneFileRefusal(rel, 'written', change) };
    const content = change.files[0]?.after ?? '';
    const lines = countLines(content);
    const verb = before === null ? 'Created' : 'Overwrote';
    const notes = [change.note, change.checks[0]].filter(Boolean).map((n) => `\n${n}`);
    return {
      ok: true,
      output: `${verb} ${rel} (${lines} ${lines === 1 ? 'line' : 'lines'}).${notes.join('')}`,
      display: { kind: 'diff', path: rel, before: before ?? '', after: content },
      changed: [rel],
    };
  },
});
