// Questions from the core: an edit opens the review (per file and per hunk choices, editable proposal);
// a command asks to run or deny, and so does a call to a tool from another source (external). The
// answer goes back with agent.decide.
import type { ApprovalDecision, ApprovalRequest } from '../../../shared/approval';
import { call, isFailure } from '../api/client';
import {
  buildDecision,
  editProposal,
  initReview,
  rejectAllDecision,
  setFileState,
  setHunkState,
  type FileReview,
  type HunkState,
} from '../review/review-model';
import type { SliceCreator } from './types';

export interface ReviewSlice {
  /** Open questions, oldest first; the first is the one shown. */
  approvals: ApprovalRequest[];
  /** Review state of the first approval when it is an edit. */
  review: { requestId: string; files: FileReview[]; activePath: string } | null;
  deciding: boolean;
  onApproval(request: ApprovalRequest): void;
  onApprovalClosed(requestId: string): void;
  selectReviewFile(path: string): void;
  setHunk(path: string, hunkId: string, state: HunkState): void;
  setFileDecision(path: string, state: HunkState): void;
  editFile(path: string, text: string): void;
  applyReview(note?: string): Promise<void>;
  rejectReview(note?: string): Promise<void>;
  /**
   * Answers the first question when it is a yes/no one: a command or an external tool call. `remember`
   * (an external tool whose request says canRemember) goes only with an approval.
   */
  decideCommand(approved: boolean, note?: string, remember?: boolean): Promise<void>;
}

function reviewFor(request: ApprovalRequest | undefined): ReviewSlice['review'] {
  if (!request || request.kind !== 'edit') return null;
  return {
    requestId: request.id,
    files: initReview(request.changes),
    activePath: request.changes[0]?.path ?? '',
  };
}

export const createReviewSlice: SliceCreator<ReviewSlice> = (set, get) => {
  const updateFile = (path: string, change: (file: FileReview) => FileReview) =>
    set((s) =>
      s.review
        ? { review: { ...s.review, files: s.review.files.map((f) => (f.path === path ? change(f) : f)) } }
        : {},
    );

  const decide = async (decision: ApprovalDecision) => {
    const request = get().approvals[0];
    if (!request || get().deciding) return;
    set({ deciding: true });
    const result = await call('agent.decide', { requestId: request.id, decision });
    set({ deciding: false });
    if (isFailure(result)) return get().reportFailure(result, 'Could not send the decision');
    get().onApprovalClosed(request.id);
  };

  return {
    approvals: [],
    review: null,
    deciding: false,
    onApproval(request) {
      if (get().approvals.some((a) => a.id === request.id)) return;
      const approvals = [...get().approvals, request];
      const first = approvals[0];
      // A question takes the center: a review opens, a command or external call shows in the chat.
      const center = first?.kind === 'edit' ? 'review' : get().center === 'review' ? 'review' : 'chat';
      set({ approvals, review: get().review ?? reviewFor(first), center });
    },
    onApprovalClosed(requestId) {
      const approvals = get().approvals.filter((a) => a.id !== requestId);
      if (approvals.length === get().approvals.length) return;
      const first = approvals[0];
      const current = get().review;
      const review = current && current.requestId === first?.id ? current : reviewFor(first);
      const center =
        first?.kind === 'edit'
          ? 'review'
          : first
            ? 'chat'
            : get().center === 'review'
              ? 'chat'
              : get().center;
      set({ approvals, review, center });
    },
    selectReviewFile: (path) => set((s) => (s.review ? { review: { ...s.review, activePath: path } } : {})),
    setHunk: (path, hunkId, state) => updateFile(path, (f) => setHunkState(f, hunkId, state)),
    setFileDecision: (path, state) => updateFile(path, (f) => setFileState(f, state)),
    editFile: (path, text) => updateFile(path, (f) => editProposal(f, text)),
    async applyReview(note) {
      const review = get().review;
      if (review) await decide(buildDecision(review.files, note));
    },
    async rejectReview(note) {
      const review = get().review;
      if (review) await decide(rejectAllDecision(review.files, note));
    },
    async decideCommand(approved, note, remember) {
      const trimmed = note?.trim();
      await decide({
        approved,
        ...(trimmed ? { note: trimmed } : {}),
        ...(approved && remember ? { remember } : {}),
      });
    },
  };
};
