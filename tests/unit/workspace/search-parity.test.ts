import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRipgrepSearch } from '../../../src/main/workspace/ripgrep-search.js';
import { locateRipgrep } from '../../../src/main/workspace/ripgrep-locate.js';
import type { RipgrepBinary } from '../../../src/main/workspace/ripgrep-locate.js';
import { nodeSearch } from '../../../src/main/workspace/text-search.js';
import type { SearchEngine, SearchQuery } from '../../../src/main/workspace/text-search.js';
import { Workspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir } from '../helpers/tool-context.js';
import { writeSearchTree } from './search-tree.js';

let parent: string;
let ws: Workspace;
let rg: RipgrepBinary | null;
let rgEngine: SearchEngine;
const notNode: SearchEngine = async () => {
  throw new Error('ripgrep should have answered this query itself');
};

beforeAll(async () => {
  parent = await makeTempDir('lc-parity-');
  await writeSearchTree(path.join(parent, 'root'), path.join(parent, 'outside'));
  ws = new Workspace(path.join(parent, 'root'));
  rg = await locateRipgrep();
  rgEngine = createRipgrepSearch({ binary: rg, fallback: notNode });
});
afterAll(async () => {
  await fs.rm(parent, { recursive: true, force: true });
});

type Case = Omit<SearchQuery, 'signal'>;
const q = (pattern: string, extra: Partial<Case> = {}): Case => ({
  pattern,
  regex: false,
  startRel: '.',
  maxMatches: 1000,
  ...extra,
});

// Queries ripgrep itself must answer, identically to the Node engine.
const ripgrepCases: Case[] = [
  q('foo'),
  q('foo', { maxMatches: 3 }),
  q('foo', { maxMatches: 9 }),
  q('foo', { startRel: 'sub' }),
  q('foo', { startRel: 'sub/deep' }),
  q('foo', { startRel: 'src', maxMatches: 4 }),
  q('foo', { startRel: 'émoji' }),
  q('foo(x)'),
  q('héllo'),
  q('日本語'),
  q('😀 foo'),
  q('\uFEFFfoo'),
  q('no such text anywhere'),
  q('no such text', { startRel: 'sub' }),
  q('foo\\b', { regex: true }),
  q('\\bfoo\\b', { regex: true }),
  q('^foo', { regex: true }),
  q('foo$', { regex: true }),
  q('f.o', { regex: true, maxMatches: 5 }),
  q('\\d+', { regex: true }),
  q('\\d{3}', { regex: true }),
  q('[\\w-]+ = \\d', { regex: true }),
  q('\\W\\s\\S', { regex: true, maxMatches: 7 }),
  q('(?:ab)+', { regex: true }),
  q('a{2}', { regex: true }),
  q('x{', { regex: true }),
  q('x\\{,3\\}', { regex: true }),
  q('a{ x', { regex: true }),
  q('foo|bar', { regex: true, maxMatches: 2 }),
  q('t\\tab|\\u0074ab', { regex: true }),
  q('\\/|\\"', { regex: true }),
  q('[^a-z ]oo', { regex: true }),
];

// Queries the ripgrep engine hands to the Node engine (dialect or scope it cannot match exactly).
const fallbackCases: Case[] = [
  q('foo(?=bar)', { regex: true }),
  q('(a)\\1', { regex: true }),
  q('foo', { startRel: 'node_modules' }),
  q('foo', { startRel: 'a.log' }),
  q('foo', { startRel: 'src/data.bin' }),
];

describe.skipIf(process.env.LOCAL_CODER_RG === 'off')('search parity: ripgrep and the Node engine', () => {
  it('finds a ripgrep binary (Debian ripgrep here and in CI)', () => {
    expect(rg?.version).toMatch(/^ripgrep \d+/);
  });

  it.each(ripgrepCases)('same report for %j', async (c) => {
    const viaNode = await nodeSearch(ws, c);
    const viaRg = await rgEngine(ws, c);
    if (!viaNode.ok || !viaRg.ok) throw new Error('both engines should accept the query');
    expect(viaRg.engine).toBe('ripgrep');
    expect(viaRg.matches).toEqual(viaNode.matches);
    expect(viaRg.capped).toBe(viaNode.capped);
    if (viaNode.matches.length === 0) expect(viaRg.filesSearched).toBe(viaNode.filesSearched);
  });

  it.each(fallbackCases)('falls back to the Node engine for %j', async (c) => {
    const engine = createRipgrepSearch({ binary: rg });
    const viaNode = await nodeSearch(ws, c);
    const viaAuto = await engine(ws, c);
    expect(viaAuto).toEqual(viaNode);
    expect(viaAuto.ok && viaAuto.engine).toBe('node');
  });

  it('pins the rules both engines follow', async () => {
    const report = await nodeSearch(ws, q('foo'));
    if (!report.ok) throw new Error(report.message);
    const files = [...new Set(report.matches.map((m) => m.rel))];
    expect(files).toEqual([
      '.env',
      'a/b.txt',
      'a.txt',
      'keep.log',
      'regex/r.ts',
      'src/bom.ts',
      'src/build/inner.js',
      'src/latin1.txt',
      'src/main.ts',
      'src/many.txt',
      'src/no-eol.ts',
      'src/uni.ts',
      'sub/anchored.txt', // sub holds a .git: the root's rule does not reach inside
      'sub/code.ts',
      'sub/deep/local-only/y.ts', // /local-only/ is anchored to sub/
      'sub/deep/secret.txt',
      'sub/deep/z.ts',
      'sub/important.gen.ts',
      'émoji/z.ts',
      'émoji/ñ.ts',
      'émoji/\uE000.ts',
      'émoji/😀.ts',
    ]);
    const main = report.matches.filter((m) => m.rel === 'src/main.ts').map((m) => m.text);
    expect(main[1]).toBe('export const fooBar = foo;');
    expect(report.matches.find((m) => m.rel === 'src/latin1.txt')?.text).toBe('foo \uFFFD');
  });

  it('reports an invalid regex from either engine the same way', async () => {
    const viaNode = await nodeSearch(ws, q('(unclosed', { regex: true }));
    const viaRg = await rgEngine(ws, q('(unclosed', { regex: true }));
    expect(viaRg).toEqual(viaNode);
    expect(!viaRg.ok && viaRg.code).toBe('invalid_regex');
  });
});
