import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSearchTool, searchTool } from '../../../src/main/tools/search.js';
import type { SearchEngine } from '../../../src/main/workspace/text-search.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace({ searchMatches: 3, lineChars: 30 });
  await t.write({
    '.gitignore': 'dist/\n',
    'src/a.ts': 'export function foo() {}\nconst x = foo();\n',
    'src/b.ts': 'import { foo } from "./a.js";\r\nFoo is not foo.bar\n',
    'dist/a.js': 'function foo() {}\n',
    'node_modules/p/index.js': 'foo\n',
    'pkg/.gitignore': 'generated.ts\n',
    'pkg/generated.ts': 'foo\n',
    'pkg/real.ts': 'no match here\n',
    'image.bin': Buffer.concat([Buffer.from('foo'), Buffer.from([0, 1, 2]), Buffer.from('foo\n')]),
  });
});
afterEach(async () => {
  await t.cleanup();
});

describe('search', () => {
  it('finds literal, case-sensitive matches as path:line: text, skipping ignored and binary files', async () => {
    const out = await t.run(searchTool, { pattern: 'foo(' });
    expect(out).toEqual({
      ok: true,
      output: 'src/a.ts:1: export function foo() {}\nsrc/a.ts:2: const x = foo();',
      truncated: false,
    });
  });

  it('respects nested .gitignore files', async () => {
    const out = await t.run(searchTool, { pattern: 'foo', path: 'pkg' });
    expect(out.output).toBe('No matches for "foo" in pkg (2 files searched).');
  });

  it('supports regex and reports an invalid one', async () => {
    const out = await t.run(searchTool, { pattern: '^Foo\\b', regex: true });
    expect(out.output).toBe('src/b.ts:2: Foo is not foo.bar');
    const bad = await t.run(searchTool, { pattern: '(unclosed', regex: true });
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/^Invalid regular expression/);
  });

  it('treats regex characters literally by default and searches a single file', async () => {
    const out = await t.run(searchTool, { pattern: 'foo.bar', path: 'src/b.ts' });
    expect(out.output).toBe('src/b.ts:2: Foo is not foo.bar');
  });

  it('stops at the match cap with a marker and cuts long lines', async () => {
    await t.write({ 'many.txt': `${'hit '.repeat(20)}\nhit\nhit\nhit\n` });
    const out = await t.run(searchTool, { pattern: 'hit', path: 'many.txt' });
    expect(out.truncated).toBe(true);
    expect(out.output.split('\n')).toEqual([
      `many.txt:1: ${'hit '.repeat(7)}hi ... (50 more chars)`,
      'many.txt:2: hit',
      'many.txt:3: hit',
      '... (stopped at 3 matches; narrow the pattern or give a path to see the rest)',
    ]);
  });

  it('fails on an empty pattern, a missing path and an escape', async () => {
    expect((await t.run(searchTool, { pattern: '' })).ok).toBe(false);
    const missing = await t.run(searchTool, { pattern: 'x', path: 'nope' });
    expect(missing.ok).toBe(false);
    expect(missing.output).toMatch(/does not exist/);
    const outside = await t.run(searchTool, { pattern: 'x', path: '../' });
    expect(outside.output).toMatch(/outside the workspace/);
  });

  it('runs behind a swappable engine', async () => {
    const engine: SearchEngine = async (_ws, q) => ({
      ok: true,
      matches: [{ rel: q.startRel === '.' ? 'stub.ts' : q.startRel, line: 7, text: q.pattern }],
      capped: false,
      filesSearched: 1,
      skipped: [],
      skippedCount: 0,
    });
    const out = await t.run(createSearchTool(engine), { pattern: 'zzz' });
    expect(out.output).toBe('stub.ts:7: zzz');
  });
});
