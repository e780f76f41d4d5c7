// The approval step every file-changing tool takes between computing its change and writing it.
import type { FileChange } from '../../shared/approval.js';
import { describeApproval } from '../safety/permissions.js';
import type { ToolContext } from './types.js';

export type EditApproval =
  | {
      ok: true;
      /** Final text per path (the person's edits included); null deletes. Rejected paths are absent. */
      finals: Map<string, string | null>;
      /** For the model: what the person changed or rejected; empty when the proposal went through as is. */
      note: string;
    }
  | { ok: false; output: string };

/** Asks the session's permissions (absent: allowed as proposed). */
export async function approveEdit(
  ctx: ToolContext,
  tool: string,
  changes: FileChange[],
): Promise<EditApproval> {
  if (!ctx.permissions) {
    return { ok: true, finals: new Map(changes.map((c) => [c.path, c.after])), note: '' };
  }
  const permission = await ctx.permissions.edit(tool, changes, ctx.signal);
  if (!permission.ok) return { ok: false, output: permission.message };
  return {
    ok: true,
    finals: new Map(permission.files.map((f) => [f.path, f.after])),
    note: describeApproval(permission) ?? '',
  };
}
