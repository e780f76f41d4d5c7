import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { assertInside, writeFileAtomic } from '../workspace/atomic-write.js';
import {
  MAX_TEXT_BYTES,
  describeFsError,
  looksBinary,
  numberLines,
  splitLines,
} from '../workspace/text-file.js';
import { notRegularMessage, readRegularFile } from '../workspace/regular-file.js';
import { decodeUtf8, invalidUtf8Refusal, withBom } from '../workspace/utf8.js';
import { applyHunks, type HunkFailure } from './patch-apply.js';
import { parsePatch, type FilePatch } from './patch-parse.js';
import { defineTool } from './types.js';
import { approveEdit } from './approve-edit.js';
import type { FileChange } from '../../shared/approval.js';
import type { ToolContext, ToolOutcome } from './types.js';

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

/** What a file was before the patch, to roll back a half-applied commit. */
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
  async execute(args, ctx) {
    const parsed = parsePatch(args.patch);
    if (!parsed.ok) return { ok: false, output: `Patch not applied: ${parsed.message}` };
    const plan = await planPatch(parsed.files, ctx);
    if (!plan.ok) return { ok: false, output: `Patch not applied (no file was changed): ${plan.message}` };
    const approval = await approveEdit(ctx, 'apply_patch', proposedChanges(plan));
    if (!approval.ok) return { ok: false, output: `Patch not applied: ${approval.output}` };
    plan.writes = approvedWrites(plan.writes, approval.finals);
    const saveError = await ctx.saveBefore?.(plan.originals.map((o) => o.rel));
    if (saveError)
      return { ok: false, output: `Patch not applied: the checkpoint could not be saved (${saveError}).` };
    const committed = await commit(plan.writes, plan.originals, ctx.ws.root);
    if (!committed.ok) return { ok: false, output: `Patch not applied (rolled back): ${committed.message}` };

    const checks: string[] = [];
    for (const w of plan.writes) {
      if (w.after === null) ctx.reads.forget(w.abs);
      else {
        ctx.reads.record(w.abs, w.after);
        const note = await ctx.afterWrite?.(w.rel);
        if (note) checks.push(note);
      }
    }
    const lines = [`Applied patch: ${plan.summary.join('; ')}.`];
    if (plan.notes.length > 0) lines.push(`Note: ${plan.notes.join('; ')}.`);
    if (approval.note) lines.push(approval.note);
    lines.push(...checks);
    const outcome: ToolOutcome = {
      ok: true,
      output: lines.join('\n'),
      display: { kind: 'text', text: args.patch },
      changed: [...new Set(plan.writes.map((w) => w.rel))],
    };
    return outcome;
  },
});

/** The plan as the person reviews it: each file's text before and after. */
function proposedChanges(plan: Plan): FileChange[] {
  const text = (b: string | Buffer | null) => (b === null ? null : b.toString());
  return plan.writes.map((w) => ({
    path: w.rel,
    before: text(plan.originals.find((o) => o.rel === w.rel)?.content ?? null),
    after: text(w.after),
  }));
}

/** The writes the person approved, with their final text where they changed it. */
function approvedWrites(
  writes: readonly PlannedWrite[],
  finals: ReadonlyMap<string, string | null>,
): PlannedWrite[] {
  const kept: PlannedWrite[] = [];
  for (const w of writes) {
    if (!finals.has(w.rel)) continue;
    const final = finals.get(w.rel) ?? null;
    const proposed = w.after === null ? null : w.after.toString();
    kept.push(final === proposed ? w : { ...w, after: final });
  }
  return kept;
}

async function planPatch(
  files: readonly FilePatch[],
  ctx: ToolContext,
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
    const current = await readCurrent(r.abs, r.rel);
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
    const mode = fp.newMode ?? src.mode;
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
  if (content && looksBinary(content))
    return { ok: false, message: `${rel} is a binary file; apply_patch changes text files.` };
  // Strict: a lenient decode would rewrite undecodable bytes that no hunk touches. The BOM is kept.
  const decoded = content ? decodeUtf8(content) : { ok: true as const, text: '', bom: false };
  if (!decoded.ok) return { ok: false, message: invalidUtf8Refusal(rel, decoded.offset) };
  const { text, bom } = decoded;
  const result = applyHunks(text, fp.hunks);
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
  abs: string,
  rel: string,
): Promise<{ ok: true; content: Buffer | null; mode?: number } | { ok: false; message: string }> {
  try {
    const read = await readRegularFile(abs, MAX_TEXT_BYTES);
    if (read.ok) return { ok: true, content: read.buf, mode: read.stat.mode & 0o7777 };
    if (read.code === 'directory') return { ok: false, message: `${rel} is a directory, not a file.` };
    if (read.code === 'not_regular')
      return { ok: false, message: notRegularMessage(rel, read.stat, 'not changed') };
    return { ok: false, message: `${rel} is too large to patch (over 10 MB).` };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, content: null };
    return { ok: false, message: describeFsError(err, rel) };
  }
}

/** Writes every planned change; on the first failure puts back what was already changed. */
async function commit(
  writes: readonly PlannedWrite[],
  originals: readonly Original[],
  root: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const done: string[] = [];
  for (const w of writes) {
    try {
      if (w.after === null) {
        // The same re-check as a write: a parent swapped for a symlink must not lead the delete outside.
        await assertInside(path.dirname(w.abs), w.abs, root);
        await fs.rm(w.abs, { force: true });
      } else {
        await fs.mkdir(path.dirname(w.abs), { recursive: true });
        await writeFileAtomic(w.abs, w.after, {
          within: root,
          ...(w.mode !== undefined ? { mode: w.mode } : {}),
        });
      }
      done.push(w.rel);
    } catch (err) {
      const failures = await rollback(done, originals);
      const tail = failures.length > 0 ? ` Could not restore: ${failures.join(', ')}.` : '';
      return { ok: false, message: `could not write ${w.rel}: ${describeFsError(err, w.rel)}${tail}` };
    }
  }
  return { ok: true };
}

async function rollback(done: readonly string[], originals: readonly Original[]): Promise<string[]> {
  const failures: string[] = [];
  for (const rel of [...done].reverse()) {
    const o = originals.find((x) => x.rel === rel);
    if (!o) continue;
    try {
      if (o.content === null) await fs.rm(o.abs, { force: true });
      else await writeFileAtomic(o.abs, o.content, o.mode !== undefined ? { mode: o.mode } : {});
    } catch {
      failures.push(rel);
    }
  }
  return failures;
}
