// The window's settings: the models folder and context bounds live in model-settings.json (shared with
// the headless runner), the rest in settings.json, both in the data folder. Stored values are read
// leniently (a bad field falls back to its default); writes are atomic and one at a time.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { approvalModeSchema, type ApprovalMode } from '../../shared/approval.js';
import type { MethodInput, Settings } from '../../shared/ipc.js';
import { fail, type Failure } from '../../shared/result.js';
import { dataDir } from '../app-paths.js';
import { loadModelSettings, saveModelSettings, type ModelSettings } from '../model/library.js';
import { detectSandbox } from '../safety/sandbox.js';
import { writeFileAtomic } from '../workspace/atomic-write.js';

const SETTINGS_FILE = 'settings.json';
/** Most recent folders kept. */
export const MAX_RECENT = 10;

interface StoredSettings {
  approvalMode: ApprovalMode;
  checks: Record<string, string>;
  allowNetwork: boolean;
  noSandbox: 'ask' | 'refuse';
  activeModel: string | null;
  recent: string[];
}

const FIELDS = {
  approvalMode: approvalModeSchema,
  checks: z.record(z.string().min(1).max(100), z.string().min(1).max(2000)),
  allowNetwork: z.boolean(),
  noSandbox: z.enum(['ask', 'refuse']),
  activeModel: z.string().min(1).max(255).nullable(),
  recent: z.array(z.string().min(1)).max(MAX_RECENT),
} as const;

const DEFAULTS: StoredSettings = {
  // In the window every change waits for review by default; the terminal runner defaults to auto-edit.
  approvalMode: 'ask',
  checks: {},
  allowNetwork: false,
  noSandbox: 'ask',
  activeModel: null,
  recent: [],
};

export class SettingsService {
  private stored: StoredSettings | undefined;
  private models: ModelSettings | undefined;
  private sandbox: Promise<Settings['sandbox']> | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async get(): Promise<Settings> {
    const [stored, models, sandbox] = await Promise.all([
      this.load(),
      this.modelSettings(),
      this.sandboxInfo(),
    ]);
    return {
      modelsDir: models.modelsDir,
      context: { ...models.context },
      speculation: { ...models.speculation },
      approvalMode: stored.approvalMode,
      checks: { ...stored.checks },
      allowNetwork: stored.allowNetwork,
      noSandbox: stored.noSandbox,
      activeModel: stored.activeModel,
      sandbox,
    };
  }

  /** Input already passed the shared schema; this checks what a schema cannot (the folder). */
  async update(patch: MethodInput<'settings.update'>): Promise<Settings | Failure> {
    if (patch.modelsDir !== undefined) {
      const problem = await checkModelsDir(patch.modelsDir);
      if (problem) return problem;
    }
    const draft = patch.speculation?.draftModel;
    if (draft != null) {
      const problem = await checkDraftFile(draft);
      if (problem) return problem;
    }
    await this.serialize(async () => {
      const modelPatch: Partial<ModelSettings> = {};
      if (patch.modelsDir !== undefined) modelPatch.modelsDir = path.resolve(patch.modelsDir);
      if (patch.context !== undefined) modelPatch.context = { ...patch.context };
      if (patch.speculation !== undefined) {
        const { lookup, draftModel } = patch.speculation;
        modelPatch.speculation = {
          lookup,
          draftModel: draftModel === null ? null : path.resolve(draftModel),
        };
      }
      if (Object.keys(modelPatch).length > 0) this.models = await saveModelSettings(modelPatch, this.env);
      const { modelsDir: _m, context: _c, speculation: _s, ...rest } = patch;
      if (Object.keys(rest).length > 0) await this.write({ ...(await this.load()), ...rest });
    });
    return this.get();
  }

  async modelSettings(): Promise<ModelSettings> {
    this.models ??= await loadModelSettings(this.env);
    return this.models;
  }

  async activeModel(): Promise<string | null> {
    return (await this.load()).activeModel;
  }

  async setActiveModel(fileName: string | null): Promise<void> {
    await this.serialize(async () => this.write({ ...(await this.load()), activeModel: fileName }));
  }

  async recent(): Promise<string[]> {
    return [...(await this.load()).recent];
  }

  /** Puts `folder` first in the recent list (deduplicated, at most MAX_RECENT). */
  async addRecent(folder: string): Promise<void> {
    await this.serialize(async () => {
      const stored = await this.load();
      const recent = [folder, ...stored.recent.filter((f) => f !== folder)].slice(0, MAX_RECENT);
      await this.write({ ...stored, recent });
    });
  }

  private async load(): Promise<StoredSettings> {
    if (this.stored) return this.stored;
    let raw: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(this.file(), 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        raw = parsed as Record<string, unknown>;
    } catch {
      // No settings yet, or unreadable: the defaults.
    }
    const out: StoredSettings = { ...DEFAULTS, checks: {}, recent: [] };
    for (const key of Object.keys(FIELDS) as (keyof StoredSettings)[]) {
      const parsed = FIELDS[key].safeParse(raw[key]);
      if (parsed.success) Object.assign(out, { [key]: parsed.data });
    }
    this.stored = out;
    return out;
  }

  private async write(next: StoredSettings): Promise<void> {
    await fs.mkdir(dataDir(this.env), { recursive: true });
    await writeFileAtomic(this.file(), `${JSON.stringify(next, null, 2)}\n`);
    this.stored = next;
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const result = this.writes.then(task);
    this.writes = result.catch(() => undefined);
    return result;
  }

  private file(): string {
    return path.join(dataDir(this.env), SETTINGS_FILE);
  }

  private sandboxInfo(): Promise<Settings['sandbox']> {
    this.sandbox ??= detectSandbox(this.env).then(
      (info) => ({ available: info.available, kind: info.kind, note: info.note }),
      (error: unknown) => ({
        available: false,
        kind: null,
        note: `sandbox detection failed: ${String(error)}`,
      }),
    );
    return this.sandbox;
  }
}

/** The models folder must be an absolute path to a folder that exists or can be made. */
async function checkModelsDir(dir: string): Promise<Failure | undefined> {
  if (!path.isAbsolute(dir)) {
    return fail('invalid_models_dir', `The models folder must be an absolute path; "${dir}" is not.`);
  }
  try {
    await fs.mkdir(dir, { recursive: true });
    if (!(await fs.stat(dir)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    return fail(
      'invalid_models_dir',
      `Cannot use ${dir} as the models folder (${(error as Error).message}). Choose a folder you can write to.`,
    );
  }
  return undefined;
}

/** A draft model must be a GGUF file that exists (whether it fits the model is checked at load). */
async function checkDraftFile(file: string): Promise<Failure | undefined> {
  if (!path.isAbsolute(file) || !file.toLowerCase().endsWith('.gguf')) {
    return fail(
      'invalid_draft_model',
      `A draft model is a .gguf file given by its full path; "${file}" is not.`,
    );
  }
  const isFile = await fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile)
    return fail('invalid_draft_model', `The draft model ${file} does not exist. Pick another file.`);
  return undefined;
}
