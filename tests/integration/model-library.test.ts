// The model library on real files: generated GGUFs (valid, truncated, foreign, unsupported architecture).
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteModel,
  importModel,
  listModels,
  loadModelSettings,
  saveModelSettings,
} from '../../src/main/model/library.js';
import { buildGguf, writeGguf } from '../helpers/gguf-writer.js';

let root: string;
let modelsDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lc-lib-'));
  modelsDir = path.join(root, 'models');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('model library', () => {
  it('imports a valid GGUF and lists it with its metadata', async () => {
    const source = path.join(root, 'tiny-qwen.gguf');
    await writeGguf(source, { family: 'chatml', contextLength: 8192 });
    const imported = await importModel(source, modelsDir);
    expect(imported).toMatchObject({
      ok: true,
      model: { fileName: 'tiny-qwen.gguf', architecture: 'llama' },
    });
    expect((await stat(source)).isFile()).toBe(true); // copied, not moved

    const [model, ...rest] = await listModels(modelsDir);
    expect(rest).toEqual([]);
    expect(model).toMatchObject({
      fileName: 'tiny-qwen.gguf',
      architecture: 'llama',
      quantization: 'F32',
      trainContextSize: 8192,
      chatTemplateFamily: 'ChatML',
      supportsToolCalls: false,
      architectureSupported: true,
    });
    expect(model?.parameters).toBeGreaterThan(100_000);
    expect(await importModel(source, modelsDir)).toMatchObject({ ok: false, code: 'already_exists' });
  });

  it('reads the chat template family of each generated family', async () => {
    await writeGguf(path.join(root, 'l3.gguf'), { family: 'llama3' });
    await writeGguf(path.join(root, 'g.gguf'), { family: 'gemma' });
    expect((await importModel(path.join(root, 'l3.gguf'), modelsDir)).ok).toBe(true);
    expect((await importModel(path.join(root, 'g.gguf'), modelsDir, { move: true })).ok).toBe(true);
    const families = (await listModels(modelsDir)).map((m) => m.chatTemplateFamily).sort();
    expect(families).toEqual(['Gemma', 'Llama 3']);
    await expect(stat(path.join(root, 'g.gguf'))).rejects.toThrow(); // moved
  });

  it('refuses truncated, foreign and unsupported-architecture files with a clear reason', async () => {
    const whole = buildGguf();
    await writeFile(path.join(root, 'cut.gguf'), whole.subarray(0, Math.floor(whole.length * 0.7)));
    await writeFile(path.join(root, 'notes.gguf'), 'just some text, not a model');
    await writeGguf(path.join(root, 'alien.gguf'), { architecture: 'notarealarch' });

    const cut = await importModel(path.join(root, 'cut.gguf'), modelsDir);
    expect(cut).toMatchObject({ ok: false, code: 'invalid_model_file' });
    expect(!cut.ok && cut.message).toMatch(/incomplete/);
    const text = await importModel(path.join(root, 'notes.gguf'), modelsDir);
    expect(!text.ok && text.message).toMatch(/not a GGUF/);
    const alien = await importModel(path.join(root, 'alien.gguf'), modelsDir);
    expect(!alien.ok && alien.message).toMatch(/architecture "notarealarch"/);
    const missing = await importModel(path.join(root, 'nope.gguf'), modelsDir);
    expect(missing).toMatchObject({ ok: false, code: 'model_not_found' });
    expect(await readdir(modelsDir).catch(() => [])).toEqual([]);
  });

  it('deletes by name and refuses paths', async () => {
    await writeGguf(path.join(root, 'a.gguf'));
    await importModel(path.join(root, 'a.gguf'), modelsDir);
    expect(await deleteModel('../a.gguf', modelsDir)).toMatchObject({ ok: false, code: 'invalid_name' });
    expect(await deleteModel('a', modelsDir)).toMatchObject({ ok: true });
    expect(await listModels(modelsDir)).toEqual([]);
    expect(await deleteModel('a.gguf', modelsDir)).toMatchObject({ ok: false, code: 'model_not_found' });
  });

  it('keeps the models folder and context bounds in settings under the data dir', async () => {
    const env = { LOCAL_CODER_HOME: path.join(root, 'home') };
    expect(await loadModelSettings(env)).toEqual({
      modelsDir: path.join(root, 'home', 'models'),
      context: { min: 2048, max: 8192 },
      speculation: { lookup: 'auto', draftModel: null },
    });
    await saveModelSettings(
      {
        modelsDir: path.join(root, 'elsewhere'),
        context: { min: 1024, max: 4096 },
        speculation: { lookup: 'off', draftModel: path.join(root, 'draft.gguf') },
      },
      env,
    );
    expect(await loadModelSettings(env)).toEqual({
      modelsDir: path.join(root, 'elsewhere'),
      context: { min: 1024, max: 4096 },
      speculation: { lookup: 'off', draftModel: path.join(root, 'draft.gguf') },
    });
  });

  it('reads a hand-edited speculation setting it does not know as the defaults', async () => {
    const home = path.join(root, 'home');
    await mkdir(home, { recursive: true });
    await writeFile(
      path.join(home, 'model-settings.json'),
      JSON.stringify({ speculation: { lookup: 'always', draftModel: 42 } }),
    );
    expect((await loadModelSettings({ LOCAL_CODER_HOME: home })).speculation).toEqual({
      lookup: 'auto',
      draftModel: null,
    });
  });
});
