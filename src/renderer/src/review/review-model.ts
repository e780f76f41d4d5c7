// The person's review of one edit request: per file accepted or rejected, per hunk accepted or
// rejected, and the proposed text as they edited it. Pure; turned into an ApprovalDecision at the end.
import type { ApprovalDecision, FileChange } from '../../../shared/approval';
import { applyHunks, computeHunks, type Hunk } from './hunks';

export interface FileReview {
  path: string;
  before: string | null;
  /** The proposal as the tool made it; null: the file is deleted. */
  proposed: string | null;
  /** The proposed side as the person edited it; undefined while untouched. */
  edited?: string;
  fileState: 'accepted' | 'rejected';
  /** Hunk ids the person rejected; every other hunk is accepted (so new hunks from an edit start accepted). */
  rejectedHunks: string[];
}

export type HunkState = 'accepted' | 'rejected';

export function initReview(changes: readonly FileChange[]): FileReview[] {
  return changes.map((c) => ({
    path: c.path,
    before: c.before,
    proposed: c.after,
    fileState: 'accepted',
    rejectedHunks: [],
  }));
}

/** The proposed side as it stands (the person's edit, else the tool's proposal). */
export function currentProposal(file: FileReview): string | null {
  return file.edited ?? file.proposed;
}

export function fileHunks(file: FileReview): Hunk[] {
  return computeHunks(file.before, currentProposal(file));
}

export function hunkState(file: FileReview, hunkId: string): HunkState {
  return file.fileState === 'rejected' || file.rejectedHunks.includes(hunkId) ? 'rejected' : 'accepted';
}

export function setHunkState(file: FileReview, hunkId: string, state: HunkState): FileReview {
  const rest = file.rejectedHunks.filter((id) => id !== hunkId);
  const rejectedHunks = state === 'rejected' ? [...rest, hunkId] : rest;
  // Accepting a hunk of a rejected file brings the file back with only that hunk changed by the choice.
  if (file.fileState === 'rejected' && state === 'accepted') {
    const others = fileHunks(file)
      .map((h) => h.id)
      .filter((id) => id !== hunkId);
    return { ...file, fileState: 'accepted', rejectedHunks: others };
  }
  return { ...file, rejectedHunks };
}

export function setFileState(file: FileReview, state: HunkState): FileReview {
  return { ...file, fileState: state, rejectedHunks: state === 'accepted' ? [] : file.rejectedHunks };
}

export function editProposal(file: FileReview, text: string): FileReview {
  return { ...file, edited: text === file.proposed ? undefined : text };
}

/**
 * What applying this file means: `after` (null deletes), or null when nothing of it is to change
 * (rejected, every hunk rejected, or a proposal equal to the file).
 */
export function finalChange(file: FileReview): { after: string | null } | null {
  if (file.fileState === 'rejected') return null;
  const proposal = currentProposal(file);
  const hunks = computeHunks(file.before, proposal);
  const accepted = new Set(hunks.map((h) => h.id).filter((id) => !file.rejectedHunks.includes(id)));
  if (proposal === null) {
    // A deletion is all or nothing: its one hunk (if the file had any text) decides.
    return hunks.length > 0 && accepted.size === 0 ? null : { after: null };
  }
  if (hunks.length > 0 && accepted.size === 0) return null;
  if (hunks.length === 0 && file.before !== null) return null;
  return { after: applyHunks(file.before, hunks, accepted) };
}

/** The decision for "Apply": accepted files with their final text, the rest rejected. */
export function buildDecision(files: readonly FileReview[], note?: string): ApprovalDecision {
  const out: { path: string; after: string | null }[] = [];
  const rejected: string[] = [];
  for (const file of files) {
    const change = finalChange(file);
    if (change) out.push({ path: file.path, after: change.after });
    else rejected.push(file.path);
  }
  const trimmed = note?.trim();
  if (out.length === 0) {
    return { approved: false, rejected, note: trimmed || 'The person rejected every proposed change.' };
  }
  return {
    approved: true,
    files: out,
    ...(rejected.length > 0 ? { rejected } : {}),
    ...(trimmed ? { note: trimmed } : {}),
  };
}

/** The decision for "Reject all". */
export function rejectAllDecision(files: readonly FileReview[], note?: string): ApprovalDecision {
  const trimmed = note?.trim();
  return { approved: false, rejected: files.map((f) => f.path), ...(trimmed ? { note: trimmed } : {}) };
}
