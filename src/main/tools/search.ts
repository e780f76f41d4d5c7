import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS } from './types.js';
import { cutLine } from '../workspace/text-file.js';
import { autoSearch } from '../workspace/ripgrep-search.js';
import type { SearchEngine } from '../workspace/text-search.js';

const params = z.object({
  pattern: z.string().describe('Text to find, case-sensitive'),
  path: z.string().max(MAX_PATH_CHARS).optional().describe('File or folder; default all'),
  regex: z.boolean().optional().describe('Pattern is a regex'),
});

/** The engine is a parameter so tests and the bench can pick one (nodeSearch, createRipgrepSearch()). */
export function createSearchTool(engine: SearchEngine) {
  return defineTool({
    name: 'search',
    description: 'Search file contents; prints path:line: text.',
    params,
    mutates: false,
    async execute(args, ctx) {
      if (args.pattern === '') return { ok: false, output: 'pattern is empty; give the text to search for.' };
      const resolved = await ctx.ws.resolve(args.path ?? '.', 'read');
      if (!resolved.ok) return { ok: false, output: resolved.message };
      try {
        await fs.stat(resolved.abs);
      } catch {
        return {
          ok: false,
          output: `${resolved.rel} does not exist. Use list_dir or find_files to find the right path.`,
        };
      }
      const report = await engine(ctx.ws, {
        pattern: args.pattern,
        regex: args.regex ?? false,
        startRel: resolved.rel,
        maxMatches: ctx.limits.searchMatches,
        signal: ctx.signal,
      });
      if (!report.ok) return { ok: false, output: report.message };
      const where = resolved.rel === '.' ? 'the workspace' : resolved.rel;
      if (report.matches.length === 0) {
        const files = `${report.filesSearched} ${report.filesSearched === 1 ? 'file' : 'files'} searched`;
        return { ok: true, output: `No matches for ${JSON.stringify(args.pattern)} in ${where} (${files}).` };
      }
      const lines = report.matches.map((m) => `${m.rel}:${m.line}: ${cutLine(m.text, ctx.limits.lineChars)}`);
      if (report.capped) {
        lines.push(
          `... (stopped at ${ctx.limits.searchMatches} matches; narrow the pattern or give a path to see the rest)`,
        );
      }
      return { ok: true, output: lines.join('\n'), truncated: report.capped };
    },
  });
}

/** ripgrep where a binary is found (see ripgrep-locate.ts), else the built-in Node engine. */
export const searchTool = createSearchTool(autoSearch);
