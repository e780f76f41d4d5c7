// list_dir: one folder's entries, folders first, ignored entries counted but not shown (unless the
// folder itself is ignored, which means the model asked for it).
import path from 'node:path';
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS, type ReadContext } from './types.js';
import { describeFsError } from '../workspace/text-file.js';
import type { Dirent, FileOps } from '../workspace/file-ops.js';

const params = z.object({
  path: z.string().max(MAX_PATH_CHARS).optional().describe('Folder; default the root'),
});

export const listDirTool = defineTool({
  name: 'list_dir',
  description: 'List a folder (subfolders end in /).',
  params,
  mutates: false,
  kind: 'read',
  async execute(args, ctx: ReadContext) {
    const resolved = await ctx.ws.resolve(args.path ?? '.', 'read');
    if (!resolved.ok) return { ok: false, output: resolved.message };
    const { abs, rel } = resolved;
    let entries: Dirent[];
    try {
      const stat = await ctx.ws.files.stat(abs);
      if (!stat.isDirectory()) {
        return { ok: false, output: `${rel} is a file, not a directory; use read_file to read it.` };
      }
      entries = await ctx.ws.files.readDir(abs);
    } catch (err) {
      return { ok: false, output: describeFsError(err, rel) };
    }

    // Inside a folder that is itself ignored (e.g. node_modules) the person asked explicitly: show all.
    const filter = !ctx.ws.isIgnored(rel, true);
    const dirs: string[] = [];
    const files: string[] = [];
    let ignored = 0;
    for (const entry of entries) {
      const entryRel = rel === '.' ? entry.name : `${rel}/${entry.name}`;
      const isDir =
        entry.isDirectory() || (entry.isSymbolicLink() && (await isDirLink(ctx.ws.files, abs, entry.name)));
      if (filter && ctx.ws.isIgnored(entryRel, isDir)) {
        ignored++;
        continue;
      }
      (isDir ? dirs : files).push(isDir ? `${entry.name}/` : entry.name);
    }
    dirs.sort(compare);
    files.sort(compare);
    const all = [...dirs, ...files];
    const shown = all.slice(0, ctx.limits.listEntries);
    const label = rel === '.' ? 'The workspace root' : rel;
    const lines: string[] = [];
    if (all.length === 0) lines.push(`${label} is empty.`);
    else lines.push(...shown);
    if (all.length > shown.length) {
      lines.push(`... (${all.length - shown.length} more entries not shown)`);
    }
    if (ignored > 0) lines.push(`(${ignored} ignored ${ignored === 1 ? 'entry' : 'entries'} not shown)`);
    return { ok: true, output: lines.join('\n'), truncated: all.length > shown.length };
  },
});

async function isDirLink(files: FileOps, dir: string, name: string): Promise<boolean> {
  try {
    return (await files.stat(path.join(dir, name))).isDirectory();
  } catch {
    return false;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
