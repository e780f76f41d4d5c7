// The store's slices against a fake window.api (the same interface the preload and the e2e bridge
// provide): what each action sends, and how results, failures and events change the state.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/approval';
import {
  METHOD_NAMES,
  type DesktopApi,
  type MethodInput,
  type MethodName,
  type MethodOutputs,
} from '../../../src/shared/ipc';
import { useAppStore } from '../../../src/renderer/src/store';

type Handlers = {
  [M in MethodName]?: (input: MethodInput<M>) => MethodOutputs[M] | Promise<MethodOutputs[M]>;
};

function installBridge(handlers: Handlers): { method: string; input: unknown }[] {
  const calls: { method: string; input: unknown }[] = [];
  const api: Record<string, unknown> = { onEvent: () => () => {} };
  for (const name of METHOD_NAMES) {
    api[name] = async (input: unknown) => {
      calls.push({ method: name, input });
      const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`Invalid input for ${name}: not expected in this test`);
      return handler(input);
    };
  }
  (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
  return calls;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const state = () => useAppStore.getState();

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('chat slice', () => {
  it('shows a sent task at once and marks the run as running', async () => {
    const calls = installBridge({ 'agent.send': () => ({ sessionId: 's1', steered: false }) });
    expect(await state().send('fix the bug')).toBe(true);
    expect(calls).toEqual([{ method: 'agent.send', input: { text: 'fix the bug' } }]);
    expect(state().running).toBe(true);
    expect(state().chat.items).toMatchObject([{ kind: 'user', text: 'fix the bug', pending: true }]);
    state().applyAgentEvents([
      { type: 'session_start', sessionId: 's1', folder: '/p', model: 'm', task: 'fix the bug', time: 't' },
      { type: 'stop', reason: 'done', message: 'ok', steps: 1 },
    ]);
    expect(state().chat.items[0]).toMatchObject({ pending: false });
    expect(state().running).toBe(false);
  });

  it('shows a refused send as a toast and takes the message back', async () => {
    installBridge({
      'agent.send': () => ({ ok: false, code: 'no_model', message: 'Activate a model first.' }),
    });
    expect(await state().send('hello')).toBe(false);
    expect(state().chat.items).toEqual([]);
    expect(state().toasts).toMatchObject([{ code: 'no_model', message: 'Activate a model first.' }]);
  });

  it('turns a rejected call (a schema violation) into a toast too', async () => {
    installBridge({});
    await state().cancel();
    expect(state().toasts).toMatchObject([
      { code: 'ipc_error', message: expect.stringContaining('agent.cancel') },
    ]);
  });

  it('marks a message sent while running as steering', async () => {
    installBridge({ 'agent.send': () => ({ sessionId: 's1', steered: true }) });
    state().setRunState(true, 's1');
    await state().send('also update the docs');
    expect(state().chat.items.at(-1)).toMatchObject({ kind: 'user', steering: true });
  });

  it('undoes a turn, or says why not', async () => {
    installBridge({ 'agent.undoTurn': () => ({ restored: ['a.ts', 'b.ts'], checkpointId: 'k' }) });
    state().applyAgentEvents([{ type: 'checkpoint', step: 1, id: 'k', files: 2 }]);
    expect(state().chat.undoable).toBe(1);
    await state().undoTurn();
    expect(state().chat.undoable).toBe(0);
    expect(state().chat.items.at(-1)).toMatchObject({
      kind: 'notice',
      text: expect.stringContaining('2 files'),
    });
    installBridge({
      'agent.undoTurn': () => ({ ok: false, code: 'nothing_to_undo', message: 'No turn to undo.' }),
    });
    await state().undoTurn();
    expect(state().toasts.at(-1)).toMatchObject({ code: 'nothing_to_undo' });
  });
});

describe('review slice', () => {
  const edit: ApprovalRequest = {
    id: 'r1',
    kind: 'edit',
    tool: 'edit_file',
    changes: [
      { path: 'a.txt', before: 'one\ntwo\nthree\nfour\n', after: 'ONE\ntwo\nthree\nFOUR\n' },
      { path: 'b.txt', before: 'x\n', after: 'y\n' },
    ],
  };

  it('opens the review, sends the chosen hunks and files, and closes', async () => {
    const calls = installBridge({ 'agent.decide': () => ({ ok: true }) });
    state().onApproval(edit);
    expect(state().center).toBe('review');
    expect(state().review?.files.map((f) => f.path)).toEqual(['a.txt', 'b.txt']);
    state().setHunk('a.txt', '3+1', 'rejected');
    state().setFileDecision('b.txt', 'rejected');
    await state().applyReview('keep four');
    expect(calls).toEqual([
      {
        method: 'agent.decide',
        input: {
          requestId: 'r1',
          decision: {
            approved: true,
            files: [{ path: 'a.txt', after: 'ONE\ntwo\nthree\nfour\n' }],
            rejected: ['b.txt'],
            note: 'keep four',
          },
        },
      },
    ]);
    expect(state().approvals).toEqual([]);
    expect(state().review).toBeNull();
    expect(state().center).toBe('chat');
  });

  it('sends what the person typed into the proposed side', async () => {
    const calls = installBridge({ 'agent.decide': () => ({ ok: true }) });
    state().onApproval(edit);
    state().editFile('b.txt', 'z\n');
    await state().applyReview();
    const input = calls[0]?.input as MethodInput<'agent.decide'>;
    expect(input.decision.files).toContainEqual({ path: 'b.txt', after: 'z\n' });
  });

  it('keeps the review open when the decision is refused', async () => {
    installBridge({
      'agent.decide': () => ({ ok: false, code: 'unknown_request', message: 'Already answered.' }),
    });
    state().onApproval(edit);
    await state().rejectReview();
    expect(state().review).not.toBeNull();
    expect(state().toasts).toMatchObject([{ code: 'unknown_request' }]);
  });

  it('answers a command question and queues the next one', async () => {
    const calls = installBridge({ 'agent.decide': () => ({ ok: true }) });
    const command: ApprovalRequest = {
      id: 'c1',
      kind: 'command',
      tool: 'run_command',
      command: 'rm -rf build',
      judgement: { verdict: 'ask', reasons: ['deletes files'], segments: ['rm -rf build'] },
      sandboxed: true,
    };
    state().onApproval(command);
    state().onApproval(edit);
    expect(state().center).toBe('chat');
    expect(state().review).toBeNull();
    await state().decideCommand(false, ' use make clean ');
    expect(calls[0]?.input).toEqual({
      requestId: 'c1',
      decision: { approved: false, note: 'use make clean' },
    });
    expect(state().approvals.map((a) => a.id)).toEqual(['r1']);
    expect(state().review?.requestId).toBe('r1');
    expect(state().center).toBe('review');
    state().onApprovalClosed('r1');
    expect(state().review).toBeNull();
  });
});

describe('workspace and tree slices', () => {
  it('opens a folder, lists its root, expands a folder and applies watcher changes', async () => {
    const calls = installBridge({
      'workspace.open': ({ path }) => ({ root: path ?? '/picked', name: 'picked' }),
      'workspace.list': ({ dir }) => ({
        entries:
          dir === ''
            ? [
                { name: 'z.txt', path: 'z.txt', kind: 'file' },
                { name: 'src', path: 'src', kind: 'dir' },
              ]
            : [{ name: 'a.ts', path: 'src/a.ts', kind: 'file' }],
      }),
      'workspace.recent': () => ['/picked'],
      'sessions.list': () => [],
    });
    await state().openFolder();
    await settle();
    expect(calls[0]).toEqual({ method: 'workspace.open', input: {} });
    expect(state().workspace?.root).toBe('/picked');
    expect(state().children['']?.map((e) => e.path)).toEqual(['src', 'z.txt']);
    expect(state().recent).toEqual(['/picked']);
    state().toggleDir('src');
    await settle();
    expect(state().expanded).toEqual({ src: true });
    expect(state().children.src?.map((e) => e.path)).toEqual(['src/a.ts']);
    state().applyTreeEvent([
      { path: 'src/b.ts', kind: 'add' },
      { path: 'z.txt', kind: 'unlink' },
    ]);
    expect(state().children.src?.map((e) => e.path)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(state().children['']?.map((e) => e.path)).toEqual(['src']);
  });

  it('ignores a cancelled dialog and reports a failed open', async () => {
    installBridge({ 'workspace.open': () => ({ cancelled: true }) });
    await state().openFolder();
    expect(state().workspace).toBeNull();
    expect(state().toasts).toEqual([]);
    installBridge({
      'workspace.open': () => ({ ok: false, code: 'not_a_folder', message: 'Not a folder.' }),
    });
    await state().openFolder('/etc/passwd');
    expect(state().toasts).toMatchObject([{ code: 'not_a_folder' }]);
  });
});

describe('models and settings slices', () => {
  it('tracks downloads per catalog entry and reloads the library when one is done', async () => {
    const calls = installBridge({
      'models.download': () => ({ downloadId: 'd1' }),
      'models.library': () => [],
      'models.catalog': () => [],
    });
    await state().download('tiny');
    expect(state().downloads.tiny).toMatchObject({ downloadId: 'd1', status: 'starting' });
    const view = {
      downloadId: 'd1',
      catalogId: 'tiny',
      fileName: 'tiny.gguf',
      downloadedBytes: 50,
      totalBytes: 100,
      bytesPerSecond: 10,
      etaSeconds: 5,
    };
    state().onDownload({ ...view, status: 'downloading' });
    expect(state().downloads.tiny?.downloadedBytes).toBe(50);
    state().onDownload({ ...view, status: 'failed', message: 'Connection reset.' });
    expect(state().toasts).toMatchObject([{ code: 'download_failed', message: 'Connection reset.' }]);
    state().onDownload({ ...view, status: 'done', downloadedBytes: 100 });
    await settle();
    expect(calls.map((c) => c.method)).toEqual(['models.download', 'models.library', 'models.catalog']);
  });

  it('returns and shows a refused settings update', async () => {
    installBridge({
      'settings.update': () => ({ ok: false, code: 'invalid_folder', message: 'No such folder.' }),
    });
    const failure = await state().updateSettings({ modelsDir: '/nope' });
    expect(failure).toMatchObject({ code: 'invalid_folder' });
    expect(state().toasts).toMatchObject([{ code: 'invalid_folder' }]);
  });

  it('reports a model that failed to load once', () => {
    installBridge({});
    const failed = {
      status: 'failed',
      fileName: 'm.gguf',
      code: 'insufficient_memory',
      message: 'Too big.',
    } as const;
    state().onModelState(failed);
    state().onModelState(failed);
    expect(state().toasts).toHaveLength(1);
    expect(state().modelState).toEqual(failed);
  });
});
