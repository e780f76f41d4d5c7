// Loading through the model host with real GGUFs: context bounds, unload, switching, and bad files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/main/model/turn.js';
import { getLlamaRuntime } from '../../src/main/model/llama-runtime.js';
import { insufficientMemoryMessage } from '../../src/main/model/load-options.js';
import { ModelHost, type ModelHostState } from '../../src/main/model/model-host.js';
import { buildGguf, writeGguf } from '../helpers/gguf-writer.js';
import { testModelPath } from './test-model.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lc-load-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ModelHost', () => {
  it('loads within context bounds, reports progress, switches models and unloads', async () => {
    const states: ModelHostState[] = [];
    const host = new ModelHost((s) => states.push(s));
    const llama = await getLlamaRuntime();
    const before = await llama.getLlamaMemoryUsage();

    const first = await host.load({ modelPath: testModelPath(), contextSize: { min: 256, max: 1024 } });
    expect(first.contextSize).toBeGreaterThanOrEqual(256);
    expect(first.contextSize).toBeLessThanOrEqual(1024);
    expect(states.some((s) => s.status === 'loading' && s.progress > 0)).toBe(true);
    expect(host.status).toMatchObject({ status: 'loaded', contextSize: first.contextSize });

    const generated = path.join(root, 'gen.gguf');
    await writeGguf(generated, { family: 'chatml' });
    const second = await host.load({ modelPath: generated, contextSize: { min: 128, max: 512 } });
    expect(first.loaded).toBe(false); // the old model was unloaded before the new one loaded
    expect(second.chatWrapperName).toBe('ChatML');
    expect(second.contextSize).toBeLessThanOrEqual(512);

    await host.unload();
    expect(second.loaded).toBe(false);
    expect(host.model).toBeUndefined();
    const after = await llama.getLlamaMemoryUsage();
    expect(after.cpuRam).toBeLessThanOrEqual(before.cpuRam);
    expect(after.gpuVram).toBeLessThanOrEqual(before.gpuVram);
  });

  it('turns corrupt, truncated, foreign and unsupported files into clear errors, loading nothing', async () => {
    const host = new ModelHost();
    const whole = buildGguf();
    const truncated = path.join(root, 'cut.gguf');
    await writeFile(truncated, whole.subarray(0, whole.length - 4096));
    const foreign = path.join(root, 'page.gguf');
    await writeFile(foreign, '<html>Not a model</html>');
    const corrupt = path.join(root, 'corrupt.gguf');
    const bad = Buffer.from(whole);
    bad.writeBigUInt64LE(0xffffffffffn, 16); // metadata count far past the end of the file
    await writeFile(corrupt, bad);
    const alien = path.join(root, 'alien.gguf');
    await writeGguf(alien, { architecture: 'notarealarch' });

    for (const [file, pattern] of [
      [truncated, /incomplete/],
      [foreign, /not a GGUF/],
      [corrupt, /damaged/],
      [alien, /architecture "notarealarch"/],
    ] as const) {
      const error = await host.load({ modelPath: file }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).code).toBe('invalid_model_file');
      expect((error as ModelError).message).toMatch(pattern);
      expect(host.status).toMatchObject({ status: 'failed', code: 'invalid_model_file' });
      expect(host.model).toBeUndefined();
    }
  });

  it('says what to change when memory runs out', () => {
    const bounds = { min: 4096, max: 8192 };
    expect(insufficientMemoryMessage('m.gguf', 'model', bounds)).toMatch(/smaller quant/);
    expect(insufficientMemoryMessage('m.gguf', 'context', bounds)).toMatch(
      /4096 tokens.*minimum context size/,
    );
  });
});
