// Sessions are read back from the session store, and from the flat JSONL transcripts older versions wrote.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import { TranscriptWriter } from '../../../src/main/agent/transcript.js';
import { SessionsService } from '../../../src/main/services/sessions-service.js';
import { SessionStore } from '../../../src/main/agent/session-store.js';

let home: string;
let dir: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'lc-sessions-'));
  dir = path.join(home, 'sessions');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function writeSession(file: string, id: string, time: string, task: string, events: AgentEvent[]) {
  const writer = new TranscriptWriter(path.join(dir, file));
  writer.write({ type: 'session_start', sessionId: id, folder: '/work/p', model: 'script', task, time });
  for (const e of events) writer.write(e);
  await writer.close();
}

describe('SessionsService', () => {
  it('lists sessions newest first with their stop reason, and opens one for replay', async () => {
    const long = 'y'.repeat(200_000); // a first line longer than one read chunk
    await writeSession('a.jsonl', 's-old', '2025-01-01T10:00:00.000Z', 'old task', [
      { type: 'turn_start', step: 1 },
      { type: 'text_delta', step: 1, text: 'not kept' },
      { type: 'assistant_message', step: 1, text: 'x'.repeat(100_000) },
      { type: 'stop', reason: 'done', message: 'ok', steps: 1 },
    ]);
    await writeSession('b.jsonl', 's-new', '2025-02-01T10:00:00.000Z', long, [
      { type: 'turn_start', step: 1 },
    ]);
    await mkdir(path.join(dir, 'b', 'spill'), { recursive: true }); // a run's spill folder is not a session
    await writeFile(path.join(dir, 'junk.jsonl'), 'not json\n');
    await writeFile(path.join(dir, 'empty.jsonl'), '');

    const service = new SessionsService({ LOCAL_CODER_HOME: home });
    const list = await service.list();
    expect(list.map((s) => [s.sessionId, s.stopReason])).toEqual([
      ['s-new', null],
      ['s-old', 'done'],
    ]);
    expect(list[1]).toEqual({
      sessionId: 's-old',
      task: 'old task',
      folder: '/work/p',
      startedAt: '2025-01-01T10:00:00.000Z',
      stopReason: 'done',
      resumable: false, // a transcript of an older version, with no saved conversation
    });
    expect(list[0]?.task.length).toBe(501); // cut, with an ellipsis

    const opened = await service.open('s-old');
    if ('ok' in opened) throw new Error(opened.message);
    expect(opened.events.map((e) => e.type)).toEqual([
      'session_start',
      'turn_start',
      'assistant_message',
      'stop',
    ]);
    expect(opened.events[0]).not.toHaveProperty('t');
    expect(opened.summary.stopReason).toBe('done');
  });

  it('skips a half-written last line (a run still writing) and finds sessions not listed yet', async () => {
    await writeSession('live.jsonl', 's-live', '2025-03-01T10:00:00.000Z', 'live', [
      { type: 'turn_start', step: 1 },
    ]);
    await writeFile(path.join(dir, 'live.jsonl'), '{"type":"stop","rea', { flag: 'a' });
    const service = new SessionsService({ LOCAL_CODER_HOME: home });
    const opened = await service.open('s-live');
    if ('ok' in opened) throw new Error(opened.message);
    expect(opened.events.map((e) => e.type)).toEqual(['session_start', 'turn_start']);
    expect(opened.summary.stopReason).toBeNull();
    expect(await service.open('missing')).toMatchObject({ ok: false, code: 'session_not_found' });
  });

  it('lists nothing when the sessions folder does not exist', async () => {
    expect(await new SessionsService({ LOCAL_CODER_HOME: home }).list()).toEqual([]);
  });
});

describe('SessionsService over the session store', () => {
  it('lists stored sessions (resumable once a run saved its conversation) and opens their transcript', async () => {
    const env = { LOCAL_CODER_HOME: home };
    const store = new SessionStore(env);
    const meta = await store.beginRun(await store.create({ folder: '/work/p', model: 'm', task: 'hi' }), 'm');
    const writer = new TranscriptWriter(store.files(meta.id).transcript);
    const start = { sessionId: meta.id, folder: '/work/p', model: 'm', task: 'hi', time: meta.startedAt };
    writer.write({ type: 'session_start', ...start });
    writer.write({ type: 'stop', reason: 'done', message: 'ok', steps: 1 });
    writer.write({ type: 'session_start', ...start, task: 'more', run: 2 });
    await writer.close();
    await writeSession('old.jsonl', 's-old', '2020-01-01T10:00:00.000Z', 'old', []);
    const service = new SessionsService(env);
    expect((await service.list()).map((s) => [s.sessionId, s.resumable])).toEqual([
      [meta.id, false],
      ['s-old', false],
    ]);
    await store.endRun(meta, 'done', {
      version: 1,
      model: 'm',
      folder: '/work/p',
      run: 1,
      savedAt: meta.startedAt,
      reads: [],
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect((await service.list())[0]).toMatchObject({
      sessionId: meta.id,
      resumable: true,
      stopReason: 'done',
    });
    const opened = await service.open(meta.id);
    if ('ok' in opened) throw new Error(opened.message);
    expect(opened.events.map((e) => e.type)).toEqual(['session_start', 'stop', 'session_start']);
    expect(opened.summary).toMatchObject({ task: 'hi', resumable: true });
  });
});
