// The person's choices in an open review (per file and hunk, their edits of the proposal, the file shown),
// kept in the window's sessionStorage: it survives a reload of the window, not a restart of the app,
// and the backend still holds the question itself. Only the choices are kept, never the files' text
// the question carries, so a large change does not fill the storage.
import type { FileReview } from '../review/review-model';

export interface ReviewLike {
  requestId: string;
  files: FileReview[];
  activePath: string;
}

interface FileChoices {
  path: string;
  edited?: string;
  fileState: FileReview['fileState'];
  rejectedHunks: string[];
}

export interface SavedChoices {
  requestId: string;
  activePath: string;
  files: FileChoices[];
}

const KEY = 'local-coder.review-choices';

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // storage switched off for this origin
  }
}

/** Saves the choices of `review` (null: none open, so nothing is kept). */
export function saveReviewChoices(review: ReviewLike | null): void {
  const store = storage();
  if (!store) return;
  if (!review) return store.removeItem(KEY);
  const saved: SavedChoices = {
    requestId: review.requestId,
    activePath: review.activePath,
    files: review.files.map((f) => ({
      path: f.path,
      ...(f.edited !== undefined ? { edited: f.edited } : {}),
      fileState: f.fileState,
      rejectedHunks: f.rejectedHunks,
    })),
  };
  try {
    store.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Over the storage's quota (a huge edit): a reload then starts this review afresh.
  }
}

function isChoices(value: unknown): value is SavedChoices {
  const v = value as SavedChoices;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.requestId === 'string' &&
    typeof v.activePath === 'string' &&
    Array.isArray(v.files) &&
    v.files.every(
      (f) =>
        typeof f?.path === 'string' &&
        (f.fileState === 'accepted' || f.fileState === 'rejected') &&
        Array.isArray(f.rejectedHunks) &&
        f.rejectedHunks.every((h) => typeof h === 'string') &&
        (f.edited === undefined || typeof f.edited === 'string'),
    )
  );
}

/** The choices kept by the last saveReviewChoices, if they are readable. */
export function loadReviewChoices(): SavedChoices | null {
  try {
    const saved: unknown = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    return isChoices(saved) ? saved : null;
  } catch {
    return null;
  }
}

/** `review` with `saved` put back when they are for the same question; as it is otherwise. */
export function withSavedChoices<R extends ReviewLike>(review: R, saved: SavedChoices | null): R {
  if (!saved || saved.requestId !== review.requestId) return review;
  const byPath = new Map(saved.files.map((f) => [f.path, f]));
  const files = review.files.map((file) => {
    const choice = byPath.get(file.path);
    if (!choice) return file;
    return {
      ...file,
      fileState: choice.fileState,
      rejectedHunks: choice.rejectedHunks,
      ...(choice.edited !== undefined ? { edited: choice.edited } : {}),
    };
  });
  const activePath = files.some((f) => f.path === saved.activePath) ? saved.activePath : review.activePath;
  return { ...review, files, activePath };
}
