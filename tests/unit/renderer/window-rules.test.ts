// The window's pure rules behind three fixes: toasts collapse repeats, the settings form sends only
// what the person changed, and a change on disk refreshes the open file without taking the center.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DesktopApi, Settings } from '../../../src/shared/ipc';
import {
  afterSave,
  buildSettingsPatch,
  formView,
} from '../../../src/renderer/src/components/Settings/settings-form';
import { addToast, MAX_TOASTS, type Toast } from '../../../src/renderer/src/lib/toast-queue';
import { useAppStore } from '../../../src/renderer/src/store';

const error = (message: string) => ({ kind: 'error' as const, title: 'Could not x', code: 'c', message });

describe('toast queue', () => {
  it('collapses a repeat into the shown toast, counts it and moves it last', () => {
    let list: Toast[] = [];
    list = addToast(list, error('a'), 1);
    list = addToast(list, error('b'), 2);
    list = addToast(list, error('a'), 3);
    list = addToast(list, error('a'), 4);
    expect(list.map((t) => [t.id, t.message, t.count, t.raised])).toEqual([
      [2, 'b', 1, 0],
      [1, 'a', 3, 2],
    ]);
  });

  it('keeps toasts of another kind, title or code apart, and drops the oldest past the cap', () => {
    let list: Toast[] = [];
    list = addToast(list, error('a'), 1);
    list = addToast(list, { ...error('a'), kind: 'info' }, 2);
    list = addToast(list, { ...error('a'), code: 'other' }, 3);
    list = addToast(list, { ...error('a'), title: 'Could not y' }, 4);
    expect(list.map((t) => t.count)).toEqual([1, 1, 1, 1]);
    list = addToast(list, error('z'), 5);
    expect(list).toHaveLength(MAX_TOASTS);
    expect(list.map((t) => t.id)).toEqual([2, 3, 4, 5]);
  });

  it('collapses repeated failures in the store', () => {
    useAppStore.setState(useAppStore.getInitialState(), true);
    const { reportFailure } = useAppStore.getState();
    for (let i = 0; i < 3; i++) reportFailure({ ok: false, code: 'no_model', message: 'No model.' }, 'T');
    expect(useAppStore.getState().toasts).toMatchObject([{ code: 'no_model', count: 3, kind: 'error' }]);
  });
});

const saved: Settings = {
  modelsDir: '/m',
  context: { min: 2048, max: 8192 },
  approvalMode: 'ask',
  checks: { test: 'npm test' },
  allowNetwork: false,
  noSandbox: 'ask',
  activeModel: null,
  speculation: { lookup: 'auto', draftModel: null },
  sandbox: { available: true, kind: 'bwrap', note: '' },
};

describe('settings form', () => {
  it('sends only the changed fields, so a mode changed elsewhere is not reset', () => {
    expect(buildSettingsPatch(saved, { contextMax: '16384' })).toEqual({
      ok: true,
      patch: { context: { min: 2048, max: 16384 } },
    });
    // The draft's mode was taken from an older copy but never edited: it is not in the draft at all.
    expect(buildSettingsPatch({ ...saved, approvalMode: 'plan' }, { contextMin: '4096' })).toEqual({
      ok: true,
      patch: { context: { min: 4096, max: 8192 } },
    });
    expect(buildSettingsPatch(saved, { approvalMode: 'ask', checks: 'test=npm test' })).toEqual({
      ok: true,
      patch: {},
    });
    expect(buildSettingsPatch(saved, { lookup: 'off', allowNetwork: true })).toEqual({
      ok: true,
      patch: { speculation: { lookup: 'off', draftModel: null }, allowNetwork: true },
    });
  });

  it('says what is wrong with a changed field', () => {
    expect(buildSettingsPatch(saved, { contextMin: '9000' })).toMatchObject({ ok: false });
    expect(buildSettingsPatch(saved, { checks: 'nonsense' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('Checks: Line 1'),
    });
    expect(buildSettingsPatch(saved, { modelsDir: '  ' })).toMatchObject({ ok: false });
  });

  it('shows the saved settings under the draft, and keeps edits made while saving', () => {
    expect(formView({ ...saved, approvalMode: 'full-auto' }, { contextMax: '4096' })).toMatchObject({
      approvalMode: 'full-auto',
      contextMax: '4096',
      contextMin: '2048',
    });
    expect(afterSave({ contextMax: '4096', allowNetwork: true }, { contextMax: '4096' })).toEqual({
      allowNetwork: true,
    });
    expect(afterSave({ contextMax: '5000' }, { contextMax: '4096' })).toEqual({ contextMax: '5000' });
  });
});

describe('open file on disk change', () => {
  beforeEach(() => useAppStore.setState(useAppStore.getInitialState(), true));

  it('re-reads the open file in place and leaves the center tab where the person put it', async () => {
    let text = 'one\n';
    const api: Record<string, unknown> = {
      onEvent: () => () => {},
      'workspace.read': async () => ({ kind: 'text', path: 'a.txt', content: text }),
    };
    (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
    const state = () => useAppStore.getState();
    await state().openFile('a.txt');
    expect(state().center).toBe('file');
    state().showCenter('chat');
    text = 'two\n';
    state().refreshOpenFile(['a.txt']);
    // The old text stays shown while the new one is read.
    expect(state().viewer).toMatchObject({ view: { content: 'one\n' } });
    await expect.poll(() => state().viewer?.view).toMatchObject({ content: 'two\n' });
    expect(state().center).toBe('chat');
  });
});
