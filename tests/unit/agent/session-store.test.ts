// The session store's layout, its lookups for a resume (latest of a folder, a bad id, another folder)
// and its saved conversations.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedConversation } from '../../../src/main/agent/saved-conversation.js';
import {
  LIST_SESSIONS_HINT,
  looksLikeSessionId,
  SessionStore,
} from '../../../src/main/agent/session-store.js';
import { takeResumeArg, describeLookupFailure } from '../../../src/main/cli-sessions.js';
import { checkpointsDirFor } from '../../../src/main/workspace/checkpoints.js';

let home: string;
let store: SessionStore;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'lc-store-'));
  store = new SessionStore({ LOCAL_CODER_HOME: home });
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function conversation(folder: string, text: string): SavedConversation {
  return {
    version: 1,
    model: 'script',
    folder,
    run: 1,
    savedAt: new Date().toISOString(),
    reads: [],
    messages: [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'task' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', args: { path: 'a' } }] },
      { role: 'tool', callId: 'c1', name: 'read_file', content: 'x' },
      { role: 'assistant', content: text, toolCalls: [] },
    ],
  };
}

/** A session with one finished run in `folder`. */
async function finished(folder: string, text = 'done') {
  const meta = await store.beginRun(await store.create({ folder, model: 'script', task: 't' }), 'script');
  return store.endRun(meta, 'done', conversation(folder, text));
}

describe('SessionStore', () => {
  it('keeps every file of a session in its own folder, checkpoints by workspace', async () => {
    const meta = await store.create({ folder: '/p', model: 'm', task: 'do it' });
    expect(looksLikeSessionId(meta.id)).toBe(true);
    const files = store.files(meta.id);
    const dir = path.join(home, 'sessions', meta.id);
    expect(files).toEqual({
      dir,
      meta: path.join(dir, 'session.json'),
      transcript: path.join(dir, 'transcript.jsonl'),
      conversation: path.join(dir, 'conversation.json'),
      spill: path.join(dir, 'spill'),
    });
    expect(await readdir(dir)).toEqual(['session.json']);
    expect(store.checkpointsDir('/p')).toBe(checkpointsDirFor('/p', { LOCAL_CODER_HOME: home }));
    expect(() => store.files('../escape')).toThrow();
  });

  it('counts runs and saves the conversation a resume continues', async () => {
    const meta = await finished('/p', 'first');
    expect(meta).toMatchObject({ runs: 1, stopReason: 'done', resumable: true });
    const again = await store.beginRun(meta, 'other-model');
    expect(again).toMatchObject({ runs: 2, stopReason: null, model: 'other-model' });
    const found = await store.find(meta.id, '/p');
    if (!found.ok) throw new Error(found.message);
    expect(found.conversation.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'first',
      toolCalls: [],
    });
  });

  it('finds the latest session of a folder, not of another one', async () => {
    const old = await finished('/p', 'old');
    await new Promise((r) => setTimeout(r, 5));
    const other = await finished('/q', 'other');
    await new Promise((r) => setTimeout(r, 5));
    const latest = await finished('/p', 'latest');
    expect((await store.list({ folder: '/p' })).map((m) => m.id)).toEqual([latest.id, old.id]);
    expect((await store.list()).map((m) => m.id)).toEqual([latest.id, other.id, old.id]);

    const found = await store.find(undefined, '/p');
    expect(found.ok && found.meta.id).toBe(latest.id);
    // Continuing the older session makes it the latest.
    await new Promise((r) => setTimeout(r, 5));
    await store.endRun(await store.beginRun(old, 'script'), 'done', conversation('/p', 'again'));
    const now = await store.find(undefined, '/p');
    expect(now.ok && now.meta.id).toBe(old.id);
  });

  it('reports a bad id, an empty folder, another folder and an unfinished run with their codes', async () => {
    expect(await store.find('2020-01-01T00-00-00-000Z-abcdef', '/p')).toMatchObject({
      ok: false,
      code: 'session_not_found',
    });
    expect(await store.find('../../etc', '/p')).toMatchObject({ code: 'session_not_found' });
    const none = await store.find(undefined, '/p');
    expect(none).toMatchObject({ code: 'no_session' });
    if (none.ok) throw new Error('found one');
    expect(describeLookupFailure(none, '/p')).toContain(LIST_SESSIONS_HINT.replace('DIR', '/p'));

    const done = await finished('/p');
    expect(await store.find(done.id, '/q')).toMatchObject({ code: 'wrong_folder' });
    const crashed = await store.beginRun(await store.create({ folder: '/p', model: 'm', task: 't' }), 'm');
    expect(await store.find(crashed.id, '/p')).toMatchObject({ code: 'not_resumable' });
    // The latest session of the folder is the one that can be continued.
    const latest = await store.find(undefined, '/p');
    expect(latest.ok && latest.meta.id).toBe(done.id);
  });

  it('treats a damaged conversation or session file as absent', async () => {
    const meta = await finished('/p');
    await writeFile(store.files(meta.id).conversation, '{"version":1,"messages":[]}');
    expect(await store.find(meta.id, '/p')).toMatchObject({ code: 'not_resumable' });
    await writeFile(store.files(meta.id).meta, 'not json');
    expect(await store.read(meta.id)).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });
});

describe('takeResumeArg', () => {
  const id = '2025-01-31T09-30-00-000Z-a1b2c3';
  it('reads --resume with and without an id, leaving the rest for parseArgs', () => {
    expect(takeResumeArg(['--folder', 'p', '--resume', 'go on'])).toEqual({
      argv: ['--folder', 'p', 'go on'],
      resume: {},
    });
    expect(takeResumeArg(['--resume', id, 'go on'])).toEqual({ argv: ['go on'], resume: { id } });
    expect(takeResumeArg(['--resume=abc', 'go'])).toEqual({ argv: ['go'], resume: { id: 'abc' } });
    // One word followed by more: an id (a mistyped one is reported, not run as the task).
    expect(takeResumeArg(['--resume', 'abc', 'go on'])).toEqual({ argv: ['go on'], resume: { id: 'abc' } });
    expect(takeResumeArg(['--resume', 'fix'])).toEqual({ argv: ['fix'], resume: {} });
    expect(takeResumeArg(['--resume', '--json', 'go'])).toEqual({ argv: ['--json', 'go'], resume: {} });
    expect(takeResumeArg(['--json', 'go'])).toEqual({ argv: ['--json', 'go'] });
  });
});
