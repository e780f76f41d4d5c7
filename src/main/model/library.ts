// The model library: one models folder (default `<data dir>/models`, changeable in model-settings.json),
// listing with metadata read from each GGUF header, import of a local GGUF (validated, copied through a
// temp file then renamed) and delete. Unfinished downloads live in `.partial` and are not listed.
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { fail, type Result } from '../../shared/result.js';
import { dataDir } from '../app-paths.js';
import { LOOKUP_MODES, type LookupMode } from '../../shared/agent-events.js';
import { DEFAULT_CONTEXT_BOUNDS, type ContextBounds } from './fit.js';
import { summarizeGguf, type ModelSummary } from './gguf-summary.js';
import { checkModelFile } from './model-file.js';

export interface ModelSettings {
  /** Absolute path of the models folder. */
  modelsDir: string;
  /** Context bounds (tokens) the loader fits within. */
  context: ContextBounds;
  /** Speculative decoding: prompt lookup, and a draft model (a GGUF path) or none. */
  speculation: { lookup: LookupMode; draftModel: string | null };
}

export interface LibraryModel extends Partial<ModelSummary> {
  fileName: string;
  path: string;
  sizeBytes: number;
  modifiedAt: string;
  /** Set when the header could not be read (damaged file); the other metadata is then absent. */
  error?: string;
}

export type LibraryErrorCode =
  'model_not_found' | 'invalid_model_file' | 'already_exists' | 'invalid_name' | 'io_error';

const SETTINGS_FILE = 'model-settings.json';

export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'models');
}

export async function loadModelSettings(env: NodeJS.ProcessEnv = process.env): Promise<ModelSettings> {
  let stored: Partial<ModelSettings> = {};
  try {
    stored = JSON.parse(
      await readFile(path.join(dataDir(env), SETTINGS_FILE), 'utf8'),
    ) as Partial<ModelSettings>;
  } catch {
    // No settings yet (or unreadable): defaults.
  }
  const min = positive(stored.context?.min) ?? DEFAULT_CONTEXT_BOUNDS.min;
  const max = Math.max(min, positive(stored.context?.max) ?? DEFAULT_CONTEXT_BOUNDS.max);
  return {
    modelsDir: typeof stored.modelsDir === 'string' ? path.resolve(stored.modelsDir) : defaultModelsDir(env),
    context: { min, max },
    speculation: {
      lookup: LOOKUP_MODES.find((m) => m === stored.speculation?.lookup) ?? 'auto',
      draftModel:
        typeof stored.speculation?.draftModel === 'string' && stored.speculation.draftModel !== ''
          ? path.resolve(stored.speculation.draftModel)
          : null,
    },
  };
}

export async function saveModelSettings(
  patch: Partial<ModelSettings>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ModelSettings> {
  const next = { ...(await loadModelSettings(env)), ...patch };
  await mkdir(dataDir(env), { recursive: true });
  const file = path.join(dataDir(env), SETTINGS_FILE);
  await writeFile(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return next;
}

/** GGUF files of the folder, newest first. Split models list their first part only. */
export async function listModels(modelsDir: string): Promise<LibraryModel[]> {
  const names = await readdir(modelsDir).catch(() => [] as string[]);
  const ggufs = names.filter((n) => n.endsWith('.gguf') && !/-0*([2-9]|\d{2,})-of-\d+\.gguf$/.test(n));
  const models = await Promise.all(ggufs.map((name) => describeFile(path.join(modelsDir, name))));
  return models
    .filter((m): m is LibraryModel => m !== undefined)
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
}

async function describeFile(file: string): Promise<LibraryModel | undefined> {
  const stats = await stat(file).catch(() => undefined);
  if (!stats?.isFile()) return undefined;
  const base = {
    fileName: path.basename(file),
    path: file,
    sizeBytes: stats.size,
    modifiedAt: stats.mtime.toISOString(),
  };
  try {
    const info = await readGgufFileInfo(file, { logWarnings: false, sourceType: 'filesystem' });
    return { ...base, ...(await summarizeGguf(info)) };
  } catch (error) {
    return { ...base, error: `Cannot read its GGUF header: ${(error as Error).message}` };
  }
}

/** Validates `file` as a complete GGUF of a supported architecture, then copies (or moves) it in. */
export async function importModel(
  file: string,
  modelsDir: string,
  options: { move?: boolean } = {},
): Promise<Result<{ model: LibraryModel }, LibraryErrorCode>> {
  const source = path.resolve(file);
  try {
    await checkModelFile(source);
  } catch (error) {
    const code =
      (error as { code?: string }).code === 'model_not_found' ? 'model_not_found' : 'invalid_model_file';
    return fail(code, (error as Error).message);
  }
  const name = path.basename(source).endsWith('.gguf')
    ? path.basename(source)
    : `${path.basename(source)}.gguf`;
  const target = path.join(modelsDir, name);
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  ) {
    return fail('already_exists', `${name} is already in the library. Delete it first or rename the file.`);
  }
  try {
    await mkdir(modelsDir, { recursive: true });
    const moved = options.move
      ? await rename(source, target).then(
          () => true,
          () => false,
        )
      : false;
    if (!moved) {
      const temp = path.join(modelsDir, `.${name}.importing`);
      await copyFile(source, temp);
      await rename(temp, target);
      if (options.move) await rm(source);
    }
  } catch (error) {
    return fail('io_error', `Could not import ${name}: ${(error as Error).message}`);
  }
  const model = await describeFile(target);
  if (!model) return fail('io_error', `${name} vanished right after import.`);
  return { ok: true, model };
}

/** Deletes a library model by file name (no paths: only files inside the models folder). */
export async function deleteModel(
  name: string,
  modelsDir: string,
): Promise<Result<{ path: string }, LibraryErrorCode>> {
  if (name !== path.basename(name) || name.startsWith('.')) {
    return fail(
      'invalid_name',
      `"${name}" is not a model file name of the library. Use the name from "models list".`,
    );
  }
  const file = path.join(modelsDir, name.endsWith('.gguf') ? name : `${name}.gguf`);
  const stats = await stat(file).catch(() => undefined);
  if (!stats?.isFile()) return fail('model_not_found', `No model named ${name} in ${modelsDir}.`);
  try {
    await rm(file);
  } catch (error) {
    return fail('io_error', `Could not delete ${name}: ${(error as Error).message}`);
  }
  return { ok: true, path: file };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
