// File tabs in the center: one per file, the shown one is `viewer`, a file read once per tab, closing
// the shown tab shows its neighbour (or the chat), a line to reveal, at most 12 tabs.
import { beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type DesktopApi } from '../../../src/shared/ipc';
import { useAppStore } from '../../../src/renderer/src/store';

const reads: string[] = [];
const state = () => useAppStore.getState();
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
  reads.length = 0;
  const api: Record<string, unknown> = { onEvent: () => () => {} };
  for (const name of METHOD_NAMES)
    api[name] = async (input: { path?: string }) => {
      if (name !== 'workspace.read') throw new Error(`unexpected ${name}`);
      reads.push(input.path ?? '');
      return { kind: 'text', path: input.path, content: `text of ${input.path}` };
    };
  (globalThis as { api?: DesktopApi }).api = api as unknown as DesktopApi;
});

describe('file tabs', () => {
  it('opens one tab per file, reads each once, and shows the one asked for at its line', async () => {
    await state().openFile('a.js');
    await state().openFile('b.js');
    await state().openFile('a.js', 7);
    expect(state().tabs.map((t) => t.path)).toEqual(['a.js', 'b.js']);
    expect(state().viewer).toMatchObject({ path: 'a.js', line: 7, view: { content: 'text of a.js' } });
    expect(state().center).toBe('file');
    expect(reads).toEqual(['a.js', 'b.js']);
  });

  it('closing the shown tab shows the next one, then the chat', async () => {
    await state().openFile('a.js');
    await state().openFile('b.js');
    await state().openFile('c.js');
    await state().openFile('b.js');
    state().closeFile();
    expect(state().viewer?.path).toBe('c.js');
    state().closeFile('a.js');
    expect(state().viewer?.path).toBe('c.js');
    state().closeFile();
    expect(state().tabs).toEqual([]);
    expect(state().viewer).toBeNull();
    expect(state().center).toBe('chat');
  });

  it('keeps at most 12 tabs, dropping the oldest', async () => {
    for (let i = 0; i < 14; i++) await state().openFile(`f${i}.js`);
    expect(state().tabs.map((t) => t.path)).toEqual(Array.from({ length: 12 }, (_, i) => `f${i + 2}.js`));
  });

  it('a change on disk re-reads every open tab it touches, without switching the center', async () => {
    await state().openFile('a.js');
    await state().openFile('b.js');
    state().showCenter('chat');
    reads.length = 0;
    state().refreshOpenFile(['a.js', 'z.js']);
    await settle();
    expect(reads).toEqual(['a.js']);
    expect(state().center).toBe('chat');
  });
});
