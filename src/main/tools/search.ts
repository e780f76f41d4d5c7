// search: file contents, through the engine given (ripgrep when found, else the Node walker); results
// capped, and files that were skipped are named so an empty result is not mistaken for absence.
import { z } from 'zod';
import { defineTool, MAX_PATH_CHARS, type ReadContext } from './types.js';
import { MAX_TEXT_BYTES, cutLine } from '../workspace/text-file.js';
import { notRegularMessage, specialKind } from '../workspace/regular-file.js';
import { autoSearch } from '../workspace/ripgrep-search.js';
import type { SearchEngine, SearchReport } from '../workspace/text-search.js';

const params = z.object({
  pattern: z.string().describe('Text to find, case-sensitive'),
  path: z.string().max(MAX_PATH_CHARS).optional().describe('File or folder; default all'),
  regex: z.boolean().optional(),
});

/** The engine is a parameter so tests and the bench can pick one (nodeSearch, createRipgrepSearch()). */
export function createSearchTool(engine: SearchEngine) {
  return defineTool({
    name: 'search',
    description: 'Search file contents; prints path:line: text.',
    params,
    mutates: false,
    kind: 'read',
    async execute(args, ctx: ReadContext) {
      if (args.pattern === '') return { ok: false, output: 'pattern is empty; give the text to search for.' };
      const resolved = await ctx.ws.resolve(args.path ?? '.', 'read');
      if (!resolved.ok) return { ok: false, output: resolved.message };
      try {
        const stat = await ctx.ws.files.stat(resolved.abs);
        if (specialKind(stat))
          return { ok: false, output: notRegularMessage(resolved.rel, stat, 'not searched') };
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
      const skipped = describeSkipped(report);
      if (report.matches.length === 0) {
        const files = `${report.filesSearched} ${report.filesSearched === 1 ? 'file' : 'files'} searched`;
        const none = `No matches for ${JSON.stringify(args.pattern)} in ${where} (${files}).`;
        return { ok: true, output: [none, ...skipped].join('\n') };
      }
      const lines = report.matches.map((m) => `${m.rel}:${m.line}: ${cutLine(m.text, ctx.limits.lineChars)}`);
      if (report.capped) {
        lines.push(
          `... (stopped at ${ctx.limits.searchMatches} matches; narrow the pattern or give a path to see the rest)`,
        );
      }
      return { ok: true, output: [...lines, ...skipped].join('\n'), truncated: report.capped };
    },
  });
}

/** Files listed by name as not searched; more are only counted. */
const MAX_SKIPPED_SHOWN = 10;

/** The files the search left out, so the model never takes "no match" for "not there". */
function describeSkipped(report: SearchReport): string[] {
  if (report.skippedCount === 0) return [];
  const lines = report.skipped.slice(0, MAX_SKIPPED_SHOWN).map((s) => {
    if (s.reason === 'unreadable') return `${s.rel} not searched: ${s.detail ?? 'unreadable'}`;
    const mb = ((s.size ?? 0) / (1024 * 1024)).toFixed(1);
    return `${s.rel} (${mb} MB) not searched: over ${MAX_TEXT_BYTES / (1024 * 1024)} MB`;
  });
  const more = report.skippedCount - lines.length;
  if (more > 0) lines.push(`... and ${more} more ${more === 1 ? 'file' : 'files'} not searched`);
  if (report.skipped.some((s) => s.reason === 'too_large')) {
    lines.push('Read a file over the limit in pages with read_file start_line/end_line.');
  }
  return lines;
}

/** ripgrep where a binary is found (see ripgrep-locate.ts), else the built-in Node engine. */
export const searchTool = createSearchTool(autoSearch);
