// The one way a tool changes files: approve -> checkpoint -> atomic write -> read record -> after-write
// checks. Nothing is written unless the approval and the checkpoint both succeed (an unrecorded change
// could not be undone), and a failed write of a many-file change puts back what was already written.
// A context without permissions changes nothing: tool contexts fail closed.
import type { FileChange } from '../../shared/approval.js';
import { describeApproval, type Permissions } from '../safety/permissions.js';
import { describeFsError } from '../workspace/text-file.js';
import type { ChangeContext } from './types.js';

/** One file as a tool proposes it. */
export interface ProposedFile {
  rel: string;
  abs: string;
  /** The text the person reviews: before (null: a new file) and after (null: the file is deleted). */
  before: string | null;
  after: string | null;
  /** Written when the proposal is taken as it is; default `after` (keeps a renamed file's bytes). */
  bytes?: Buffer;
  /** What approved text becomes on disk (edit_file puts a BOM back); default as is. */
  encode?: (text: string) => string;
  /** Permission bits to give it; default the existing file's. Setuid, setgid and sticky are never kept. */
  mode?: number;
  /** The file as it is now, put back when a later write of the same change fails; null: absent. */
  original: { content: Buffer | null; mode?: number };
}

export interface ChangeOptions {
  /** The tool's name, for the approval question. */
  tool: string;
  /** When the person gives no text for a file that was not a deletion: 'delete' it, or count it 'rejected'. */
  personDeletes: 'delete' | 'rejected';
}

export type ChangeResult =
  | {
      ok: true;
      /** The files written, in order, with the text approved (null: deleted). */
      files: { rel: string; after: string | null }[];
      /** For the model: what the person changed or rejected; '' when it went through as proposed. */
      note: string;
      /** Notes of the after-write checks, in order. */
      checks: string[];
    }
  | { ok: false; stage: 'approval' | 'rejected' | 'checkpoint'; message: string }
  /** `message` describes the failed write of `rel`; `unrestored` lists files that could not be put back. */
  | { ok: false; stage: 'write'; rel: string; message: string; unrestored: string[] };

interface Planned {
  file: ProposedFile;
  after: string | null;
  data: string | Buffer | null;
}

export async function applyChange(
  ctx: ChangeContext,
  proposed: readonly ProposedFile[],
  options: ChangeOptions,
): Promise<ChangeResult> {
  const approved = await approve(ctx, proposed, options);
  if (!approved.ok) return approved;
  if (approved.planned.length === 0) return { ok: false, stage: 'rejected', message: 'the user rejected it' };

  const saveError = await ctx.saveBefore?.(proposed.map((p) => p.rel));
  if (saveError) return { ok: false, stage: 'checkpoint', message: saveError };

  const done: Planned[] = [];
  for (const step of approved.planned) {
    try {
      if (step.data === null) await ctx.ws.files.remove(step.file.abs);
      else await ctx.ws.files.write(step.file.abs, step.data, writtenMode(step.file));
      done.push(step);
    } catch (err) {
      const unrestored = await rollback(ctx, done);
      return {
        ok: false,
        stage: 'write',
        rel: step.file.rel,
        message: describeFsError(err, step.file.rel),
        unrestored,
      };
    }
  }

  const checks: string[] = [];
  for (const { file, data } of done) {
    if (data === null) {
      ctx.reads.forget(file.abs);
      continue;
    }
    ctx.reads.record(file.abs, data);
    const note = await ctx.afterWrite?.(file.rel);
    if (note) checks.push(note);
  }
  return {
    ok: true,
    files: done.map((d) => ({ rel: d.file.rel, after: d.after })),
    note: approved.note,
    checks,
  };
}

/** Asks the session's permissions; the files to write with the person's final text. */
async function approve(
  ctx: ChangeContext,
  proposed: readonly ProposedFile[],
  options: ChangeOptions,
): Promise<
  { ok: true; planned: Planned[]; note: string } | { ok: false; stage: 'approval'; message: string }
> {
  const changes: FileChange[] = proposed.map((p) => ({ path: p.rel, before: p.before, after: p.after }));
  // The type says it is there; a cast or a plain-JS caller can still leave it out, and then nothing changes.
  const permissions: Permissions | undefined = ctx.permissions;
  if (!permissions) {
    const names = changes.map((c) => c.path).join(', ');
    return {
      ok: false,
      stage: 'approval',
      message: `${names} not changed: this call has no permissions to ask, so every change is refused.`,
    };
  }
  const permission = await permissions.edit(options.tool, changes, ctx.signal);
  if (!permission.ok) return { ok: false, stage: 'approval', message: permission.message };
  const finals = new Map(permission.files.map((f) => [f.path, f.after]));
  const planned: Planned[] = [];
  for (const file of proposed) {
    if (!finals.has(file.rel)) continue;
    const after = finals.get(file.rel) ?? null;
    if (after === null && file.after !== null && options.personDeletes === 'rejected') continue;
    planned.push({ file, after, data: toData(file, after) });
  }
  return { ok: true, planned, note: describeApproval(permission) ?? '' };
}

/**
 * The proposed mode, else the file's own, without setuid, setgid or sticky: a tool's write must not
 * leave (or create) a program that runs with its owner's rights. undefined: a new file, umask default.
 */
function writtenMode(file: ProposedFile): number | undefined {
  const mode = file.mode ?? file.original.mode;
  return mode === undefined ? undefined : mode & 0o777;
}

function toData(file: ProposedFile, after: string | null): string | Buffer | null {
  if (after === null) return null;
  if (after === file.after && file.bytes) return file.bytes;
  return file.encode ? file.encode(after) : after;
}

/** Puts back what was written before a failure, newest first; the paths that could not be restored. */
async function rollback(ctx: ChangeContext, done: readonly Planned[]): Promise<string[]> {
  const failures: string[] = [];
  for (const { file } of [...done].reverse()) {
    try {
      const { content, mode } = file.original;
      if (content === null) await ctx.ws.files.remove(file.abs);
      else await ctx.ws.files.write(file.abs, content, mode);
    } catch {
      failures.push(file.rel);
    }
  }
  return failures;
}

/** What a one-file tool tells the model when its change did not happen; `verb` as in `a.ts not written`. */
export function oneFileRefusal(
  rel: string,
  verb: 'written' | 'changed',
  failure: ChangeResult & { ok: false },
): string {
  switch (failure.stage) {
    case 'approval':
      return failure.message;
    case 'rejected':
      return `${rel} not ${verb}: the user rejected it.`;
    case 'checkpoint':
      return `${rel} not ${verb}: the checkpoint could not be saved (${failure.message}).`;
    case 'write':
      return `Could not write ${rel}: ${failure.message}`;
  }
}
