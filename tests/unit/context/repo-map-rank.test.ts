import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoMap } from '../../../src/main/context/repo-map.js';
import type { RepoMapRenderInput } from '../../../src/main/context/repo-map.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

let root: string;
let map: RepoMap;

const chars = (t: string): number => Math.ceil(t.length / 4);
const render = (extra: Partial<RepoMapRenderInput> = {}): string =>
  map.render({ budgetTokens: 100_000, countTokens: chars, ...extra }).text;
/** File header lines (paths at column 0 followed by symbol lines or alone), in order. */
const files = (text: string): string[] =>
  text.split('\n').filter((l) => /^[\w.-]+(?:\/[\w.-]+)*\.\w+$/.test(l));

beforeAll(async () => {
  const tree: Record<string, string> = {
    'core/types.ts':
      'export interface SharedConfig {\n  name: string;\n}\nexport function makeConfig(): SharedConfig {}\n',
    'deep/nested/pkg/checksum.ts':
      'export function computeChecksum(data: Uint8Array): number {\n  return 0;\n}\n',
    'util/strings.ts': 'export function padLeft(s: string, n: number): string {\n  return s;\n}\n',
    'docs/guide.md': '# Guide\n',
    'big/many.ts':
      Array.from({ length: 50 }, (_, i) => `export function fn${i}(): void {}`).join('\n') + '\n',
  };
  for (let i = 0; i < 10; i++) {
    tree[`feature${i}/handler${i}.ts`] =
      `import { SharedConfig } from '../core/types.js';\nexport function handle${i}(c: SharedConfig): void {}\n`;
  }
  root = await makeTempDir('lc-repomap-rank-');
  await writeFiles(root, tree);
  const opened = await openWorkspace(root);
  if (!opened.ok) throw new Error(opened.message);
  map = new RepoMap(opened.workspace);
  await map.build();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('RepoMap ranking', () => {
  it('puts the file most others depend on first when the task names nothing', () => {
    expect(files(render())[0]).toBe('core/types.ts');
  });

  it('pulls the file that defines an identifier the task mentions to the top', () => {
    const text = render({ mentions: ['Please fix computeChecksum: it fails on empty input.'] });
    expect(files(text)[0]).toBe('deep/nested/pkg/checksum.ts');
  });

  it('pulls files mentioned by path, by base name or by a name matching their stem', () => {
    expect(files(render({ mentions: ['look at util/strings.ts:12'] }))[0]).toBe('util/strings.ts');
    expect(files(render({ mentions: ['what is in checksum.ts?'] }))[0]).toBe('deep/nested/pkg/checksum.ts');
    expect(files(render({ mentions: ['the Strings helpers'] }))[0]).toBe('util/strings.ts');
  });

  it('ranks recently used files high, the most recent first', () => {
    const text = render({ recentFiles: ['feature7/handler7.ts', `${root}/feature3/handler3.ts`] });
    expect(files(text).slice(0, 2)).toEqual(['feature7/handler7.ts', 'feature3/handler3.ts']);
  });

  it('mentions outweigh recency, and both outweigh structure', () => {
    const text = render({ mentions: ['handle5 is wrong'], recentFiles: ['util/strings.ts'] });
    expect(files(text).slice(0, 3)).toEqual(['feature5/handler5.ts', 'util/strings.ts', 'core/types.ts']);
  });

  it('keeps a mentioned symbol when a file has more symbols than are shown', () => {
    const text = render({ mentions: ['call fn42 twice'], maxSymbolsPerFile: 5 });
    expect(files(text)[0]).toBe('big/many.ts');
    expect(text).toContain('  43 function fn42(): void');
    expect(text).toContain('  ... 45 more symbols');
  });

  it('renders the same text for the same input, whatever the build order', async () => {
    const opened = await openWorkspace(root);
    if (!opened.ok) throw new Error(opened.message);
    const other = new RepoMap(opened.workspace, { concurrency: 1 });
    await other.build();
    const input = { budgetTokens: 120, countTokens: chars, mentions: ['SharedConfig'] };
    expect(other.render(input).text).toBe(map.render(input).text);
    expect(map.render(input).text).toBe(map.render(input).text);
  });
});
