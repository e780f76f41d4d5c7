// The ripgrep engine behind the search tool, held to the contract in text-search.ts: flags make
// ripgrep's ignore rules, binary and size limits ours, its lines are re-checked with the JavaScript
// matcher, and anything it cannot answer the same way goes to the Node engine. ripgrep skips files over
// the size limit without a word, so two file listings (with and without the limit) name them; the
// files it could not open it names on stderr.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from './workspace.js';
import { compileMatcher, finishMatches, finishSkipped, nodeSearch } from './text-search.js';
import type { LineMatcher, SearchEngine, SearchMatch, SearchQuery, SkippedFile } from './text-search.js';
import { MAX_TEXT_BYTES } from './text-file.js';
import { readRegularFile } from './regular-file.js';
import { listWalk, parseRgPathError, sizeSkips } from './ripgrep-walk.js';
import { locateRipgrep } from './ripgrep-locate.js';
import type { RipgrepBinary } from './ripgrep-locate.js';
import { rootGitignore, toRustRegex } from './rg-pattern.js';

/** ripgrep judges binary files on its first 64 KiB buffer; larger files with matches are re-checked. */
const RG_BINARY_WINDOW = 64 * 1024;

/** Flags that give ripgrep our ignore semantics (see ignore-rules.ts) and our limits. */
const RG_WALK_FLAGS = [
  '--no-config',
  '--hidden',
  '--no-ignore-parent',
  '--no-ignore-dot',
  '--no-ignore-global',
  '--no-ignore-exclude',
  '--glob=!.git',
  '--glob=!node_modules',
  `--max-filesize=${MAX_TEXT_BYTES}`,
];

export interface RipgrepSearchOptions {
  /** The binary; default: locateRipgrep(). Null means "use the fallback". */
  binary?: RipgrepBinary | null;
  /** Used where ripgrep is missing or cannot answer the same way; default nodeSearch. */
  fallback?: SearchEngine;
}

export function createRipgrepSearch(opts: RipgrepSearchOptions = {}): SearchEngine {
  const fallback = opts.fallback ?? nodeSearch;
  return async (ws, query) => {
    const bin = opts.binary === undefined ? await locateRipgrep() : opts.binary;
    const compiled = compileMatcher(query);
    if (!compiled.ok) return compiled;
    if (bin === null || !(await isSearchableDir(ws, query.startRel))) return fallback(ws, query);
    const pattern = query.regex ? toRustRegex(query.pattern) : query.pattern;
    if (pattern === null) return fallback(ws, query);
    const flags = ripgrepWalkFlags(bin.version, ws.isRepoRoot('.'));
    const answer = await ripgrepSearch(bin.path, flags, ws, query, pattern, compiled.matcher);
    return answer ?? fallback(ws, query);
  };
}

/**
 * The walk flags for this binary and workspace. .gitignore files must apply without a repository
 * (--no-require-git), but ripgrep 14+ then also lets them reach into nested repositories, which git
 * (and ripgrep 13) stop at; inside a repository root, 14+ needs no such flag.
 */
export function ripgrepWalkFlags(version: string, rootIsRepo: boolean): string[] {
  const major = Number(/(\d+)\./.exec(version)?.[1] ?? 0);
  const requireGit = major >= 14 && rootIsRepo ? [] : ['--no-require-git'];
  return [...RG_WALK_FLAGS, ...requireGit];
}

/** ripgrep where available, else the Node engine. */
export const autoSearch: SearchEngine = createRipgrepSearch();

/** ripgrep handles folders that are not ignored; single files and ignored folders go to Node. */
async function isSearchableDir(ws: Workspace, startRel: string): Promise<boolean> {
  if (startRel !== '.' && ws.isIgnored(startRel, true)) return false;
  try {
    return (await fs.stat(path.join(ws.root, startRel))).isDirectory();
  } catch {
    return false;
  }
}

type Answer = Awaited<ReturnType<SearchEngine>> | null;

async function ripgrepSearch(
  bin: string,
  flags: string[],
  ws: Workspace,
  query: SearchQuery,
  pattern: string,
  matcher: LineMatcher,
): Promise<Answer> {
  const limit = query.maxMatches + 1;
  const tmp = await ancestorRules(ws, query.startRel);
  try {
    const walk = [...flags, ...(tmp ? [`--ignore-file=${tmp.file}`] : [])];
    const patternArgs = [...(query.regex ? [] : ['--fixed-strings']), `--regexp=${pattern}`];
    const common = [...walk, '--json', '--crlf', '--encoding=none', `--max-count=${limit}`, ...patternArgs];
    const target = ['--', query.startRel];
    // Parallel first; when matches are plentiful, a sorted run that stops at the cap is cheaper.
    const budget = Math.max(limit * 10, 2000);
    let run = await runRipgrep(bin, ws.root, [...common, ...target], budget, query.signal);
    let sorted = false;
    if (run.stopped && !query.signal?.aborted) {
      sorted = true;
      run = await runRipgrep(bin, ws.root, [...common, '--sort=path', ...target], limit, query.signal);
    }
    if (run.failed) return null;
    const valid = await validate(ws, run.matches, matcher);
    if (sorted && run.stopped && valid.length < limit) return null; // dropped lines: cannot tell what came next
    const result = finishMatches(valid, query.maxMatches);
    // A capped answer is incomplete anyway (and says so); otherwise name every file left out. (Listing
    // beside the search instead costs a capped search as much as it saves a full one.)
    const unread = new Set(run.denied.map((d) => d.rel));
    const lists =
      result.capped || query.signal?.aborted
        ? null
        : await listWalk(bin, ws.root, walk, target, query.signal);
    const sizes = lists && !query.signal?.aborted ? await sizeSkips(ws.root, lists, unread) : null;
    const filesSearched = result.matches.length === 0 && sizes ? sizes.searched : run.searches;
    const skipped = finishSkipped([...run.denied, ...(sizes?.tooLarge ?? [])]);
    return { ok: true, ...result, filesSearched, ...skipped, engine: 'ripgrep' };
  } finally {
    if (tmp) await fs.rm(tmp.dir, { recursive: true, force: true });
  }
}

interface RgRun {
  matches: SearchMatch[];
  /** We stopped it at `stopAfter` matches. */
  stopped: boolean;
  /** It could not search (bad pattern, bad flag): the caller falls back. */
  failed: boolean;
  searches: number;
  /** Files and folders it could not open (from stderr). */
  denied: SkippedFile[];
}

/** Paths named on stderr that are kept; more are dropped (a folder of that many is its own problem). */
const MAX_DENIED = 10_000;

function runRipgrep(
  bin: string,
  cwd: string,
  args: string[],
  stopAfter: number,
  signal?: AbortSignal,
): Promise<RgRun> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const matches: SearchMatch[] = [];
    const denied: SkippedFile[] = [];
    let stopped = false;
    let searches = 0;
    let stderr = '';
    let errRest = '';
    let rest = '';
    const noteError = (line: string): void => {
      const err = parseRgPathError(line);
      if (err === null) {
        if (stderr.length < 4096 && line !== '') stderr += `${line}\n`;
      } else if (err.skipped && denied.length < MAX_DENIED) denied.push(err.skipped);
    };
    const stop = (): void => {
      if (!child.killed) child.kill('SIGTERM');
    };
    signal?.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (errRest + chunk).split('\n');
      errRest = lines.pop() ?? '';
      for (const line of lines) noteError(line);
    });
    child.stdout.on('data', (chunk: string) => {
      if (stopped) return;
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{"type":"match"')) {
          matches.push(parseMatch(line));
          if (matches.length >= stopAfter) {
            stopped = true;
            stop();
            return;
          }
        } else if (line.includes('"type":"summary"')) searches = parseSearches(line);
      }
    });
    child.on('error', () => resolve({ matches, stopped, failed: true, searches, denied }));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', stop);
      noteError(errRest);
      // 2 with nothing found and an error that names no path: the pattern or a flag was refused.
      const failed = !stopped && !signal?.aborted && code === 2 && matches.length === 0 && stderr !== '';
      resolve({ matches, stopped, failed, searches, denied });
    });
  });
}

interface RgText {
  text?: string;
  bytes?: string;
}

function decode(value: RgText): string {
  return value.text ?? Buffer.from(value.bytes ?? '', 'base64').toString('utf8');
}

function parseMatch(line: string): SearchMatch {
  const event = JSON.parse(line) as { data: { path: RgText; lines: RgText; line_number: number } };
  let rel = decode(event.data.path);
  if (rel.startsWith('./')) rel = rel.slice(2);
  let text = decode(event.data.lines);
  if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return { rel, line: event.data.line_number, text };
}

function parseSearches(line: string): number {
  const event = JSON.parse(line) as { data?: { stats?: { searches?: number } } };
  return event.data?.stats?.searches ?? 0;
}

/** Drops lines JavaScript's regex does not match and files that are binary by our rule. */
async function validate(ws: Workspace, matches: SearchMatch[], matcher: LineMatcher): Promise<SearchMatch[]> {
  const binary = new Map<string, Promise<boolean>>();
  const checks = matches.map(async (m) => {
    if (!matcher.test(m.text)) return false;
    let isBinary = binary.get(m.rel);
    if (!isBinary) binary.set(m.rel, (isBinary = hasNulPastWindow(path.join(ws.root, m.rel))));
    return !(await isBinary);
  });
  const keep = await Promise.all(checks);
  return matches.filter((_, i) => keep[i]);
}

async function hasNulPastWindow(abs: string): Promise<boolean> {
  try {
    const stat = await fs.stat(abs);
    if (stat.size <= RG_BINARY_WINDOW) return false;
    const read = await readRegularFile(abs, MAX_TEXT_BYTES);
    return !read.ok || read.buf.includes(0);
  } catch {
    return true; // vanished since: report nothing from it
  }
}

/** The .gitignore rules of the folders above `startRel`, rooted for --ignore-file; null if none. */
async function ancestorRules(ws: Workspace, startRel: string): Promise<{ dir: string; file: string } | null> {
  if (startRel === '.') return null;
  const parts = startRel.split('/');
  const chunks: string[] = [];
  // Rules above the nearest repository root (a folder holding .git) do not apply below it.
  let top = 0;
  for (let depth = parts.length; depth > 0; depth--) {
    if (ws.isRepoRoot(parts.slice(0, depth).join('/'))) {
      top = depth;
      break;
    }
  }
  for (let depth = top; depth < parts.length; depth++) {
    const dirRel = parts.slice(0, depth).join('/');
    try {
      const text = await fs.readFile(path.join(ws.root, dirRel, '.gitignore'), 'utf8');
      chunks.push(rootGitignore(dirRel, text));
    } catch {
      // no .gitignore in this folder
    }
  }
  if (chunks.length === 0) return null;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lc-rg-'));
  const file = path.join(dir, 'ancestors.gitignore');
  await fs.writeFile(file, chunks.join('\n') + '\n');
  return { dir, file };
}
