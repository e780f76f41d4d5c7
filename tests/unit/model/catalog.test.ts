// The shipped catalog parses, and sources are classified the way the CLI and UI expect.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultCatalogPath,
  loadCatalog,
  draftEntryFor,
  parseCatalog,
  resolveSource,
  sortBySize,
} from '../../../src/main/model/catalog.js';
import { classifyRemoteError, httpStatusOf } from '../../../src/main/model/download-errors.js';

describe('models/catalog.json', () => {
  it('is valid, with unique ids, sizes from under 1B to 14B+, and hashes only as 64 hex digits or null', async () => {
    expect(defaultCatalogPath()).toBe(path.resolve('models/catalog.json'));
    const catalog = await loadCatalog();
    if (!catalog.ok) throw new Error(catalog.message);
    const sizes = sortBySize(catalog.entries).map((e) => e.sizeBytes);
    expect(sizes[0]).toBeLessThan(1.2e9);
    expect(sizes.at(-1)).toBeGreaterThan(8e9);
    const families = new Set(catalog.entries.map((e) => e.family));
    for (const family of ['gemma3', 'qwen2.5-coder', 'qwen3', 'llama3.2']) expect(families).toContain(family);
    for (const entry of catalog.entries) expect(entry.uri.endsWith(entry.fileName)).toBe(true);
  });

  it('pairs draft models of the same family: Qwen2.5 Coder 0.5B, Gemma 3 270M, Llama 3.2 1B', async () => {
    const catalog = await loadCatalog();
    if (!catalog.ok) throw new Error(catalog.message);
    const pairs = catalog.entries
      .filter((e) => e.draft !== undefined)
      .map((e) => [e.id, draftEntryFor(e, catalog.entries)?.id]);
    expect(Object.fromEntries(pairs)).toEqual({
      'gemma-3-1b-it-q4km': 'gemma-3-270m-it-q8',
      'gemma-3-4b-it-q4km': 'gemma-3-270m-it-q8',
      'gemma-3-12b-it-q4km': 'gemma-3-270m-it-q8',
      'qwen2.5-coder-1.5b-instruct-q4km': 'qwen2.5-coder-0.5b-instruct-q8',
      'qwen2.5-coder-3b-instruct-q4km': 'qwen2.5-coder-0.5b-instruct-q8',
      'qwen2.5-coder-7b-instruct-q4km': 'qwen2.5-coder-0.5b-instruct-q8',
      'qwen2.5-coder-14b-instruct-q4km': 'qwen2.5-coder-0.5b-instruct-q8',
      'qwen2.5-coder-32b-instruct-q4km': 'qwen2.5-coder-0.5b-instruct-q8',
      'llama-3.2-3b-instruct-q4km': 'llama-3.2-1b-instruct-q4km',
      'llama-3.1-8b-instruct-q4km': 'llama-3.2-1b-instruct-q4km',
    });
    for (const entry of catalog.entries) {
      const draft = draftEntryFor(entry, catalog.entries);
      if (!draft) continue;
      expect(draft.family.replace(/\.\d$/, '')).toBe(entry.family.replace(/\.\d$/, ''));
      expect(draft.sizeBytes).toBeLessThan(entry.sizeBytes);
    }
  });

  it('rejects duplicates and bad fields with where the problem is', () => {
    const entry = {
      id: 'a',
      name: 'A',
      family: 'f',
      parameters: '1B',
      uri: 'hf:u/r/a.gguf',
      fileName: 'a.gguf',
      sizeBytes: 1,
      quantization: 'Q4_K_M',
      license: 'mit',
      contextLength: 4096,
      sha256: null,
      minMemoryGb: 8,
      description: 'd',
    };
    const twice = parseCatalog(JSON.stringify({ version: 1, models: [entry, entry] }));
    expect(twice).toMatchObject({ ok: false, code: 'catalog_invalid' });
    const badHash = parseCatalog(JSON.stringify({ version: 1, models: [{ ...entry, sha256: 'xyz' }] }));
    expect(!badHash.ok && badHash.message).toContain('models.0.sha256');
  });

  it('rejects a draft that is missing, the entry itself, or has a draft of its own', () => {
    const entry = (id: string, draft?: string) => ({
      id,
      name: id,
      family: 'f',
      parameters: '1B',
      uri: `hf:u/r/${id}.gguf`,
      fileName: `${id}.gguf`,
      sizeBytes: 1,
      quantization: 'Q8_0',
      license: 'mit',
      contextLength: 4096,
      sha256: null,
      minMemoryGb: 8,
      ...(draft === undefined ? {} : { draft }),
      description: 'd',
    });
    const parse = (...models: object[]) => parseCatalog(JSON.stringify({ version: 1, models }));
    const paired = parse(entry('big', 'small'), entry('small'));
    if (!paired.ok) throw new Error(paired.message);
    expect(draftEntryFor(paired.entries[0] as never, paired.entries)?.id).toBe('small');

    const missing = parse(entry('big', 'absent'));
    expect(missing).toMatchObject({ ok: false, code: 'catalog_invalid' });
    expect(!missing.ok && missing.message).toContain('the draft "absent" of "big" is not an entry');
    const self = parse(entry('big', 'big'));
    expect(!self.ok && self.message).toContain('names the entry itself');
    const chained = parse(entry('big', 'mid'), entry('mid', 'small'), entry('small'));
    expect(!chained.ok && chained.message).toContain('"mid" of "big" has a draft of its own ("small")');
    const empty = parse(entry('big', ''));
    expect(!empty.ok && empty.message).toContain('models.0.draft');
  });
});

describe('resolveSource', () => {
  const entries = [{ id: 'qwen', uri: 'hf:Q/R/q.gguf', fileName: 'q.gguf', sha256: null } as never];
  it('tells catalog ids, hf: URIs, URLs and files apart', () => {
    expect(resolveSource('qwen', entries)).toMatchObject({
      kind: 'catalog',
      uri: 'hf:Q/R/q.gguf',
      fileName: 'q.gguf',
    });
    expect(resolveSource('hf:a/b:Q4_K_M', entries)).toMatchObject({ kind: 'remote', uri: 'hf:a/b:Q4_K_M' });
    expect(resolveSource('http://127.0.0.1:1/m.gguf', entries)).toMatchObject({ kind: 'remote' });
    expect(resolveSource('models/x.gguf', entries)).toEqual({
      kind: 'file',
      path: path.resolve('models/x.gguf'),
    });
  });
});

describe('classifyRemoteError', () => {
  it('maps statuses and network failures to codes with an action', () => {
    expect(httpStatusOf(new Error('Failed to fetch byte range: 404 Not Found'))).toBe(404);
    expect(httpStatusOf({ statusCode: 401 })).toBe(401);
    expect(classifyRemoteError(new Error('Failed to fetch byte range: 403 Forbidden'), 'hf:a/b').code).toBe(
      'auth_required',
    );
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    const offline = classifyRemoteError(refused, 'https://huggingface.co/x');
    expect(offline).toMatchObject({ code: 'no_network' });
    expect(offline.message).toContain('huggingface.co');
    expect(classifyRemoteError(new Error('Failed to fetch byte range: 500 Oops'), 'u').code).toBe(
      'download_failed',
    );
  });
});
