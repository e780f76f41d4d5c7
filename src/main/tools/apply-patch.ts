// apply_patch: a unified diff over one or more files, planned whole in memory first (every hunk placed,
// every path checked) so a patch changes all its files through the change pipeline or none of them.
import { z } from 'zod';
import { MAX_TEXT_BYTES, numberLines, splitLines } from '../workspace/text-file.js';
import { withBom } from '../workspace/utf8.js';
import { applyPatchHunks, type HunkFailure } from './patch-apply.js';
import { parsePatch, type FilePatch } from './patch-parse.js';
import { defineTool } from './types.js';
import type { ChangeContext, ReadContext, ToolOutcome } from './types.js';
import { applyChange, type ProposedFile } from './change-pipeline.js';
import { decodeStrict, readFileBytes } from './read-path.js';

const params = z.object({
  patch: z.string().describe('Unified diff (--- a/f, +++ b/f, @@ hunks)'),
});

/** One file as it will be after the patch; `after: null` deletes it. */
interface PlannedWrite {
  rel: string;
  abs: string;
  after: string | Buffer | null;
  mode?: number;
}

/** What a file was before the patch: shown for review, and put back if a later write fails. */
interface Original {
  rel: string;
  abs: string;
  content: Buffer | null;
  mode?: number;
}

interface Plan {
  writes: PlannedWrite[];
  originals: Original[];
  summary: string[];
  notes: string[];
}

const REGION_CONTEXT = 2;
const MAX_REGION_LINES = 30;

export const applyPatchTool = defineTool({
  name: 'apply_patch',
  description: 'Apply a unified diff to one or more files, all or nothing.',
  params,
  mutates: true,
  kind: 'edit',
  async execute(args, ctx: ChangeContext) {
    const parsed = parsePatch(args.patch);
    if (!parsed.ok) return { ok: false, output: `Patch not applied: ${parsed.message}` };
    const plan = await planPatch(parsed.files, ctx);
    if (!plan.ok) return { ok: false, output: `Patch not applied (no file was changed): ${plan.message}` };
    const change = await applyChange(ctx, proposals(plan), { tool: 'apply_patch', personDeletes: 'delete' });
    if (!change.ok) {
      switch (change.stage) {
        case 'approval':
        case 'rejected':
          return { ok: false, output: `Patch not applied: ${change.message}` };
        case 'checkpoint':
          return {
            ok: false,
            output: `Patch not applied: the checkpoint could not be saved (${change.message}).`,
          };
        case 'write': {
          const tail =
            change.unrestored.length > 0 ? ` Could not restore: ${change.unrestored.join(', ')}.` : '';
          return {
            ok: false,
            output: `Patch not applied (rolled back): could not write ${change.rel}: ${change.message}${tail}`,
          };
        }
      }
    }
    const lines = [`Applied patch: ${plan.summary.join('; ')}.`];
    if (plan.notes.length > 0) lines.push(`Note: ${plan.notes.join('; ')}.`);
    if (change.note) lines.push(change.note);
    lines.push(...change.checks);
    const outcome: ToolOutcome = {
      ok: true,
      output: lines.join('\n'),
      display: { kind: 'text', text: args.patch },
      changed: [...new Set(change.files.map((f) => f.rel))],
    };
    return outcome;
  },
});

/** The plan as the change pipeline takes it: each file's text before and after, and its bytes now. */
function proposals(plan: Plan): ProposedFile[] {
  const text = (b: string | Buffer | null) => (b === null ? null : b.toString());
  return plan.writes.map((w) => {
    const original = plan.originals.find((o) => o.rel === w.rel);
    const content = original?.content ?? null;
    return {
      rel: w.rel,
      abs: w.abs,
      before: text(content),
      after: text(w.after),
      ...(Buffer.isBuffer(w.after) ? { bytes: w.after } : {}),
      ...(w.mode !== undefined ? { mode: w.mode } : {}),
      original: { content, ...(original?.mode !== undefined ? { mode: original.mode } : {}) },
    };
  });
}

async function planPatch(
  files: readonly FilePatch[],
  ctx: ReadContext,
): Promise<({ ok: true } & Plan) | { ok: false; message: string }> {
  const plan: Plan = { writes: [], originals: [], summary: [], notes: [] };
  const seen = new Set<string>();
  const claim = async (p: string) => {
    const r = await ctx.ws.resolve(p, 'write');
    if (!r.ok) return { ok: false as const, message: r.message };
    if (seen.has(r.rel))
      return {
        ok: false as const,
        message: `${r.rel} appears more than once in the patch; give one section per file.`,
      };
    seen.add(r.rel);
    const current = await readCurrent(ctx, r);
    if (!current.ok) return current;
    plan.originals.push({
      rel: r.rel,
      abs: r.abs,
      content: current.content,
      ...(current.mode !== undefined ? { mode: current.mode } : {}),
    });
    return { ok: true as const, rel: r.rel, abs: r.abs, content: current.content, mode: current.mode };
  };
  for (const fp of files) {
    const target = fp.newPath ?? (fp.oldPath as string);
    const src = await claim(fp.kind === 'add' ? target : (fp.oldPath as string));
    if (!src.ok) return src;
    const exists = src.content !== null;
    if (fp.kind === 'add' && exists) {
      return {
        ok: false,
        message: `${src.rel} already exists; to change it, use "--- a/${src.rel}" and "+++ b/${src.rel}" with context lines.`,
      };
    }
    if (fp.kind !== 'add' && !exists) {
      return {
        ok: false,
        message: `${src.rel} does not exist; to create it, use "--- /dev/null" and "+++ b/${src.rel}".`,
      };
    }
    const hunked = fp.hunks.length === 0 ? null : hunksOn(src.rel, src.content, fp, plan.notes);
    if (hunked && !hunked.ok) return hunked;
    const after = hunked ? hunked.content : (src.content ?? '');
    const mode = withExecBit(src.mode, fp.executable);
    const modeField = mode !== undefined ? { mode } : {};
    if (fp.kind === 'delete') {
      if (hunked && hunked.content !== '') {
        return {
          ok: false,
          message: `the patch deletes ${src.rel} but its "-" lines do not cover the whole file; nothing was deleted.`,
        };
      }
      plan.writes.push({ rel: src.rel, abs: src.abs, after: null });
      plan.summary.push(`deleted ${src.rel}`);
    } else if (fp.kind === 'rename') {
      const dest = await claim(fp.newPath as string);
      if (!dest.ok) return dest;
      if (dest.content !== null)
        return { ok: false, message: `cannot rename ${src.rel} to ${dest.rel}: ${dest.rel} already exists.` };
      plan.writes.push({ rel: dest.rel, abs: dest.abs, after, ...modeField });
      plan.writes.push({ rel: src.rel, abs: src.abs, after: null });
      plan.summary.push(`renamed ${src.rel} -> ${dest.rel}${hunkCount(fp)}`);
    } else {
      plan.writes.push({ rel: src.rel, abs: src.abs, after, ...modeField });
      plan.summary.push(`${fp.kind === 'add' ? 'added' : 'modified'} ${src.rel}${hunkCount(fp)}`);
    }
  }
  return { ok: true, ...plan };
}

/**
 * The mode a patched file gets: the current one with only the executable bit switched (x where r is set,
 * as chmod +x under a 022 umask); a new file: 0o755 or the default. Other bits never come from a patch.
 */
function withExecBit(current: number | undefined, executable: boolean | undefined): number | undefined {
  if (executable === undefined) return current;
  if (current === undefined) return executable ? 0o755 : undefined;
  return executable ? current | ((current & 0o444) >> 2) : current & ~0o111;
}

function hunkCount(fp: FilePatch): string {
  const n = fp.hunks.length;
  return n === 0 ? '' : ` (${n} ${n === 1 ? 'hunk' : 'hunks'})`;
}

function hunksOn(
  rel: string,
  content: Buffer | null,
  fp: FilePatch,
  notes: string[],
): { ok: true; content: string } | { ok: false; message: string } {
  const decoded = content
    ? decodeStrict(rel, content, `${rel} is a binary file; apply_patch changes text files.`)
    : { ok: true as const, text: '', bom: false };
  if (!decoded.ok) return decoded;
  const { text, bom } = decoded;
  const result = applyPatchHunks(text, fp.hunks);
  if (!result.ok) return { ok: false, message: describeFailure(rel, text, result) };
  for (const n of result.notes) notes.push(`${rel}: ${n}`);
  return { ok: true, content: result.content === '' ? '' : withBom(result.content, bom) };
}

function describeFailure(rel: string, text: string, f: HunkFailure): string {
  const out = [`hunk ${f.hunk} of ${rel} (${f.header}) failed: ${f.message}.`];
  if (f.nearest) {
    const lines = splitLines(text);
    const from = Math.max(1, f.nearest.startLine - REGION_CONTEXT);
    const to = Math.min(lines.length, f.nearest.endLine + REGION_CONTEXT, from + MAX_REGION_LINES - 1);
    const pct = Math.round(f.nearest.score * 100);
    out.push(
      `Nearest matching region of ${rel}, lines ${f.nearest.startLine}-${f.nearest.endLine} (${pct}% similar):`,
    );
    out.push(numberLines(lines.slice(from - 1, to), from, 300));
  }
  out.push('Re-read the file and make the hunk\'s " " and "-" lines match it exactly.');
  return out.join('\n');
}

async function readCurrent(
  ctx: ReadContext,
  target: { abs: string; rel: string },
): Promise<{ ok: true; content: Buffer | null; mode?: number } | { ok: false; message: string }> {
  const { rel } = target;
  const read = await readFileBytes(ctx, target, {
    maxBytes: MAX_TEXT_BYTES,
    directory: `${rel} is a directory, not a file.`,
    notRegular: 'not changed',
    tooLarge: `${rel} is too large to patch (over 10 MB).`,
    missing: 'absent',
  });
  if (!read.ok) return read;
  if (read.buf === null) return { ok: true, content: null };
  return { ok: true, content: read.buf, mode: read.stat.mode & 0o7777 };
}
