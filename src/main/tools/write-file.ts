import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS } from './types.js';
import { writeFileAtomic } from '../workspace/atomic-write.js';
import { approveEdit } from './approve-edit.js';
import { countLines, describeFsError } from '../workspace/text-file.js';
import { notRegularMessage, readRegularFile, statRegular } from '../workspace/regular-file.js';

const params = z.object({
  path: z.string().max(MAX_PATH_CHARS),
  content: z.string().describe('Whole file content'),
});

export const writeFileTool = defineTool({
  name: 'write_file',
  description: 'Create a file, or overwrite one you have read.',
  params,
  mutates: true,
  async execute(args, ctx) {
    const resolved = await ctx.ws.resolve(args.path, 'write');
    if (!resolved.ok) return { ok: false, output: resolved.message };
    const { abs, rel } = resolved;

    let before: string | null = null;
    try {
      const checked = await statRegular(abs);
      if (!checked.ok && checked.code === 'directory')
        return { ok: false, output: `${rel} is a directory; give a file path.` };
      if (!checked.ok) return { ok: false, output: notRegularMessage(rel, checked.stat, 'not written') };
      // Overwriting needs a fresh read: it stops blind clobbering of work the agent never saw.
      const seen = await ctx.reads.check(abs);
      if (!seen.ok) {
        const why =
          seen.code === 'not_read'
            ? `${rel} already exists and you have not read it; call read_file first (or use edit_file for a change).`
            : `${rel} changed on disk since you read it; call read_file again before overwriting it.`;
        return { ok: false, output: why };
      }
      const read = await readRegularFile(abs);
      if (!read.ok)
        return { ok: false, output: `${rel} changed on disk since you read it; call read_file again.` };
      before = read.buf.toString('utf8');
    } catch (err) {
      if (!isMissing(err)) return { ok: false, output: describeFsError(err, rel) };
    }

    const approval = await approveEdit(ctx, 'write_file', [{ path: rel, before, after: args.content }]);
    if (!approval.ok) return { ok: false, output: approval.output };
    const content = approval.finals.get(rel);
    if (content === undefined || content === null)
      return { ok: false, output: `${rel} not written: the user rejected it.` };

    const saveError = await ctx.saveBefore?.([rel]);
    if (saveError)
      return { ok: false, output: `${rel} not written: the checkpoint could not be saved (${saveError}).` };
    try {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await writeFileAtomic(abs, content, { within: ctx.ws.root });
    } catch (err) {
      return { ok: false, output: `Could not write ${rel}: ${describeFsError(err, rel)}` };
    }
    ctx.reads.record(abs, content);
    const check = await ctx.afterWrite?.(rel);

    const lines = countLines(content);
    const verb = before === null ? 'Created' : 'Overwrote';
    const notes = [approval.note, check].filter(Boolean).map((n) => `\n${n}`);
    return {
      ok: true,
      output: `${verb} ${rel} (${lines} ${lines === 1 ? 'line' : 'lines'}).${notes.join('')}`,
      display: { kind: 'diff', path: rel, before: before ?? '', after: content },
      changed: [rel],
    };
  },
});

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}
