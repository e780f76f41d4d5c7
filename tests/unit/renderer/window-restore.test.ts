// A reloaded window's store from the backend's snapshot: the folder (and its tree asked for), the chat
// reduced from the run's events, running with Cancel available, the open question with the review
// choices the window kept in session storage, downloads and the model.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/approval';
import { METHOD_NAMES, type DesktopApi, type WindowSnapshot } from '../../../src/shared/ipc';
import {
  loadReviewChoices,
  saveReviewChoices,
  withSavedChoices,
} from '../../../src/renderer/src/restore/review-choices';
import { useAppStore } from '../../../src/renderer/src/store';
import { keepReviewChoices } from '../../../src/renderer/src/store/restore-slice';

/** sessionStorage as the window has it (this runs in node). */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, String(v));
  removeItem = (k: string) => void this.items.delete(k);
}

const calls: string[] = [];
const state = () => useAppStore.getState();

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
  (globalThis as { sessionStorage?: unknown }).sessionStorage = new MemoryStorage();
  calls.length = 0;
  const api: Record<string, unknown> = { onEvent: () => () => {} };
  for (const name of METHOD_NAMES) {
    api[name] = async () => {
      calls.push(name);
      if (name === 'workspace.list') return { entries: [] };
      if (name === 'sessions.list') return [];
      return { ok: true };
    };
  }
  (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
});
afterEach(() => {
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
});

const edit: ApprovalRequest = {
  id: 'q1',
  kind: 'edit',
  tool: 'edit_file',
  changes: [
    { path: 'a.txt', before: 'one\ntwo\nthree\nfour\n', after: 'ONE\ntwo\nthree\nFOUR\n' },
    { path: 'b.txt', before: 'x\n', after: 'y\n' },
  ],
};

const snapshot = (over: Partial<WindowSnapshot> = {}): WindowSnapshot => ({
  workspace: { root: '/work/p', name: 'p' },
  run: {
    running: true,
    sessionId: 's1',
    events: [
      { type: 'session_start', sessionId: 's1', folder: '/work/p', model: 'm', task: 'fix it', time: 't' },
      { type: 'turn_start', step: 1 },
      { type: 'text_delta', step: 1, text: 'Looking at a.txt' },
    ],
  },
  approvals: [edit],
  downloads: [
    {
      downloadId: 'd1',
      catalogId: 'qwen',
      fileName: 'qwen.gguf',
      status: 'downloading',
      downloadedBytes: 10,
      totalBytes: 100,
      bytesPerSecond: 5,
      etaSeconds: 18,
    },
  ],
  model: { status: 'loaded', fileName: 'm.gguf', contextSize: 4096, chatWrapper: 'ChatML', backend: 'cpu' },
  ...over,
});

describe('restoreWindow', () => {
  it('brings back the folder, the chat so far, the run, the question, downloads and the model', async () => {
    state().restoreWindow(snapshot());
    expect(state().workspace).toEqual({ root: '/work/p', name: 'p' });
    expect(calls).toContain('workspace.list');
    expect(state().running).toBe(true);
    expect(state().sessionId).toBe('s1');
    expect(state().chat.items.map((i) => i.kind)).toEqual(['session', 'user', 'assistant']);
    expect(state().chat.items[1]).toMatchObject({ text: 'fix it', pending: false });
    expect(state().approvals.map((a) => a.id)).toEqual(['q1']);
    expect(state().review?.files.map((f) => f.path)).toEqual(['a.txt', 'b.txt']);
    expect(state().center).toBe('review');
    expect(state().downloads.qwen?.downloadedBytes).toBe(10);
    expect(state().modelState).toMatchObject({ status: 'loaded', fileName: 'm.gguf' });
  });

  it("puts back the person's review choices for the same question, not for another", () => {
    // Kept the whole time, as App does: the restore itself must not lose them.
    const stop = keepReviewChoices(useAppStore);
    state().onApproval(edit);
    state().setHunk('a.txt', '4+1', 'rejected');
    state().setFileDecision('b.txt', 'rejected');
    state().editFile('a.txt', 'ONE\ntwo\nthree\nfour\nfive\n');
    state().selectReviewFile('b.txt');
    const chosen = state().review;
    stop();
    // The reload: a fresh store that keeps choices again, the same question from the backend.
    useAppStore.setState(useAppStore.getInitialState(), true);
    const again = keepReviewChoices(useAppStore);
    state().restoreWindow(snapshot());
    expect(state().review).toEqual(chosen);
    again();
    // Another question (the first was answered meanwhile): it starts afresh.
    useAppStore.setState(useAppStore.getInitialState(), true);
    state().restoreWindow(snapshot({ approvals: [{ ...edit, id: 'q2' }] }));
    expect(
      state().review?.files.every((f) => f.fileState === 'accepted' && f.rejectedHunks.length === 0),
    ).toBe(true);
    expect(state().review?.activePath).toBe('a.txt');
  });

  it('ignores kept choices that are not its own shape, and clears them when no review is open', () => {
    sessionStorage.setItem('local-coder.review-choices', '{"requestId":"q1","files":[{"path":1}]}');
    expect(loadReviewChoices()).toBeNull();
    sessionStorage.setItem('local-coder.review-choices', 'not json');
    expect(loadReviewChoices()).toBeNull();
    const review = { requestId: 'q1', activePath: 'a.txt', files: [] };
    expect(withSavedChoices(review, null)).toBe(review);
    saveReviewChoices(null);
    expect(sessionStorage.getItem('local-coder.review-choices')).toBeNull();
  });

  it('keeps the open folder and its tree when the snapshot names the same one; no folder: the welcome', () => {
    state().restoreWindow(snapshot({ approvals: [] }));
    calls.length = 0;
    state().restoreWindow(snapshot({ approvals: [], run: { running: false, sessionId: null, events: [] } }));
    expect(calls).not.toContain('workspace.list');
    expect(state().running).toBe(false);
    expect(state().chat.items).toEqual([]);
    useAppStore.setState(useAppStore.getInitialState(), true);
    state().restoreWindow(
      snapshot({ workspace: null, approvals: [], run: { running: false, sessionId: null, events: [] } }),
    );
    expect(state().workspace).toBeNull();
  });
});
