// "Will it fit" on generated GGUFs, local and remote (read by ranges from a loopback server, no weights).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFit, computeFit, type FitReport } from '../../src/main/model/fit.js';
import { checkModelFile } from '../../src/main/model/model-file.js';
import { getLlamaRuntime } from '../../src/main/model/llama-runtime.js';
import { buildGguf, writeGguf } from '../helpers/gguf-writer.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const MB = 1024 * 1024;
const fixture = path.resolve('tests/fixtures/models/llama-2-tiny-random.gguf');
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

describe('checkFit with a draft model', () => {
  const bounds = { min: 1024, max: 4096 };
  const cpu = { gpu: false } as const;
  const sizes = (fit: FitReport) => fit.ramBytes + fit.vramBytes;
  let file: string;
  beforeAll(async () => {
    file = path.join(root, 'target.gguf');
    await writeGguf(file, { contextLength: 4096, embeddingLength: 256, blockCount: 4 });
  });

  it("counts the draft: its weights and a context as large as the model's", async () => {
    const alone = await checkFit(file, { bounds, hardware: cpu });
    const paired = await checkFit(file, { bounds, hardware: cpu, draftSource: fixture });
    if (!alone.ok) throw new Error(alone.message);
    if (!paired.ok) throw new Error(paired.message);
    expect(alone.fit.draft).toBeUndefined();
    const { draft } = paired.fit;
    if (!draft) throw new Error('no draft in the report');
    expect(draft).toMatchObject({ name: 'LLaMA v2', gpuLayers: 0, totalLayers: 2, verdictAlone: 'cpu_only' });
    expect(paired.fit).toMatchObject({ verdict: 'cpu_only', contextSize: alone.fit.contextSize });

    const llama = await getLlamaRuntime();
    const draftInfo = await checkModelFile(fixture, llama);
    const draftWeights = (await computeFit(draftInfo, llama, { bounds, hardware: cpu })).model.weightsBytes;
    expect(sizes(paired.fit) - sizes(alone.fit)).toBeGreaterThanOrEqual(draftWeights);
    expect(paired.fit.ramBytes).toBe(alone.fit.ramBytes + draft.ramBytes);
    expect(paired.fit.vramBytes).toBe(alone.fit.vramBytes + draft.vramBytes);
    // The draft's context is the model's (4096), not the draft's own choice: more than its weights.
    expect(draft.ramBytes).toBeGreaterThan(draftWeights);
    expect(paired.fit.message).toMatch(/^Runs on the CPU only .* That includes the draft model \(LLaMA v2\)/);

    // computeFit takes the header itself.
    const direct = await computeFit(await checkModelFile(file, llama), llama, {
      bounds,
      hardware: cpu,
      draft: draftInfo,
    });
    expect(direct.draft).toEqual(draft);
  });

  it('says when the model fits alone but not with its draft, and to run without it', async () => {
    const alone = await checkFit(file, { bounds, hardware: cpu, draftSource: fixture });
    if (!alone.ok || !alone.fit.draft) throw new Error('no fit');
    const modelOnly = alone.fit.ramBytes - alone.fit.draft.ramBytes;
    const room = modelOnly + Math.floor(alone.fit.draft.ramBytes / 2);
    const hardware = { gpu: false, ram: { total: room, free: room }, swap: { total: 0, free: 0 } };

    const without = await checkFit(file, { bounds, hardware });
    if (!without.ok) throw new Error(without.message);
    expect(without.fit.verdict).toBe('cpu_only');

    const paired = await checkFit(file, { bounds, hardware, draftSource: fixture });
    if (!paired.ok) throw new Error(paired.message);
    expect(paired.fit.verdict).toBe('does_not_fit');
    expect(paired.fit.draft).toMatchObject({ verdictAlone: 'cpu_only' });
    expect(paired.fit.message).toMatch(/^Without the draft model it runs on the CPU only/);
    expect(paired.fit.message).toMatch(/The draft model \(LLaMA v2\) does not fit beside it/);
    expect(paired.fit.message).toMatch(/run the model without the draft/);
    expect(paired.fit.message).not.toMatch(/That includes the draft/);
  });

  it('reads a remote draft by ranges, and names the draft when it cannot be read', async () => {
    const remote = await checkFit(file, {
      bounds,
      hardware: cpu,
      draftSource: `${server.url}/repo/model.gguf`,
    });
    if (!remote.ok) throw new Error(remote.message);
    expect(remote.fit.draft?.totalLayers).toBeGreaterThan(0);

    const absent = await checkFit(file, { bounds, draftSource: `${server.url}/repo/absent.gguf` });
    expect(absent).toMatchObject({ ok: false, code: 'not_found' });
    expect(!absent.ok && absent.message).toMatch(/^The draft model: /);
    const missing = await checkFit(file, { bounds, draftSource: path.join(root, 'none.gguf') });
    expect(missing).toMatchObject({ ok: false, code: 'model_not_found' });
  });
});
