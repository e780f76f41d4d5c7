// The window's "Server" entry: a model on an OpenAI-compatible engine (llama-server, Ollama, LM Studio,
// vLLM) instead of a GGUF in the models folder. The URL and model name live in server.json of the data
// folder; the key only in the OS-encrypted secret store (or the environment), never in a settings file.
// While a server is active, runs get its model (the same EngineModel across runs, so its calls re-render
// byte for byte and the server's prompt cache keeps serving).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerView } from '../../shared/ipc.js';
import { fail, type Failure } from '../../shared/result.js';
import { dataDir } from '../app-paths.js';
import { connectEngine } from '../model/engine/client.js';
import type { EngineModel } from '../model/engine/engine-model.js';
import { listModels } from '../model/engine/probe.js';
import { apiKeyFromEnv, parseEngineSpec, ENGINE_PREFIX } from '../model/engine/spec.js';
import { ModelError } from '../model/turn.js';
import { writeFileAtomic } from '../workspace/atomic-write.js';
import type { SecretStore } from './secret-store.js';

interface StoredServer {
  url: string | null;
  model: string | null;
  active: boolean;
}

export interface ServerServiceOptions {
  env: NodeJS.ProcessEnv;
  secrets: SecretStore;
  /** The model state changed (connected, disconnected), for the window's top bar. */
  onModel?: (model: EngineModel | null) => void;
  /** Opens the engine model (tests may shorten timeouts); default openEngineModel. */
  open?: (spec: string, apiKey: string | undefined) => Promise<EngineModel>;
}

export class ServerService {
  private stored: StoredServer | undefined;
  private model: EngineModel | undefined;
  private connecting: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ServerServiceOptions) {}

  async view(): Promise<ServerView> {
    const stored = await this.load();
    const hasKey = (await this.options.secrets.read()) !== null;
    return {
      url: stored.url,
      model: stored.model,
      hasKey,
      keyFromEnv: apiKeyFromEnv(this.options.env) !== undefined,
      canStoreKey: this.options.secrets.available(),
      active: stored.active,
      ...(this.model
        ? { connected: { id: this.model.id, contextSize: this.model.contextSize, about: this.model.about } }
        : {}),
    };
  }

  /** The server's models, for the picker. `key` undefined: the stored one (or the environment's). */
  async models(input: { url: string; key?: string }): Promise<{ models: string[] } | Failure> {
    try {
      const spec = parseEngineSpec(`${ENGINE_PREFIX}${input.url}`);
      const conn = connectEngine(spec, {
        apiKey: input.key ?? (await this.key()),
        maxRetries: 1,
        timeoutMs: 15_000,
      });
      return { models: (await listModels(conn, AbortSignal.timeout(20_000))).map((m) => m.id) };
    } catch (error) {
      return asFailure(error);
    }
  }

  /**
   * Probes the server with this model, and on success makes it the runs' model. `key`: a new key to
   * store, null to forget the stored one, undefined to keep it.
   */
  connect(input: { url: string; model: string; key?: string | null }): Promise<ServerView | Failure> {
    const run = this.connecting.then(() => this.doConnect(input));
    this.connecting = run.catch(() => undefined);
    return run;
  }

  /** Back to the models folder's GGUF. */
  async disconnect(): Promise<ServerView> {
    await this.save({ ...(await this.load()), active: false });
    await this.release();
    return this.view();
  }

  /** Forgets the stored key. An open model used it: it is closed, and the next run opens without it. */
  async forgetKey(): Promise<ServerView> {
    await this.options.secrets.write(null);
    await this.release();
    return this.view();
  }

  /** The active server's model for a run, opened on first use; null when no server is active. */
  async acquire(): Promise<{ ok: true; model: EngineModel } | Failure | null> {
    const stored = await this.load();
    if (!stored.active || !stored.url || !stored.model) return null;
    if (this.model) return { ok: true, model: this.model };
    try {
      this.model = await this.open(
        `${ENGINE_PREFIX}${stored.url}#${encodeURIComponent(stored.model)}`,
        await this.key(),
      );
      this.options.onModel?.(this.model);
      return { ok: true, model: this.model };
    } catch (error) {
      return asFailure(error);
    }
  }

  async dispose(): Promise<void> {
    await this.release();
  }

  private async doConnect(input: {
    url: string;
    model: string;
    key?: string | null;
  }): Promise<ServerView | Failure> {
    if (input.key !== undefined && input.key !== null && !this.options.secrets.available()) {
      return fail(
        'secure_storage_unavailable',
        'This system has no secure storage for the key (no keyring). Start the app with ' +
          'LOCAL_CODER_API_KEY set instead; the key is then never written anywhere.',
      );
    }
    let spec: string;
    try {
      const parsed = parseEngineSpec(`${ENGINE_PREFIX}${input.url}`);
      spec = `${ENGINE_PREFIX}${parsed.baseUrl}#${encodeURIComponent(input.model)}`;
    } catch (error) {
      return asFailure(error);
    }
    // Forgetting happens at once, whether or not the server then answers.
    if (input.key === null) await this.options.secrets.write(null);
    const key = input.key === undefined ? await this.key() : (input.key ?? apiKeyFromEnv(this.options.env));
    let model: EngineModel;
    try {
      model = await this.open(spec, key);
    } catch (error) {
      return asFailure(error);
    }
    // Only a key the server accepted is kept.
    if (typeof input.key === 'string') await this.options.secrets.write(input.key);
    await this.release();
    this.model = model;
    await this.save({ url: parseEngineSpec(spec).baseUrl, model: input.model, active: true });
    this.options.onModel?.(model);
    return this.view();
  }

  /** `apiKey` exactly as given: undefined sends none (a forgotten key is not read back). */
  private async open(spec: string, apiKey: string | undefined): Promise<EngineModel> {
    if (this.options.open) return this.options.open(spec, apiKey);
    const { openEngineModel } = await import('../model/engine/engine-model.js');
    return openEngineModel(spec, apiKey ? { apiKey } : {});
  }

  /** The stored key, else the environment's. */
  private async key(): Promise<string | undefined> {
    return (await this.options.secrets.read()) ?? apiKeyFromEnv(this.options.env);
  }

  private async release(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    if (model) {
      await model.dispose();
      this.options.onModel?.(null);
    }
  }

  private file(): string {
    return path.join(dataDir(this.options.env), 'server.json');
  }

  private async load(): Promise<StoredServer> {
    if (this.stored) return this.stored;
    let raw: Partial<StoredServer> = {};
    try {
      raw = JSON.parse(await readFile(this.file(), 'utf8')) as Partial<StoredServer>;
    } catch {
      // None yet, or unreadable: no server.
    }
    this.stored = {
      url: typeof raw.url === 'string' ? raw.url : null,
      model: typeof raw.model === 'string' ? raw.model : null,
      active: raw.active === true,
    };
    return this.stored;
  }

  private async save(next: StoredServer): Promise<void> {
    this.stored = next;
    await mkdir(path.dirname(this.file()), { recursive: true });
    await writeFileAtomic(this.file(), `${JSON.stringify(next, null, 2)}\n`);
  }
}

function asFailure(error: unknown): Failure {
  if (error instanceof ModelError) return fail(error.code, error.message);
  return fail('server_error', error instanceof Error ? error.message : String(error));
}
