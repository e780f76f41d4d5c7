// The window's Server entry against a real llama-server with a key: the models it lists, a connect
// that probes, the key kept only as the OS cipher's ciphertext (never in server.json), runs served by
// the server's model until the person goes back to a GGUF, and the errors it shows.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedTestModels } from '../../bench/installed-models.js';
import { encryptedFileStore } from '../../src/main/services/secret-store.js';
import { ServerService } from '../../src/main/services/server-service.js';
import type { ServerView } from '../../src/shared/ipc.js';
import { testCipher } from '../helpers/test-cipher.js';
import { engineSkipReason, startLlamaServer, type RunningServer } from './helpers/llama-server.js';

const skipReason = engineSkipReason();
const smol = installedTestModels(['smollm2-135m-instruct'])[0];
const KEY = 'sk-server-entry-test-91c2d7e0';

describe.skipIf(skipReason !== null || !smol)('the Server entry on a real llama-server', () => {
  let server: RunningServer;
  let home: string;
  beforeAll(async () => {
    server = await startLlamaServer({ model: smol!.modelPath, alias: 'smol', apiKey: KEY });
  });
  afterAll(async () => {
    await server?.stop();
  });
  const fresh = async (cipherAvailable = true) => {
    home = await mkdtemp(path.join(os.tmpdir(), 'lc-server-entry-'));
    const env = { LOCAL_CODER_HOME: home };
    return new ServerService({
      env,
      secrets: encryptedFileStore(path.join(home, 'server-key.bin'), testCipher(cipherAvailable)),
    });
  };
  const allFiles = async (dir: string): Promise<string> => {
    const names = await readdir(dir, { recursive: true, withFileTypes: true });
    const texts = await Promise.all(
      names.filter((d) => d.isFile()).map((d) => readFile(path.join(d.parentPath, d.name), 'latin1')),
    );
    return texts.join('\n');
  };

  it('lists the models with a key, connects, and keeps the key only encrypted', async () => {
    const service = await fresh();
    try {
      // llama-server lists its models without a key (a public endpoint); the chat API needs it.
      expect(await service.models({ url: `${server.origin}/v1`, key: KEY })).toEqual({ models: ['smol'] });
      const view = (await service.connect({ url: server.origin, model: 'smol', key: KEY })) as ServerView;
      expect(view).toMatchObject({ url: `${server.origin}/v1`, model: 'smol', hasKey: true, active: true });
      expect(view.connected?.about).toContain('llama-server, 4096-token context');
      const onDisk = await allFiles(home);
      expect(onDisk).toContain('"model": "smol"');
      expect(onDisk).not.toContain(KEY);
      const run = await service.acquire();
      expect(run).toMatchObject({ ok: true });
      if (!run || !run.ok) throw new Error('no model');
      const turn = await run.model.turn({
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [],
        signal: new AbortController().signal,
        onTextDelta: () => undefined,
        maxTokens: 4,
      });
      expect(turn.stats.generatedTokens).toBeGreaterThan(0);
      // Forgetting the key changes nothing else; the next run's model opens without it and is refused.
      expect(await service.forgetKey()).toMatchObject({
        hasKey: false,
        active: true,
        url: `${server.origin}/v1`,
      });
      expect(await allFiles(home)).not.toContain(KEY);
      expect(await service.acquire()).toMatchObject({ ok: false, code: 'server_unauthorized' });
    } finally {
      await service.dispose();
      await rm(home, { recursive: true, force: true });
    }
  });

  it('a restarted app uses the stored key; going back to a GGUF stops serving runs', async () => {
    const home1 = await mkdtemp(path.join(os.tmpdir(), 'lc-server-entry-'));
    const cipher = testCipher();
    const make = () =>
      new ServerService({
        env: { LOCAL_CODER_HOME: home1 },
        secrets: encryptedFileStore(path.join(home1, 'server-key.bin'), cipher),
      });
    try {
      const first = make();
      expect(await first.connect({ url: `${server.origin}/v1`, model: 'smol', key: KEY })).toMatchObject({
        active: true,
      });
      await first.dispose();
      const second = make();
      expect(await second.acquire()).toMatchObject({ ok: true });
      expect(await second.disconnect()).toMatchObject({ active: false, hasKey: true });
      expect(await second.acquire()).toBeNull();
      // Forgetting the key: a connect without one is refused by the server, and nothing is stored.
      expect(await second.connect({ url: `${server.origin}/v1`, model: 'smol', key: null })).toMatchObject({
        ok: false,
        code: 'server_unauthorized',
      });
      expect((await second.view()).hasKey).toBe(false);
      await second.dispose();
    } finally {
      await rm(home1, { recursive: true, force: true });
    }
  });

  it('a wrong key, a missing model, no keyring: clear failures, nothing stored', async () => {
    const service = await fresh();
    try {
      const wrong = await service.connect({ url: `${server.origin}/v1`, model: 'smol', key: `${KEY}x` });
      expect(wrong).toMatchObject({ ok: false, code: 'server_unauthorized' });
      expect(JSON.stringify(wrong)).not.toContain(KEY);
      expect((await service.view()).hasKey).toBe(false);
      expect(await service.connect({ url: `${server.origin}/v1`, model: 'nope', key: KEY })).toMatchObject({
        ok: false,
        code: 'server_model_not_found',
      });
      expect(await service.acquire()).toBeNull();
    } finally {
      await service.dispose();
      await rm(home, { recursive: true, force: true });
    }
    const noKeyring = await fresh(false);
    try {
      expect((await noKeyring.view()).canStoreKey).toBe(false);
      expect(await noKeyring.connect({ url: `${server.origin}/v1`, model: 'smol', key: KEY })).toMatchObject({
        ok: false,
        code: 'secure_storage_unavailable',
      });
    } finally {
      await noKeyring.dispose();
      await rm(home, { recursive: true, force: true });
    }
  });
});
