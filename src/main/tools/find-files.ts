// find_files: files by glob, walking the folder with its ignore rules; capped, so a broad glob cannot
// flood the context.
import picomatch from 'picomatch';
import { z } from 'zod';
import { defineTool, type ReadContext } from './types.js';
import { comparePaths } from '../workspace/path-order.js';

const params = z.object({
  glob: z.string().describe('e.g. **/*.ts; no slash matches names anywhere'),
});

export const findFilesTool = defineTool({
  name: 'find_files',
  description: 'Find files by glob.',
  params,
  mutates: false,
  kind: 'read',
  async execute(args, ctx: ReadContext) {
    const glob = args.glob.trim().replace(/^\.\//, '');
    if (glob === '') return { ok: false, output: 'glob is empty; give a pattern such as **/*.ts.' };
    let isMatch: (rel: string) => boolean;
    try {
      // dot: ignored folders (.git) are already skipped by the walker; other dotfiles are fair game.
      isMatch = picomatch(glob, { dot: true, basename: !glob.includes('/') });
    } catch (err) {
      return { ok: false, output: `Invalid glob: ${err instanceof Error ? err.message : String(err)}` };
    }
    const cap = ctx.limits.listEntries;
    const found: string[] = [];
    let more = false;
    for await (const rel of ctx.ws.listFiles(ctx.signal)) {
      if (!isMatch(rel)) continue;
      if (found.length >= cap) {
        more = true;
        break;
      }
      found.push(rel);
    }
    if (found.length === 0) return { ok: true, output: `No files match ${args.glob}.` };
    found.sort(comparePaths);
    if (more) found.push(`... (more than ${cap} files match; use a narrower glob)`);
    return { ok: true, output: found.join('\n'), truncated: more };
  },
});
