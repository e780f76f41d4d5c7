// The curated catalog (models/catalog.json): coding-capable GGUF models in several sizes. Data, not
// weights. A source the user names is a catalog id, an `hf:` URI, an http(s) URL or a local path.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fail, type Result } from '../../shared/result.js';

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  name: z.string().min(1),
  family: z.string().min(1),
  /** e.g. `1.5B` */
  parameters: z.string().min(1),
  /** `hf:<user>/<repo>/<file>.gguf` or an https URL of one GGUF file. */
  uri: z.string().regex(/^(hf:|https?:\/\/)/),
  fileName: z.string().endsWith('.gguf'),
  /** Bytes of the file (approximate where not verified). */
  sizeBytes: z.number().int().positive(),
  quantization: z.string().min(1),
  license: z.string().min(1),
  /** Trained context length, tokens. */
  contextLength: z.number().int().positive(),
  /** Lowercase hex SHA-256 of the file, or null where not known. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** Smallest machine it is meant for, GB of RAM (or unified memory). */
  minMemoryGb: z.number().positive(),
  /**
   * Catalog id of a smaller model with the same tokenizer that can draft for this one (speculative
   * decoding). The draft is itself an entry without a draft of its own.
   */
  draft: z.string().min(1).optional(),
  description: z.string().min(1),
});

const catalogSchema = z.object({
  version: z.literal(1),
  models: z.array(entrySchema).min(1),
});

export type CatalogEntry = z.infer<typeof entrySchema>;

export type CatalogErrorCode = 'catalog_invalid' | 'catalog_unreadable';

/**
 * models/catalog.json of the app: the nearest folder above this module (sources, out/main or a chunk
 * folder below it) that holds one.
 */
export function defaultCatalogPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'models', 'catalog.json');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return candidate;
    dir = parent;
  }
}

export async function loadCatalog(
  file: string = defaultCatalogPath(),
): Promise<Result<{ entries: CatalogEntry[] }, CatalogErrorCode>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail('catalog_unreadable', `Cannot read the model catalog ${file}: ${(error as Error).message}`);
  }
  return parseCatalog(text, file);
}

export function parseCatalog(
  text: string,
  file = 'catalog.json',
): Result<{ entries: CatalogEntry[] }, 'catalog_invalid'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(
      'catalog_invalid',
      `The model catalog ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return fail(
      'catalog_invalid',
      `The model catalog ${file} is invalid at ${where}: ${issue?.message ?? ''}`,
    );
  }
  const ids = new Set<string>();
  for (const entry of parsed.data.models) {
    if (ids.has(entry.id))
      return fail('catalog_invalid', `The model catalog ${file} lists "${entry.id}" twice.`);
    ids.add(entry.id);
  }
  const byId = new Map(parsed.data.models.map((entry) => [entry.id, entry]));
  for (const entry of parsed.data.models) {
    if (entry.draft === undefined) continue;
    const draft = byId.get(entry.draft);
    const problem =
      entry.draft === entry.id
        ? 'names the entry itself'
        : !draft
          ? 'is not an entry of the catalog'
          : draft.draft !== undefined
            ? `has a draft of its own ("${draft.draft}"); a draft model drafts alone`
            : undefined;
    if (problem)
      return fail(
        'catalog_invalid',
        `The model catalog ${file} is invalid: the draft "${entry.draft}" of "${entry.id}" ${problem}.`,
      );
  }
  return { ok: true, entries: parsed.data.models };
}

/** The catalog entry that drafts for `entry`, if the catalog pairs one. */
export function draftEntryFor(
  entry: CatalogEntry,
  entries: readonly CatalogEntry[],
): CatalogEntry | undefined {
  return entry.draft === undefined ? undefined : entries.find((e) => e.id === entry.draft);
}

export type ModelSource =
  | { kind: 'catalog'; uri: string; entry: CatalogEntry; sha256: string | null; fileName: string }
  | { kind: 'remote'; uri: string; sha256: null; fileName?: string }
  | { kind: 'file'; path: string };

/** Classifies what the user typed. A bare name that is not in the catalog is read as a local path. */
export function resolveSource(spec: string, entries: readonly CatalogEntry[]): ModelSource {
  const entry = entries.find((e) => e.id === spec);
  if (entry)
    return { kind: 'catalog', uri: entry.uri, entry, sha256: entry.sha256, fileName: entry.fileName };
  if (/^hf:/.test(spec) || /^https?:\/\//i.test(spec)) return { kind: 'remote', uri: spec, sha256: null };
  return { kind: 'file', path: path.resolve(spec) };
}

/** Catalog entries ordered by size, smallest first (what a UI lists). */
export function sortBySize(entries: readonly CatalogEntry[]): CatalogEntry[] {
  return [...entries].sort((a, b) => a.sizeBytes - b.sizeBytes);
}
