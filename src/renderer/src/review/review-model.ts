// The person's review of one edit request: per file accepted or rejected, per hunk accepted or
// rejected, and the proposed text as they edited it. Pure; turned into an ApprovalDecision at the end.
// The proposed side of the diff shows shownProposal: rejected hunks already taken out, so what the
// person sees is what Apply writes.
import type { ApprovalDecision, FileChange } from '../../../shared/approval';
import { applyHunks, computeHunks, splitLinesKeepingEnds, type Hunk } from './hunks';
import { changedLines } from './text-span';

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

/**
 * The person typed into the proposed side, which showed shownProposal (rejected hunks as the original
 * lines): the text becomes the proposal. Rejected hunks the edit did not touch stay rejected (their
 * proposed lines are kept out of sight); the rest of the text is accepted as typed. Either way the
 * proposed side then shows exactly `text`. Text equal to what is shown changes nothing.
 */
export function editProposal(file: FileReview, text: string): FileReview {
  const shown = shownProposal(file);
  if (text === shown) return file;
  const kept = keepUntouchedRejections(file, shown, text);
  if (kept && shownProposal(kept) === text) return kept;
  return {
    ...file,
    edited: text === file.proposed ? undefined : text,
    fileState: 'accepted',
    rejectedHunks: [],
  };
}

/** `text` typed over `shown`, with each rejected hunk outside the edited lines put back, rejected. */
function keepUntouchedRejections(file: FileReview, shown: string, text: string): FileReview | null {
  const span = changedLines(shown, text);
  if (!span) return null;
  const lineAt = (s: string, offset: number) => splitLinesKeepingEnds(s.slice(0, offset)).length;
  const from = lineAt(shown, span.start);
  const to = lineAt(shown, span.fromEnd);
  const delta = lineAt(text, span.toEnd) - to;
  const spots: { at: number; hunk: Hunk }[] = [];
  let shift = 0;
  for (const hunk of fileHunks(file)) {
    // Where the hunk is in `shown`: after the accepted hunks before it have changed the line count.
    const at = hunk.oldStart + shift;
    if (hunkState(file, hunk.id) === 'accepted') {
      shift += hunk.newLines - hunk.oldLines;
      continue;
    }
    const inside = hunk.oldLines > 0 ? at < to && at + hunk.oldLines > from : at > from && at < to;
    if (!inside) spots.push({ at: at >= to ? at + delta : at, hunk });
  }
  if (spots.length === 0) return null;
  const lines = splitLinesKeepingEnds(text);
  for (const { at, hunk } of spots.reverse()) lines.splice(at, hunk.oldLines, ...hunk.added);
  const proposal = lines.join('');
  return {
    ...file,
    edited: proposal === file.proposed ? undefined : proposal,
    fileState: 'accepted',
    rejectedHunks: spots.map((s) => s.hunk.id),
  };
}

/**
 * What the proposed side shows: the file as Apply would leave it, with rejected hunks (or a rejected
 * file) showing the original lines. A deletion shows '' unless it is rejected.
 */
export function shownProposal(file: FileReview): string {
  const change = finalChange(file);
  // Nothing of this file changes: the original stands ('' for a file that is not created).
  return change ? (change.after ?? '') : (file.before ?? '');
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
