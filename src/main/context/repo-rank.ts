// Ranking for the repo map. Structure: a file that mentions a name another file defines points to
// it, and PageRank over those links (computed once per build) says which files the rest lean on.
// Task: files and names mentioned in the task and recent messages, and recently used files, are
// boosted per render, and so are their direct neighbours. Deterministic: ties break by path.
import { hashIdentifier } from './symbol-extract.js';
import type { CodeSymbol } from './symbol-extract.js';

export interface RankFile {
  rel: string;
  symbols: readonly CodeSymbol[];
  /** identifierHashes() of the file's text. */
  refs: Int32Array;
}

export interface TaskSignals {
  /** Free text: the task, recent messages; paths and identifiers are picked out of it. */
  mentions?: readonly string[];
  /** Recently read or edited files, most recent first (workspace-relative or absolute under root). */
  recentFiles?: readonly string[];
}

export interface RankResult {
  /** File indexes, best first. */
  order: number[];
  score: Float64Array;
  /** Symbol names the task mentions -> true when distinctive (camelCase, snake_case...), false for plain words. */
  mentionedNames: Map<string, boolean>;
}

/** A name defined in more files than this says nothing about where it lives. */
const MAX_DEFINERS = 10;
const DAMPING = 0.85;
const ITERATIONS = 20;
const BOOST_PATH = 10;
const BOOST_RECENT = 5;
const BOOST_NAME = 6;
const BOOST_STEM = 2;
const RECENT_DECAY = 0.85;
const MAX_RECENT = 30;
const NEIGHBOUR_SHARE = 0.1;
const MAX_NEIGHBOUR_BOOST = 2;

export class RepoGraph {
  /** PageRank scaled so the most central file has 1. */
  readonly structural: Float64Array;
  /** Files each file links to, and files linking to it. */
  private readonly outLinks: Int32Array[];
  private readonly inLinks: number[][];
  private readonly relIndex = new Map<string, number>();
  private readonly baseIndex = new Map<string, number[]>();
  private readonly stemIndex = new Map<string, number[]>();
  private readonly nameIndex = new Map<string, number[]>();

  constructor(private readonly files: readonly RankFile[]) {
    files.forEach((f, i) => {
      this.relIndex.set(f.rel, i);
      const base = f.rel.slice(f.rel.lastIndexOf('/') + 1);
      push(this.baseIndex, base, i);
      push(this.stemIndex, normalStem(base.replace(/\..*$/, '')), i);
      for (const s of new Set(f.symbols.map((x) => x.name))) push(this.nameIndex, s, i);
    });
    const { out, weights } = this.links();
    this.outLinks = out;
    this.inLinks = files.map(() => []);
    out.forEach((targets, i) => {
      for (const j of targets) (this.inLinks[j] as number[]).push(i);
    });
    this.structural = pageRank(out, weights);
  }

  rank(signals: TaskSignals, root: string): RankResult {
    const n = this.files.length;
    const boost = new Float64Array(n);
    const mentionedNames = new Map<string, boolean>();
    for (const token of mentionTokens(signals.mentions ?? [])) this.boostToken(token, boost, mentionedNames);
    (signals.recentFiles ?? []).slice(0, MAX_RECENT).forEach((file, k) => {
      const i = this.relIndex.get(toRel(file, root));
      if (i !== undefined) boost[i] = (boost[i] as number) + BOOST_RECENT * RECENT_DECAY ** k;
    });
    const near = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = boost[i] as number;
      if (b <= 0) continue;
      for (const j of this.outLinks[i] as Int32Array) near[j] = (near[j] as number) + NEIGHBOUR_SHARE * b;
      for (const j of this.inLinks[i] as number[]) near[j] = (near[j] as number) + NEIGHBOUR_SHARE * b;
    }
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      score[i] =
        (this.structural[i] as number) +
        (boost[i] as number) +
        Math.min(MAX_NEIGHBOUR_BOOST, near[i] as number);
    }
    const order = Array.from({ length: n }, (_, i) => i);
    const rels = this.files.map((f) => f.rel);
    order.sort(
      (a, b) => (score[b] as number) - (score[a] as number) || compare(rels[a] as string, rels[b] as string),
    );
    return { order, score, mentionedNames };
  }

  private boostToken(token: string, boost: Float64Array, names: Map<string, boolean>): void {
    const add = (idx: readonly number[] | undefined, amount: number): void => {
      if (!idx || idx.length === 0 || idx.length > MAX_DEFINERS * 2) return;
      for (const i of idx) boost[i] = (boost[i] as number) + amount / idx.length;
    };
    if (token.includes('/') || /\.[A-Za-z]\w*$/.test(token)) {
      const exact = this.relIndex.get(token.replace(/^\.\//, ''));
      if (exact !== undefined) boost[exact] = (boost[exact] as number) + BOOST_PATH;
      else {
        const base = token.slice(token.lastIndexOf('/') + 1);
        const suffix = '/' + token.replace(/^\.?\//, '');
        const hits = (this.baseIndex.get(base) ?? []).filter((i) => {
          const rel = (this.files[i] as RankFile).rel;
          return !token.includes('/') || rel.endsWith(suffix);
        });
        add(hits, BOOST_PATH);
      }
    }
    for (const part of token.split(/[./\\:-]+/)) {
      if (!/^[A-Za-z_$][\w$]{2,}$/.test(part)) continue;
      const definers = this.nameIndex.get(part);
      if (definers) {
        names.set(part, isDistinctive(part));
        add(definers, BOOST_NAME * (isDistinctive(part) ? 1 : 0.3));
      }
    }
    const stem = normalStem(token.slice(token.lastIndexOf('/') + 1).replace(/\..*$/, ''));
    if (stem.length >= 4) add(this.stemIndex.get(stem), BOOST_STEM * (isDistinctive(token) ? 1 : 0.5));
  }

  /** Weighted links: file -> files defining the names it mentions; each name weighs 1/definers. */
  private links(): { out: Int32Array[]; weights: Float64Array[] } {
    const defs = new Map<number, number[]>();
    this.files.forEach((f, i) => {
      for (const s of f.symbols) {
        if (s.depth !== 0 || s.kind === 'impl' || !/^[A-Za-z_$][\w$]{2,}$/.test(s.name)) continue;
        const h = hashIdentifier(s.name);
        const list = defs.get(h);
        if (!list) defs.set(h, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    const out: Int32Array[] = [];
    const weights: Float64Array[] = [];
    const acc = new Float64Array(this.files.length);
    const touched: number[] = [];
    this.files.forEach((f, i) => {
      for (const h of f.refs) {
        const definers = defs.get(h);
        if (!definers || definers.length > MAX_DEFINERS) continue;
        const w = 1 / definers.length;
        for (const d of definers) {
          if (d === i) continue;
          if (acc[d] === 0) touched.push(d);
          acc[d] = (acc[d] as number) + w;
        }
      }
      const targets = Int32Array.from(touched).sort();
      const w = new Float64Array(targets.length);
      for (let k = 0; k < targets.length; k++) {
        w[k] = acc[targets[k] as number] as number;
        acc[targets[k] as number] = 0;
      }
      out.push(targets);
      weights.push(w);
      touched.length = 0;
    });
    return { out, weights };
  }
}

function pageRank(out: readonly Int32Array[], weights: readonly Float64Array[]): Float64Array {
  const n = out.length;
  let rank = new Float64Array(n).fill(n === 0 ? 0 : 1 / n);
  const totals = weights.map((w) => w.reduce((a, b) => a + b, 0));
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const r = rank[i] as number;
      const total = totals[i] as number;
      if (total === 0) {
        dangling += r;
        continue;
      }
      const targets = out[i] as Int32Array;
      const w = weights[i] as Float64Array;
      for (let k = 0; k < targets.length; k++) {
        const t = targets[k] as number;
        next[t] = (next[t] as number) + (DAMPING * r * (w[k] as number)) / total;
      }
    }
    const base = (1 - DAMPING) / n + (DAMPING * dangling) / n;
    for (let i = 0; i < n; i++) next[i] = (next[i] as number) + base;
    rank = next;
  }
  let max = 0;
  for (const r of rank) max = Math.max(max, r);
  if (max > 0) for (let i = 0; i < n; i++) rank[i] = (rank[i] as number) / max;
  return rank;
}

/** Path-like words and identifiers in free text, deduplicated, trailing punctuation removed. */
export function mentionTokens(texts: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/[\w$./\\-]+/g)) {
      const t = m[0]
        .replace(/\\/g, '/')
        .replace(/[.:/-]+$/, '')
        .replace(/:\d+$/, '');
      if (t.length >= 3) tokens.add(t);
    }
  }
  return [...tokens];
}

/** camelCase, PascalCase, snake_case or with digits: unlikely to be an ordinary English word. */
function isDistinctive(word: string): boolean {
  return /[A-Z_$0-9]/.test(word.slice(1)) || /^[A-Z]/.test(word);
}

/** `repo-map`, `repo_map`, `RepoMap` and `repomap` all compare equal. */
function normalStem(s: string): string {
  return s.replace(/[-_\s]/g, '').toLowerCase();
}

function toRel(file: string, root: string): string {
  const f = file.replace(/\\/g, '/');
  const r = root.replace(/\\/g, '/');
  if (f.startsWith(r + '/')) return f.slice(r.length + 1);
  return f.replace(/^\.\//, '');
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
