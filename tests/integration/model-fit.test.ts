// "Will it fit" on generated GGUFs, local and remote (read by ranges from a loopback server, no weights).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFit } from '../../src/main/model/fit.js';
import { buildGguf, writeGguf } from '../helpers/gguf-writer.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const MB = 1024 * 1024;
let root: string;
let server: ModelServer;
const remoteBody = buildGguf({ family: 'chatml', contextLength: 16384, embeddingLength: 384 });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lc-fit-'));
  server = await startModelServer({ '/repo/model.gguf': { body: remoteBody } });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('checkFit', () => {
  it('gives a verdict for a local file within the context bounds', async () => {
    const file = path.join(root, 'm.gguf');
    await writeGguf(file, { contextLength: 4096 });
    const result = await checkFit(file, { bounds: { min: 512, max: 8192 } });
    if (!result.ok) throw new Error(result.message);
    const fit = result.fit;
    expect(['full_gpu', 'partial_gpu', 'cpu_only']).toContain(fit.verdict);
    expect(fit.contextSize).toBe(4096); // max capped by the trained context
    expect(fit.ramBytes + fit.vramBytes).toBeGreaterThan(0);
    expect(fit.model).toMatchObject({ architecture: 'llama', trainContextSize: 4096 });
    expect(fit.message.length).toBeGreaterThan(20);
  });

  it('reads a remote model by byte ranges only, and says when it does not fit', async () => {
    const uri = `${server.url}/repo/model.gguf`;
    const fits = await checkFit(uri, { bounds: { min: 1024, max: 4096 }, hardware: { gpu: false } });
    if (!fits.ok) throw new Error(fits.message);
    expect(fits.fit).toMatchObject({ verdict: 'cpu_only', contextSize: 4096, backend: 'cpu' });
    expect(fits.fit.message).toMatch(/CPU only/);
    const fetched = server.requests.reduce((sum, r) => sum + r.bodyBytes, 0);
    expect(fetched).toBeLessThan(remoteBody.length); // the weights were not downloaded

    const tiny = { total: 4 * MB, free: 2 * MB };
    const none = await checkFit(uri, {
      bounds: { min: 1024, max: 4096 },
      hardware: { gpu: false, ram: tiny, swap: { total: 0, free: 0 } },
    });
    if (!none.ok) throw new Error(none.message);
    expect(none.fit.verdict).toBe('does_not_fit');
    expect(none.fit.message).toMatch(/smaller quant/);
  });

  it('reports a missing remote file as not_found', async () => {
    const result = await checkFit(`${server.url}/repo/absent.gguf`);
    expect(result).toMatchObject({ ok: false, code: 'not_found' });
  });
});
