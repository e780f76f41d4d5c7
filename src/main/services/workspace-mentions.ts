// Finding things in the folder for the window: its files and folders ranked against what was typed
// (fzf's algorithm, as in VS Code's quick open and most terminals) for @-mentions and quick open, text
// search with the agent's own engine for the search panel, and the text a mention attaches (a file's
// content or a folder's file list) cut to a token budget with a line saying what was cut.
import path from 'node:path';
import { Fzf } from 'fzf';
import type { MentionView, SearchView, TreeEntry } from '../../shared/ipc.js';
import { fail, type Failure } from '../../shared/result.js';
import { autoSearch } from '../workspace/ripgrep-search.js';
import type { Workspace } from '../workspace/workspace.js';
import { normalizeRel, readForView } from './workspace-files.js';

/** Tokens one mention attaches at most, unless the message's remaining budget is smaller. */
export const MENTION_TOKENS = 2000;
/** Files listed for a folder before the budget is even counted. */
const FOLDER_FILES_MAX = 400;

export interface TokenCounter {
  count(text: string): number;
  /** 'model': the loaded model's tokenizer; 'approx': about four characters a token. */
  kind: 'model' | 'approx';
}

export const approxCounter: TokenCounter = { count: (t) => Math.ceil(t.length / 4), kind: 'approx' };

/** The folder's files and the folders holding them, best match first (at most `limit`). */
export async function findEntries(ws: Workspace, query: string, limit: number): Promise<TreeEntry[]> {
  const files = await ws.fileIndex().files();
  const dirs = new Set<string>();
  for (const file of files) {
    for (let d = path.posix.dirname(file); d !== '.' && !dirs.has(d); d = path.posix.dirname(d)) dirs.add(d);
  }
  const entries: TreeEntry[] = [
    ...[...dirs].map((p): TreeEntry => ({ name: path.posix.basename(p), path: p, kind: 'dir' })),
    ...files.map((p): TreeEntry => ({ name: path.posix.basename(p), path: p, kind: 'file' })),
  ];
  if (query.trim() === '') return entries.filter((e) => !e.path.includes('/')).slice(0, limit);
  const fzf = new Fzf(entries, { selector: (e) => e.path, limit, casing: 'smart-case' });
  return fzf.find(query.trim()).map((r) => r.item);
}

/** Longest matching line sent to the window (characters); the rest is cut with an ellipsis. */
const LINE_MAX = 400;

export async function searchFolder(
  ws: Workspace,
  input: { pattern: string; regex?: boolean; maxMatches?: number },
): Promise<SearchView | Failure> {
  const report = await autoSearch(ws, {
    pattern: input.pattern,
    regex: input.regex ?? false,
    startRel: '.',
    maxMatches: input.maxMatches ?? 1000,
  });
  if (!report.ok) return report;
  return {
    matches: report.matches.map((m) => ({
      path: m.rel,
      line: m.line,
      text: m.text.length > LINE_MAX ? `${m.text.slice(0, LINE_MAX)}…` : m.text,
    })),
    capped: report.capped,
    filesSearched: report.filesSearched,
    skippedCount: report.skippedCount,
    engine: report.engine ?? null,
  };
}

/** What mentioning `rel` attaches, within `maxTokens` (at most MENTION_TOKENS). */
export async function mentionOf(
  ws: Workspace,
  rel: string,
  counter: TokenCounter,
  maxTokens = MENTION_TOKENS,
): Promise<MentionView | Failure> {
  const budget = Math.min(maxTokens, MENTION_TOKENS);
  if (budget < 50) return fail('over_budget', 'The message has no token budget left for another mention.');
  const wanted = normalizeRel(rel);
  const resolved = await ws.resolve(wanted === '' ? '.' : wanted, 'read');
  if (!resolved.ok) return resolved;
  const shown = resolved.rel === '.' ? '' : resolved.rel;
  const view = shown === '' ? fail('is_directory', 'the root') : await readForView(ws, shown);
  if ('ok' in view) {
    if (view.code !== 'is_directory') return view;
    const inside = (await ws.fileIndex().files()).filter((f) => shown === '' || f.startsWith(`${shown}/`));
    const listed = inside.slice(0, FOLDER_FILES_MAX);
    const more = inside.length - listed.length;
    const head = `[folder ${shown || '.'}/: ${inside.length} file${inside.length === 1 ? '' : 's'}]`;
    const body = [...listed, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n');
    return cut({ path: shown, kind: 'dir' }, head, body, counter, budget);
  }
  if (view.kind !== 'text')
    return fail(
      'not_text',
      `${shown} is ${view.kind === 'binary' ? 'a binary file' : 'too large to show'}; it cannot be attached.`,
    );
  const fence = view.content.includes('```') ? '````' : '```';
  return cut({ path: shown, kind: 'file' }, `[file ${shown}]`, view.content, counter, budget, fence);
}

function cut(
  what: Pick<MentionView, 'path' | 'kind'>,
  head: string,
  body: string,
  counter: TokenCounter,
  budget: number,
  fence?: string,
): MentionView {
  const wrap = (text: string, note = '') =>
    fence ? `${head}${note}\n${fence}\n${text}\n${fence}` : `${head}${note}\n${text}`;
  const whole = wrap(body);
  const total = counter.count(whole);
  const base = { ...what, counted: counter.kind, totalTokens: total };
  if (total <= budget) return { ...base, text: whole, tokens: total, truncated: false };
  // Characters per token vary and the note counts too: shrink, at line ends, until the whole fits.
  let keep = Math.floor((body.length * budget) / total);
  for (;;) {
    const end = body.lastIndexOf('\n', keep);
    const part = body.slice(0, end > 0 ? end : keep);
    const text = wrap(part, ` (cut: ${total} tokens, the first ${budget} attached)`);
    const tokens = counter.count(text);
    if (tokens <= budget || keep === 0) return { ...base, text, tokens, truncated: true };
    keep = Math.floor(keep * 0.9);
  }
}
