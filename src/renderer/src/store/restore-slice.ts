// A window that reloads (View > Reload, a crash of the renderer) comes back as it was: App asks the
// backend for a snapshot (app.restore), which arrives as a `restore` event in the ordered stream; the
// folder, the run and its chat so far, the open questions (with the review choices kept in the window's
// session storage), downloads in flight and the model replace what the window holds.
import type { WindowSnapshot } from '../../../shared/ipc';
import { call, isFailure } from '../api/client';
import { emptyChat, reduceChat } from '../chat/chat-model';
import { loadReviewChoices, saveReviewChoices, withSavedChoices } from '../restore/review-choices';
import type { AppState, SliceCreator } from './types';

export interface RestoreSlice {
  /** Asks the backend for the snapshot; it arrives as a `restore` event. */
  requestRestore(): Promise<void>;
  restoreWindow(snapshot: WindowSnapshot): void;
}

export const createRestoreSlice: SliceCreator<RestoreSlice> = (set, get) => ({
  async requestRestore() {
    const result = await call('app.restore', {});
    if (isFailure(result)) get().reportFailure(result, 'Could not restore the window');
  },
  restoreWindow(snapshot) {
    const { workspace } = snapshot;
    if (workspace && workspace.root !== get().workspace?.root) {
      set({ workspace, viewer: null, tabs: [], watch: null });
      get().resetTree();
      void get().loadDir('');
      void get().loadSessions();
      void get().loadMcp();
    }
    const { run } = snapshot;
    set({ chat: reduceChat(emptyChat(), run.events), running: run.running, sessionId: run.sessionId });
    // Read first: clearing the questions below clears what is kept, too.
    const choices = loadReviewChoices();
    set({ approvals: [], review: null });
    for (const request of snapshot.approvals) get().onApproval(request);
    const review = get().review;
    if (review) set({ review: withSavedChoices(review, choices) });
    for (const download of snapshot.downloads) get().onDownload(download);
    get().onModelState(snapshot.model);
  },
});

/** Keeps the open review's choices in session storage as they change; returns the unsubscribe. */
export function keepReviewChoices(store: {
  subscribe(listener: (state: AppState, previous: AppState) => void): () => void;
}): () => void {
  return store.subscribe((state, previous) => {
    if (state.review !== previous.review) saveReviewChoices(state.review);
  });
}
