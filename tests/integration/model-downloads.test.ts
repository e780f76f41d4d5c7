// Model downloads against a real HTTP server on 127.0.0.1 serving generated GGUF files with ranges.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  downloadModel,
  listPartialDownloads,
  PARTIAL_DIR,
  type DownloadOptions,
  type DownloadProgress,
} from '../../src/main/model/downloads.js';
import { buildGguf } from '../helpers/gguf-writer.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const MB = 1024 * 1024;
// Three of ipull's 5 MB chunks; the pad tensor makes the size, the header stays a valid GGUF.
const body = buildGguf({ padBytes: 14 * MB });
const bigBody = buildGguf({ padBytes: 30 * MB, seed: 2 });
const sha = createHash('sha256').update(body).digest('hex');

let server: ModelServer;
let modelsDir: string;

beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  modelsDir = await mkdtemp(path.join(os.tmpdir(), 'lc-dl-'));
  server.files.clear();
  server.requests.length = 0;
});
afterEach(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});

function options(extra: Partial<DownloadOptions> = {}): DownloadOptions & { events: DownloadProgress[] } {
  const events: DownloadProgress[] = [];
  return {
    modelsDir,
    stallTimeoutMs: 1500,
    retryDelayMs: 50,
    onProgress: (p) => events.push(p),
    events,
    ...extra,
  };
}

/** Buffer.equals: vitest's deep equality walks a 15 MB buffer byte by byte. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.equals(b);
}

async function libraryFiles(): Promise<string[]> {
  return (await readdir(modelsDir)).filter((name) => name !== PARTIAL_DIR);
}

describe('downloadModel', () => {
  it('downloads a file whole, reports progress, and verifies a known SHA-256', async () => {
    server.files.set('/org/model.gguf', { body });
    const opts = options();
    const result = await downloadModel({ uri: `${server.url}/org/model.gguf`, sha256: sha }, opts);
    expect(result).toMatchObject({ ok: true, sha256: sha, alreadyPresent: false, sizeBytes: body.length });
    expect(sameBytes(await readFile(path.join(modelsDir, 'model.gguf')), body)).toBe(true);
    expect(await readdir(path.join(modelsDir, PARTIAL_DIR))).toEqual([]);
    expect(opts.events.at(-1)).toMatchObject({ status: 'done', totalBytes: body.length });
    expect(opts.events.some((e) => e.status === 'verifying')).toBe(true);

    const again = await downloadModel({ uri: `${server.url}/org/model.gguf` }, options());
    expect(again).toMatchObject({ ok: true, alreadyPresent: true });
  });

  it('resumes after the connection is cut mid-file, fetching only part of the file again', async () => {
    server.files.set('/m.gguf', { body, cut: { afterBytes: 4.5 * MB, times: 1 } });
    const result = await downloadModel({ uri: `${server.url}/m.gguf`, sha256: sha }, options());
    expect(result.ok).toBe(true);
    expect(sameBytes(await readFile(path.join(modelsDir, 'm.gguf')), body)).toBe(true);
    const fetched = server.rangedBytes('/m.gguf');
    expect(fetched).toBeGreaterThan(body.length); // the cut range was fetched again...
    expect(fetched).toBeLessThan(body.length * 2); // ...but not the whole file
  });

  it('deletes the file and says so when the checksum does not match', async () => {
    server.files.set('/m.gguf', { body });
    const opts = options();
    const result = await downloadModel({ uri: `${server.url}/m.gguf`, sha256: 'a'.repeat(64) }, opts);
    expect(result).toMatchObject({ ok: false, code: 'checksum_mismatch' });
    expect(!result.ok && result.message).toMatch(/deleted/);
    expect(await libraryFiles()).toEqual([]);
    expect(await readdir(path.join(modelsDir, PARTIAL_DIR))).toEqual([]);
    expect(opts.events.at(-1)?.status).toBe('failed');
  });

  it('fails with not_found for a 404, before downloading anything', async () => {
    const result = await downloadModel({ uri: `${server.url}/missing.gguf` }, options());
    expect(result).toMatchObject({ ok: false, code: 'not_found' });
    expect(!result.ok && result.message).toContain('404');
    expect(await libraryFiles()).toEqual([]);
  });

  it('fails with auth_required without a token, and downloads with it', async () => {
    server.files.set('/gated.gguf', { body, token: 's3cret' });
    const denied = await downloadModel({ uri: `${server.url}/gated.gguf` }, options());
    expect(denied).toMatchObject({ ok: false, code: 'auth_required' });
    const headers = { Authorization: 'Bearer s3cret' };
    const allowed = await downloadModel({ uri: `${server.url}/gated.gguf`, headers }, options());
    expect(allowed.ok).toBe(true);
  });

  it('retries a stalled transfer and completes it', async () => {
    server.files.set('/slow.gguf', { body, stall: { afterBytes: 4.5 * MB, times: 1 } });
    const opts = options({ stallTimeoutMs: 800 });
    const result = await downloadModel({ uri: `${server.url}/slow.gguf`, sha256: sha }, opts);
    expect(result.ok).toBe(true);
    const retry = opts.events.find((e) => e.status === 'retrying');
    expect(retry?.message).toMatch(/stalled/);
    expect(opts.events.at(-1)?.attempt).toBe(2);
  });

  it('gives up on a server that keeps stalling, keeping the partial file for later', async () => {
    server.files.set('/stuck.gguf', { body, stall: { afterBytes: 4.5 * MB, times: 100 } });
    const opts = options({ stallTimeoutMs: 400, maxAttempts: 2 });
    const result = await downloadModel({ uri: `${server.url}/stuck.gguf` }, opts);
    expect(result).toMatchObject({ ok: false, code: 'stalled' });
    expect(await libraryFiles()).toEqual([]);
    expect((await listPartialDownloads(modelsDir)).map((p) => p.fileName)).toEqual(['stuck.gguf']);
  });

  it('refuses to start without the disk space, saying how much is needed', async () => {
    server.files.set('/m.gguf', { body });
    const result = await downloadModel(
      { uri: `${server.url}/m.gguf` },
      options({ freeSpace: async () => MB }),
    );
    expect(result).toMatchObject({ ok: false, code: 'no_space' });
    expect(!result.ok && result.message).toMatch(/needs .* more/);
  });

  it('fails with no_network when the host cannot be reached', async () => {
    const closed = await startModelServer();
    const url = `${closed.url}/m.gguf`;
    await closed.close();
    const result = await downloadModel({ uri: url }, options());
    expect(result).toMatchObject({ ok: false, code: 'no_network' });
  });

  it('resumes an interrupted download in a later run (as after an app restart)', async () => {
    server.files.set('/big.gguf', { body: bigBody, bytesPerSecond: 8 * MB });
    const controller = new AbortController();
    const first = await downloadModel(
      { uri: `${server.url}/big.gguf` },
      options({
        signal: controller.signal,
        onProgress: (p) => {
          if (p.downloadedBytes > 17 * MB) controller.abort();
        },
      }),
    );
    expect(first).toMatchObject({ ok: false, code: 'cancelled' });
    const partial = await listPartialDownloads(modelsDir);
    expect(partial).toHaveLength(1);
    expect(partial[0]?.partialBytes).toBeGreaterThan(0);

    const before = server.rangedBytes('/big.gguf');
    server.files.set('/big.gguf', { body: bigBody });
    const second = await downloadModel({ uri: `${server.url}/big.gguf` }, options());
    expect(second.ok).toBe(true);
    expect(sameBytes(await readFile(path.join(modelsDir, 'big.gguf')), bigBody)).toBe(true);
    // Without a resume this would be the whole file again, plus the header read.
    expect(server.rangedBytes('/big.gguf') - before).toBeLessThan(bigBody.length);
    expect(await listPartialDownloads(modelsDir)).toEqual([]);
  });

  it('runs several downloads at once', async () => {
    server.files.set('/a.gguf', { body });
    server.files.set('/b.gguf', { body: bigBody });
    const [a, b] = await Promise.all([
      downloadModel({ uri: `${server.url}/a.gguf` }, options()),
      downloadModel({ uri: `${server.url}/b.gguf` }, options()),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect((await libraryFiles()).sort()).toEqual(['a.gguf', 'b.gguf']);
  });
});
