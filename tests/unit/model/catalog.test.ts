// The shipped catalog parses, and sources are classified the way the CLI and UI expect.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultCatalogPath,
  loadCatalog,
  parseCatalog,
  resolveSource,
  sortBySize,
} from '../../../src/main/model/catalog.js';
import { classifyRemoteError, httpStatusOf } from '../../../src/main/model/download-errors.js';

describe('models/catalog.json', () => {
  it('is valid, with unique ids, sizes from ~1B to 14B+, and hashes only as 64 hex digits or null', async () => {
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
