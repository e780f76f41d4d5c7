// The Models screen's backend: a catalog pointing at a real HTTP server on 127.0.0.1 serving generated
// GGUF files, downloads with progress, cancel and resume, import, activation of a real tiny GGUF through
// node-llama-cpp, a run on it, and the refusal to delete the loaded model.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopEvent, DownloadView, ModelStateView } from '../../../src/shared/ipc.js';
import { buildGguf } from '../../helpers/gguf-writer.js';
import { startModelServer, type ModelServer } from '../../helpers/model-server.js';
import { testModelPath } from '../test-model.js';
import {
  agentEvents,
  makeHarness,
  makeSandbox,
  removeSandbox,
  runEnded,
  type Harness,
} from './backend-harness.js';

const MB = 1024 * 1024;
const body = buildGguf({ padBytes: 14 * MB });
const bigBody = buildGguf({ padBytes: 30 * MB, seed: 3 });

let server: ModelServer;
let box: Awaited<ReturnType<typeof makeSandbox>>;
let catalogFile: string;
let h: Harness;

function entry(id: string, fileName: string, bytes: Buffer, sha256: string | null) {
  return {
    id,
    name: `Test ${id}`,
    family: 'llama',
    parameters: '1M',
    uri: `${server.url}/${fileName}`,
    fileName,
    sizeBytes: bytes.length,
    quantization: 'F32',
    license: 'MIT',
    contextLength: 2048,
    sha256,
    minMemoryGb: 1,
    description: 'A generated test model.',
  };
}

beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  box = await makeSandbox();
  server.files.clear();
  server.requests.length = 0;
  catalogFile = path.join(box.tmp, 'catalog.json');
  const sha = createHash('sha256').update(body).digest('hex');
  const models = [entry('tiny', 'tiny.gguf', body, sha), entry('big', 'big.gguf', bigBody, null)];
  await writeFile(catalogFile, JSON.stringify({ version: 1, models }));
});
afterEach(async () => {
  await h?.backend.dispose();
  await removeSandbox(box.tmp);
});

type DownloadEvent = Extract<DesktopEvent, { type: 'download' }>;
const downloads = (id: string): DownloadView[] =>
  h.events.flatMap((e) => (e.type === 'download' && e.download.downloadId === id ? [e.download] : []));
const finished =
  (id: string) =>
  (e: DesktopEvent): e is DownloadEvent =>
    e.type === 'download' &&
    e.download.downloadId === id &&
    ['done', 'failed', 'cancelled'].includes(e.download.status);

describe('catalog and downloads', () => {
  it('lists the catalog, downloads with progress events and shows the file in the library', async () => {
    server.files.set('/tiny.gguf', { body, bytesPerSecond: 6 * MB });
    h = makeHarness(box.env, { catalogFile, fit: { waitMs: 5000 } });
    const catalog = await h.call('models.catalog', {});
    expect(catalog.map((c) => [c.id, c.installed])).toEqual([
      ['tiny', false],
      ['big', false],
    ]);
    for (const c of catalog) expect(c.fit !== null || typeof c.fitMessage === 'string').toBe(true);
    expect(await h.call('models.download', { catalogId: 'nope' })).toMatchObject({ code: 'not_in_catalog' });

    const started = await h.call('models.download', { catalogId: 'tiny' });
    if ('ok' in started) throw new Error(started.message);
    // The same entry again while it downloads: the same download.
    expect(await h.call('models.download', { catalogId: 'tiny' })).toEqual(started);
    const end = await h.waitFor(finished(started.downloadId));
    expect(end.download).toMatchObject({ status: 'done', fileName: 'tiny.gguf', totalBytes: body.length });

    const seen = downloads(started.downloadId);
    expect(seen[0]).toMatchObject({ status: 'starting', catalogId: 'tiny' });
    const moving = seen.filter((d) => d.status === 'downloading');
    expect(moving.length).toBeGreaterThan(1);
    for (let i = 1; i < moving.length; i++) {
      expect(moving[i]!.downloadedBytes).toBeGreaterThanOrEqual(moving[i - 1]!.downloadedBytes);
    }
    expect(moving.some((d) => d.downloadedBytes > 0 && d.downloadedBytes < body.length)).toBe(true);
    expect(seen.some((d) => d.status === 'verifying')).toBe(true);
    expect(seen.filter((d) => d.status === 'done')).toHaveLength(1);

    const library = await h.call('models.library', {});
    expect(library).toEqual([
      expect.objectContaining({ fileName: 'tiny.gguf', sizeBytes: body.length, active: false }),
    ]);
    const after = await h.call('models.catalog', {});
    expect(after.find((c) => c.id === 'tiny')?.installed).toBe(true);

    expect(await h.call('models.delete', { fileName: 'tiny.gguf' })).toEqual({ ok: true });
    expect(await h.call('models.library', {})).toEqual([]);
    expect(await h.call('models.delete', { fileName: '../settings.json' })).toMatchObject({
      code: 'invalid_name',
    });
  });

  it('cancels a download, keeping the partial file, and resumes it on the next download', async () => {
    server.files.set('/big.gguf', { body: bigBody, bytesPerSecond: 8 * MB });
    h = makeHarness(box.env, { catalogFile });
    const first = await h.call('models.download', { catalogId: 'big' });
    if ('ok' in first) throw new Error(first.message);
    await h.waitFor(
      (e) =>
        e.type === 'download' && e.download.status === 'downloading' && e.download.downloadedBytes > 17 * MB,
    );
    expect(await h.call('models.cancelDownload', { downloadId: first.downloadId })).toEqual({
      cancelled: true,
    });
    const cancelled = await h.waitFor(finished(first.downloadId));
    expect(cancelled.download.status).toBe('cancelled');
    expect(await h.call('models.cancelDownload', { downloadId: first.downloadId })).toEqual({
      cancelled: false,
    });
    expect(await h.call('models.library', {})).toEqual([]);

    server.files.set('/big.gguf', { body: bigBody });
    const fetchedBefore = server.rangedBytes('/big.gguf');
    const second = await h.call('models.download', { catalogId: 'big' });
    if ('ok' in second) throw new Error(second.message);
    expect(second.downloadId).not.toBe(first.downloadId);
    const done = await h.waitFor(finished(second.downloadId));
    expect(done.download.status).toBe('done');
    expect(server.rangedBytes('/big.gguf') - fetchedBefore).toBeLessThan(bigBody.length);
    expect((await h.call('models.library', {})).map((m) => m.fileName)).toEqual(['big.gguf']);
  });
});

describe('library and the loaded model', () => {
  it('imports a GGUF, activates it with load events, runs on it, and refuses to delete it while loaded', async () => {
    h = makeHarness(box.env, {
      catalogFile,
      runDefaults: { maxSteps: 1, verify: false, toolChoice: 'required', tools: ['list_dir'] },
    });
    h.dialogs.modelFiles.push(null);
    expect(await h.call('models.import', {})).toEqual({ cancelled: true });
    h.dialogs.modelFiles.push(testModelPath());
    const imported = await h.call('models.import', {});
    expect(imported).toMatchObject({
      fileName: 'llama-2-tiny-random.gguf',
      architecture: 'llama',
      active: false,
    });
    expect(await h.call('models.import', { path: path.join(box.tmp, 'missing.gguf') })).toMatchObject({
      code: 'model_not_found',
    });

    expect(await h.call('models.activate', { fileName: 'absent.gguf' })).toMatchObject({
      code: 'model_not_found',
    });
    expect(await h.call('models.activate', { fileName: 'llama-2-tiny-random.gguf' })).toEqual({ ok: true });
    const states = h.events.flatMap((e) => (e.type === 'model' ? [e.state] : []));
    expect(states[0]).toMatchObject({ status: 'loading', fileName: 'llama-2-tiny-random.gguf' });
    const loaded = states.at(-1) as Extract<ModelStateView, { status: 'loaded' }>;
    expect(loaded).toMatchObject({ status: 'loaded', fileName: 'llama-2-tiny-random.gguf' });
    expect(loaded.contextSize).toBeGreaterThan(0);
    expect(['cpu', 'cuda', 'metal', 'vulkan']).toContain(loaded.backend);
    expect(await h.call('models.library', {})).toEqual([expect.objectContaining({ active: true })]);
    expect((await h.call('settings.get', {})).activeModel).toBe('llama-2-tiny-random.gguf');
    expect(await h.call('models.delete', { fileName: 'llama-2-tiny-random.gguf' })).toMatchObject({
      ok: false,
      code: 'model_in_use',
    });

    await h.call('workspace.open', { path: box.project });
    const sent = await h.call('agent.send', { text: 'list the files' });
    expect(sent).toMatchObject({ steered: false });
    await runEnded(h);
    const events = agentEvents(h.events);
    expect(events[0]).toMatchObject({ type: 'session_start' });
    expect(events.filter((e) => e.type === 'tool_call').map((e) => e.name)).toEqual(['list_dir']);
    expect(events.at(-1)).toMatchObject({ type: 'stop' });
  });

  it('loads the chosen model on the first message after a restart', async () => {
    const first = makeHarness(box.env, { catalogFile });
    await first.call('models.import', { path: testModelPath() });
    await first.call('models.activate', { fileName: 'llama-2-tiny-random.gguf' });
    await first.backend.dispose();

    h = makeHarness(box.env, {
      catalogFile,
      runDefaults: { maxSteps: 1, verify: false, toolChoice: 'required', tools: ['list_dir'] },
    });
    await h.call('workspace.open', { path: box.project });
    const sent = await h.call('agent.send', { text: 'list the files' });
    expect(sent).toMatchObject({ steered: false });
    await runEnded(h);
    const states = h.events.flatMap((e) => (e.type === 'model' ? [e.state.status] : []));
    expect(states[0]).toBe('loading');
    expect(states).toContain('loaded');
    expect(agentEvents(h.events).at(-1)).toMatchObject({ type: 'stop' });
  });
});
