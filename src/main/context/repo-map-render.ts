// Fits a ranked repo map to a token budget: the best files with their symbols, then bare paths, then
// one line per folder of files left out, then how many files were not shown. The text never counts
// more than the budget with the given counter: per-line counts plan it, a final count checks it.
import type { CodeSymbol } from './symbol-extract.js';

export interface MapFile {
  rel: string;
  symbols: readonly CodeSymbol[];
}

export interface MapFitOptions {
  budgetTokens: number;
  countTokens: (text: string) => number;
  /** Symbols shown for one file at most; default budgetTokens / 80, from 5 to 40. */
  maxSymbolsPerFile?: number;
  /** Names the task mentions, kept when a file's symbols are cut: true = distinctive, false = plain word. */
  keepNames?: ReadonlyMap<string, boolean>;
  /** Appended to the last line, e.g. why the listing is incomplete. */
  note?: string;
}

export interface FittedMap {
  text: string;
  /** countTokens(text). */
  tokens: number;
  filesWithSymbols: number;
  /** Files named by path (with or without symbols). */
  filesListed: number;
  /** Files not named (counted in folder lines or the last line). */
  filesLeftOut: number;
}

/** Share of the budget symbols may take when not every file can be named. */
const SYMBOL_SHARE = 0.7;
/** Share of the budget kept for folder lines while paths are listed. */
const FOLDER_SHARE = 0.1;

interface Block {
  file: number;
  /** In line order. */
  symbols: CodeSymbol[];
}

interface Plan {
  blocks: Block[];
  paths: number[];
  folders: string[];
}

/** `files` is ranked, best first. */
export function fitRepoMap(files: readonly MapFile[], opts: MapFitOptions): FittedMap {
  const budget = Math.floor(opts.budgetTokens);
  const empty: FittedMap = {
    text: '',
    tokens: 0,
    filesWithSymbols: 0,
    filesListed: 0,
    filesLeftOut: files.length,
  };
  if (!(budget > 0) || files.length === 0) return empty;
  const cost = (line: string): number => opts.countTokens(line) + 1; // + the newline
  const reserve = cost(lastLine(files.length, files.length, opts.note));
  const full = plan(files, opts, cost, budget, budget - reserve);
  const chosen =
    leftOut(files.length, full) === 0 ? full : plan(files, opts, cost, budget, SYMBOL_SHARE * budget);
  return settle(files, chosen, opts, budget);
}

function plan(
  files: readonly MapFile[],
  opts: MapFitOptions,
  cost: (line: string) => number,
  budget: number,
  symbolBudget: number,
): Plan {
  const reserve = cost(lastLine(files.length, files.length, opts.note));
  const maxSymbols = opts.maxSymbolsPerFile ?? Math.min(40, Math.max(5, Math.round(budget / 80)));
  const result: Plan = { blocks: [], paths: [], folders: [] };
  let used = 0;
  let i = 0;
  for (; i < files.length; i++) {
    const file = files[i] as MapFile;
    const picked = pickSymbols(file.symbols, maxSymbols, opts.keepNames);
    const whole = opts.countTokens(blockLines(file, picked).join('\n')) + 1;
    if (used + whole <= symbolBudget) {
      result.blocks.push({ file: i, symbols: picked });
      used += whole;
      continue;
    }
    const partial = partialBlock(file, picked, symbolBudget - used, cost);
    if (partial) {
      result.blocks.push({ file: i, symbols: partial.symbols });
      used += partial.tokens;
      i++;
    }
    break;
  }
  // Folder lines for what paths cannot name get a share too: they show the rest of the structure.
  let folderReserve = 0;
  for (const line of folderLines(files, i, result)) {
    const c = cost(line);
    if (folderReserve + c > FOLDER_SHARE * budget) break;
    folderReserve += c;
  }
  for (; i < files.length; i++) {
    const c = cost((files[i] as MapFile).rel);
    if (used + c > budget - reserve - folderReserve) break;
    result.paths.push(i);
    used += c;
  }
  for (const line of folderLines(files, i, result)) {
    const c = cost(line);
    if (used + c > budget - reserve) break;
    result.folders.push(line);
    used += c;
  }
  return result;
}

/**
 * Up to `max` symbols, private members left out unless mentioned: distinctive mentioned names
 * first, then top-level symbols, then members named by a plain word of the task, then other
 * members; shown in line order.
 */
function pickSymbols(
  symbols: readonly CodeSymbol[],
  max: number,
  keep?: ReadonlyMap<string, boolean>,
): CodeSymbol[] {
  const visible = symbols.filter((s) => keep?.has(s.name) || !isPrivate(s));
  if (visible.length <= max) return visible;
  const priority = (s: CodeSymbol): number => {
    const kept = keep?.get(s.name);
    return kept === true ? 0 : s.depth === 0 ? 1 : kept === false ? 2 : 3;
  };
  return visible
    .sort((a, b) => priority(a) - priority(b) || a.line - b.line)
    .slice(0, max)
    .sort((a, b) => a.line - b.line);
}

/** A member only its own class uses: `private x()`, `#x()`, Python's `_x` (not `__x__`). */
function isPrivate(s: CodeSymbol): boolean {
  if (s.depth === 0) return false;
  return /^(?:private\b|#)/.test(s.signature) || (s.name.startsWith('_') && !s.name.endsWith('__'));
}

function blockLines(file: MapFile, picked: readonly CodeSymbol[]): string[] {
  const lines = [file.rel, ...picked.map(symbolLine)];
  const more = file.symbols.length - picked.length;
  if (more > 0) lines.push(`  ... ${more} more symbols`);
  return lines;
}

function symbolLine(s: CodeSymbol): string {
  return `${s.depth === 0 ? '  ' : '    '}${s.line} ${s.signature}`;
}

/** The file's path and the symbols (in priority order) that fit in `room` tokens; null if none do. */
function partialBlock(
  file: MapFile,
  picked: readonly CodeSymbol[],
  room: number,
  cost: (line: string) => number,
): { symbols: CodeSymbol[]; tokens: number } | null {
  let used = cost(file.rel) + cost(`  ... ${file.symbols.length} more symbols`);
  if (used > room || picked.length === 0) return null;
  const keep: CodeSymbol[] = [];
  for (const s of picked) {
    const c = cost(symbolLine(s));
    if (used + c > room) break;
    keep.push(s);
    used += c;
  }
  if (keep.length === 0) return null;
  keep.sort((a, b) => a.line - b.line);
  return { symbols: keep, tokens: used };
}

/** Files from `from` on grouped by folder, the folder of the best-ranked file first. */
function folderLines(files: readonly MapFile[], from: number, plan: Plan): string[] {
  const shown = new Map<string, number>();
  const named = [...plan.blocks.map((b) => b.file), ...plan.paths];
  for (const i of named) {
    const dir = dirOf((files[i] as MapFile).rel);
    shown.set(dir, (shown.get(dir) ?? 0) + 1);
  }
  const groups = new Map<string, number>();
  for (let i = from; i < files.length; i++) {
    const dir = dirOf((files[i] as MapFile).rel);
    groups.set(dir, (groups.get(dir) ?? 0) + 1);
  }
  return [...groups].map(
    ([dir, n]) => `${dir}/ (${n} ${shown.has(dir) ? 'more ' : ''}file${n === 1 ? '' : 's'})`,
  );
}

function dirOf(rel: string): string {
  const k = rel.lastIndexOf('/');
  return k === -1 ? '.' : rel.slice(0, k);
}

function lastLine(notShown: number, total: number, note?: string): string {
  return `(${notShown} of ${total} files not shown${note ? `; ${note}` : ''})`;
}

function leftOut(total: number, p: Plan): number {
  return total - p.blocks.length - p.paths.length;
}

function render(files: readonly MapFile[], p: Plan, note?: string): string {
  const out: string[] = [];
  for (const b of p.blocks) out.push(...blockLines(files[b.file] as MapFile, b.symbols));
  const paths = p.paths.map((i) => (files[i] as MapFile).rel).sort(compare);
  out.push(...paths, ...p.folders);
  const missing = leftOut(files.length, p);
  if (missing > 0 || note) out.push(lastLine(missing, files.length, note));
  return out.join('\n');
}

/**
 * Counts the whole text and, while it is over the budget (per-line counts are an estimate), drops
 * the least important lines, about as many tokens as it is over, and counts again.
 */
function settle(files: readonly MapFile[], p: Plan, opts: MapFitOptions, budget: number): FittedMap {
  for (;;) {
    const text = render(files, p, opts.note);
    const tokens = text === '' ? 0 : opts.countTokens(text);
    if (tokens <= budget) {
      return {
        text,
        tokens,
        filesWithSymbols: p.blocks.filter((b) => b.symbols.length > 0).length,
        filesListed: p.blocks.length + p.paths.length,
        filesLeftOut: leftOut(files.length, p),
      };
    }
    for (let dropped = 0; dropped < tokens - budget;) {
      const line = dropOne(files, p);
      if (line === null)
        return { text: '', tokens: 0, filesWithSymbols: 0, filesListed: 0, filesLeftOut: files.length };
      dropped += opts.countTokens(line) + 1;
    }
  }
}

/** Removes the least important line (folder line, path, last block's last symbol, that block); returns it. */
function dropOne(files: readonly MapFile[], p: Plan): string | null {
  const folder = p.folders.pop();
  if (folder !== undefined) return folder;
  const path = p.paths.pop();
  if (path !== undefined) return (files[path] as MapFile).rel;
  const last = p.blocks[p.blocks.length - 1];
  if (!last) return null;
  const symbol = last.symbols.pop();
  if (symbol) return symbolLine(symbol);
  p.blocks.pop();
  return (files[last.file] as MapFile).rel;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
