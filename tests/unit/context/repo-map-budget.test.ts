import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoMap } from '../../../src/main/context/repo-map.js';
import { fitRepoMap } from '../../../src/main/context/repo-map-render.js';
import type { MapFile } from '../../../src/main/context/repo-map-render.js';
import type { CodeSymbol } from '../../../src/main/context/symbol-extract.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticFiles(count: number, seed: number): MapFile[] {
  const rand = random(seed);
  const dirs = ['src', 'src/main/agent', 'src/main/tools', 'lib/util', 'tests/unit', 'docs'];
  return Array.from({ length: count }, (_, i) => {
    const dir = dirs[Math.floor(rand() * dirs.length)] as string;
    const symbols: CodeSymbol[] = Array.from({ length: Math.floor(rand() * 45) }, (_, k) => ({
      name: `sym${i}_${k}`,
      kind: k % 4 === 0 ? 'class' : 'function',
      line: k * 7 + 1,
      depth: k % 4 === 0 ? 0 : ((k % 2) as 0 | 1),
      signature: `function sym${i}_${k}(${'arg: string, '.repeat(Math.floor(rand() * 6))}): void`,
    }));
    return { rel: `${dir}/file-${i}-${'x'.repeat(Math.floor(rand() * 20))}.ts`, symbols };
  });
}

const COUNTERS: Record<string, (t: string) => number> = {
  chars: (t) => Math.ceil(t.length / 4),
  words: (t) => t.match(/\w+|[^\w\s]/g)?.length ?? 0,
  // The whole counts more than the sum of its lines: planning underestimates, the final check must catch it.
  superadditive: (t) => (t === '' ? 0 : Math.ceil(t.length / 5) + Math.floor(t.length / 40)),
};

const BUDGETS = [
  ...Array.from({ length: 160 }, (_, i) => i),
  ...Array.from({ length: 120 }, (_, i) => 160 + i * 83),
];

describe('fitRepoMap', () => {
  const files = syntheticFiles(150, 7);

  for (const [name, count] of Object.entries(COUNTERS)) {
    it(`never exceeds the budget (${name} counter, ${BUDGETS.length} budgets)`, () => {
      let listedBefore = -1;
      for (const budget of BUDGETS) {
        const map = fitRepoMap(files, { budgetTokens: budget, countTokens: count, maxSymbolsPerFile: 20 });
        expect(map.tokens).toBeLessThanOrEqual(budget);
        expect(map.tokens).toBe(count(map.text));
        expect(map.filesListed + map.filesLeftOut).toBe(files.length);
        if (map.filesLeftOut > 0 && map.text !== '') {
          expect(map.text.split('\n').at(-1)).toBe(
            `(${map.filesLeftOut} of ${files.length} files not shown)`,
          );
        }
        if (budget > 4000) expect(map.filesListed).toBeGreaterThanOrEqual(listedBefore);
        listedBefore = map.filesListed;
      }
    });
  }

  it('shows every file with its symbols when the budget allows', () => {
    const small = syntheticFiles(12, 3);
    const map = fitRepoMap(small, {
      budgetTokens: 1e6,
      countTokens: COUNTERS['chars'] as (t: string) => number,
    });
    expect(map.filesLeftOut).toBe(0);
    expect(map.filesWithSymbols).toBe(small.filter((f) => f.symbols.length > 0).length);
    for (const f of small) expect(map.text).toContain(f.rel);
    expect(map.text).not.toContain('not shown');
  });

  it('gives symbols to the best-ranked files, names more by path and sums up the rest by folder', () => {
    const map = fitRepoMap(files, {
      budgetTokens: 600,
      countTokens: COUNTERS['chars'] as (t: string) => number,
    });
    const lines = map.text.split('\n');
    expect(lines[0]).toBe(files[0]?.rel);
    expect(lines[1]).toMatch(/^ {2,4}\d+ function sym0_/);
    expect(map.filesWithSymbols).toBeGreaterThan(0);
    expect(map.filesListed).toBeGreaterThan(map.filesWithSymbols);
    expect(lines.some((l) => /^[\w/]+\/ \(\d+ (?:more )?files?\)$/.test(l))).toBe(true);
  });

  it('returns an empty map for a budget of zero or a negative one', () => {
    for (const budget of [0, -5, Number.NaN]) {
      expect(fitRepoMap(files, { budgetTokens: budget, countTokens: (t) => t.length })).toMatchObject({
        text: '',
        tokens: 0,
      });
    }
  });
});

describe('RepoMap.render budget', () => {
  let root: string;
  let map: RepoMap;

  beforeAll(async () => {
    const tree: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const fns = Array.from(
        { length: i % 9 },
        (_, k) => `export function f${i}x${k}(a: number): number {\n  return a;\n}`,
      );
      tree[`pkg${i % 5}/mod-${i}.ts`] = fns.join('\n') + '\n';
      tree[`pkg${i % 5}/notes-${i}.md`] = '# notes\n';
    }
    root = await makeTempDir('lc-repomap-budget-');
    await writeFiles(root, tree);
    const opened = await openWorkspace(root);
    if (!opened.ok) throw new Error(opened.message);
    map = new RepoMap(opened.workspace);
    await map.build();
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('never exceeds the budget on a real tree', () => {
    const count = COUNTERS['superadditive'] as (t: string) => number;
    for (let budget = 0; budget < 1500; budget += 7) {
      const out = map.render({ budgetTokens: budget, countTokens: count, mentions: ['f13x2 and mod-27.ts'] });
      expect(out.tokens).toBeLessThanOrEqual(budget);
      expect(out.tokens).toBe(count(out.text));
    }
  });
});
