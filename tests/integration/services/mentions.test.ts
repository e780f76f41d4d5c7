// @-mentions through the desktop backend: the folder's files and folders ranked against what was typed
// (fuzzy), and what a mention attaches: a file's text or a folder's file list, counted in tokens and
// cut to the budget with a note, refused for a binary file, a path outside the folder, no budget left.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionView } from '../../../src/shared/ipc.js';
import { makeHarness, makeSandbox, removeSandbox, type Harness } from './backend-harness.js';

let box: Awaited<ReturnType<typeof makeSandbox>>;
let h: Harness;

beforeEach(async () => {
  box = await makeSandbox();
  const at = (...p: string[]) => path.join(box.project, ...p);
  await mkdir(at('src', 'services'), { recursive: true });
  await writeFile(at('src', 'services', 'agent-service.ts'), 'export const agent = 1;\n');
  await writeFile(at('src', 'app.ts'), 'export const app = 2;\n```\nnot a fence end\n');
  await writeFile(
    at('big.txt'),
    Array.from({ length: 4000 }, (_, i) => `line ${i} of a long file`).join('\n'),
  );
  await writeFile(at('blob.bin'), Buffer.from([0, 1, 2, 0, 255, 0]));
  await writeFile(path.join(box.tmp, 'secret.txt'), 'outside the folder\n');
  await symlink(path.join(box.tmp, 'secret.txt'), at('leak.txt'));
  h = makeHarness(box.env);
  await h.call('workspace.open', { path: box.project });
});
afterEach(async () => {
  await h?.backend.dispose();
  await removeSandbox(box.tmp);
});

const mention = (p: string, maxTokens?: number) =>
  h.call('workspace.mention', maxTokens ? { path: p, maxTokens } : { path: p }) as Promise<MentionView>;

describe('workspace.find', () => {
  it('ranks files and folders by a fuzzy match, best first', async () => {
    const found = await h.call('workspace.find', { query: 'agsvc' });
    if ('ok' in found) throw new Error(found.message);
    expect(found.entries[0]).toEqual({
      name: 'agent-service.ts',
      path: 'src/services/agent-service.ts',
      kind: 'file',
    });
    const folders = await h.call('workspace.find', { query: 'services', limit: 5 });
    if ('ok' in folders) throw new Error(folders.message);
    expect(folders.entries.map((e) => `${e.kind}:${e.path}`)).toContain('dir:src/services');
    // Nothing typed: the top level.
    const top = await h.call('workspace.find', { query: '' });
    if ('ok' in top) throw new Error(top.message);
    expect(top.entries.every((e) => !e.path.includes('/'))).toBe(true);
    expect(top.entries.map((e) => e.path)).toContain('src');
  });
});

describe('workspace.search', () => {
  it("finds lines with the agent's engine, literal or regex, and says what a bad pattern is", async () => {
    const found = await h.call('workspace.search', { pattern: 'export const' });
    if ('ok' in found) throw new Error(found.message);
    expect(found.matches.map((m) => `${m.path}:${m.line}`).sort()).toEqual([
      'src/app.ts:1',
      'src/services/agent-service.ts:1',
    ]);
    expect(found.capped).toBe(false);
    const capped = await h.call('workspace.search', { pattern: 'line \\d+ of', regex: true, maxMatches: 5 });
    if ('ok' in capped) throw new Error(capped.message);
    expect(capped).toMatchObject({ capped: true });
    expect(capped.matches).toHaveLength(5);
    expect(await h.call('workspace.search', { pattern: '(unclosed', regex: true })).toMatchObject({
      ok: false,
      code: 'invalid_regex',
    });
  });
});

describe('workspace.mention', () => {
  it("attaches a file's text whole, fenced so its own fences cannot end the block", async () => {
    const m = await mention('src/app.ts');
    expect(m).toMatchObject({ path: 'src/app.ts', kind: 'file', truncated: false, counted: 'approx' });
    expect(m.text).toBe('[file src/app.ts]\n````\nexport const app = 2;\n```\nnot a fence end\n\n````');
    expect(m.tokens).toBe(m.totalTokens);
  });

  it('cuts a long file at a line end to the budget and says so', async () => {
    const m = await mention('big.txt', 300);
    expect(m.truncated).toBe(true);
    expect(m.tokens).toBeLessThanOrEqual(300);
    expect(m.totalTokens).toBeGreaterThan(10_000);
    expect(m.text.split('\n')[0]).toBe(
      `[file big.txt] (cut: ${m.totalTokens} tokens, the first 300 attached)`,
    );
    expect(m.text).toMatch(/line \d+ of a long file\n```$/);
  });

  it("lists a folder's files", async () => {
    const m = await mention('src');
    expect(m).toMatchObject({ kind: 'dir', truncated: false });
    expect(m.text).toBe('[folder src/: 2 files]\nsrc/app.ts\nsrc/services/agent-service.ts');
  });

  it('refuses a binary file, a link out of the folder, a path outside it, and no budget left', async () => {
    expect(await mention('blob.bin')).toMatchObject({ ok: false, code: 'not_text' });
    expect(await mention('leak.txt')).toMatchObject({ ok: false });
    expect(await mention('../secret.txt')).toMatchObject({ ok: false });
    expect(await mention('src/app.ts', 10)).toMatchObject({ ok: false, code: 'over_budget' });
  });
});
