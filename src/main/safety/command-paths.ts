// Where a path word of a command lands, judged without touching the file system: inside the opened
// folder (and whether protected), outside it, a harmless device, or unknown until run time. Relative
// paths resolve against the line's current folder (a `cd` moves it); `..` that climbs out is outside.
import path from 'node:path';
import { protectedReason } from '../workspace/protected-paths.js';
import { globIndex, unescape, type ShellWord } from './command-words.js';

export interface PathContext {
  /** Real path of the opened folder. */
  root: string;
  home: string;
  /** Folder the command runs in; undefined after a `cd` to a folder only known at run time. */
  cwd: string | undefined;
  /** Commands run in a sandbox whose /tmp is its own, empty at each start (bubblewrap's). */
  privateTmp?: boolean;
}

export type PathPlace =
  | { kind: 'inside'; rel: string; protectedBy: string | undefined; glob: boolean }
  | { kind: 'outside'; abs: string }
  | { kind: 'device' }
  | { kind: 'unknown' };

export interface Finding {
  verdict: 'ask' | 'deny';
  reason: string;
}

const SINKS = /^\/dev\/(null|stdout|stderr|tty|fd\/[0-9]+)$/;
/** Protected paths a wildcard is tried against. */
const PROTECTED_PROBES = [
  '.git',
  '.git/hooks/pre-commit',
  '.git/config',
  '.local-coder.json',
  '.local-coder/x',
];

export function placeOf(word: ShellWord, ctx: PathContext): PathPlace {
  if (word.value === undefined) return { kind: 'unknown' };
  let pattern = word.pattern;
  if (pattern.startsWith('~')) {
    // `~user` is another user's home: outside whatever it is.
    if (pattern !== '~' && !pattern.startsWith('~/') && !pattern.startsWith('~\\/')) {
      return { kind: 'outside', abs: word.value };
    }
    pattern = `${escapePath(ctx.home)}${pattern.slice(1)}`;
  }
  const glob = globIndex(pattern);
  const literal = unescape(glob >= 0 ? pattern.slice(0, glob) : pattern);
  if (SINKS.test(literal) && glob < 0) return { kind: 'device' };
  let base: string;
  if (literal.startsWith('/')) base = '/';
  else if (ctx.cwd === undefined) return { kind: 'unknown' };
  else base = ctx.cwd;
  if (glob < 0) return placeAbs(path.posix.resolve(base, literal), ctx.root);
  // A wildcard: judged by the folder it starts in, and by what it could match there.
  const dir = literal.slice(0, literal.lastIndexOf('/') + 1);
  const absDir = path.posix.resolve(base, dir || '.');
  const rest = pattern.slice(escapedIndex(pattern, dir.length)).replace(/\/+$/, '');
  // `.*` matches `..` in older shells: a wildcard component that can match `..` may climb out.
  const climbs = rest.split('/').some((c) => globIndex(c) >= 0 && globRegExp(c).test('..'));
  const place = placeAbs(climbs ? path.posix.resolve(absDir, '..') : absDir, ctx.root);
  if (place.kind !== 'inside') return place;
  const matcher = globRegExp(rest);
  const prefix = place.rel === '' ? '' : `${place.rel}/`;
  const hit = PROTECTED_PROBES.find((p) => p.startsWith(prefix) && matcher.test(p.slice(prefix.length)));
  const rel = climbs ? path.posix.relative(ctx.root, absDir) : place.rel;
  return { kind: 'inside', rel, protectedBy: hit ? protectedReason(hit) : place.protectedBy, glob: true };
}

function placeAbs(abs: string, root: string): PathPlace {
  if (SINKS.test(abs)) return { kind: 'device' };
  if (abs !== root && !abs.startsWith(`${root}/`)) return { kind: 'outside', abs };
  const rel = abs === root ? '' : abs.slice(root.length + 1);
  return { kind: 'inside', rel, protectedBy: rel === '' ? undefined : protectedReason(rel), glob: false };
}

/** A finding for a command that writes (or deletes) the path; undefined for a harmless device. */
export function writeFinding(
  word: ShellWord,
  verb: string,
  ctx: PathContext,
  deletes = false,
): Finding | undefined {
  const place = placeOf(word, ctx);
  const shown = word.text.length > 80 ? `${word.text.slice(0, 77)}...` : word.text;
  switch (place.kind) {
    case 'device':
      return undefined;
    case 'unknown':
      return { verdict: 'ask', reason: `${verb} a path only known at run time (${shown})` };
    case 'outside':
      // Lands in the sandbox's own /tmp, gone when the command ends (the read-only profile allows it).
      if (ctx.privateTmp && isInside(place.abs, '/tmp')) return undefined;
      return { verdict: 'deny', reason: `${verb} ${shown}, outside the folder` };
    case 'inside':
      if (place.protectedBy) return { verdict: 'deny', reason: `${verb} ${shown}, a protected path` };
      if (deletes && place.rel === '' && !place.glob)
        return { verdict: 'deny', reason: `${verb} the whole folder` };
      return { verdict: 'ask', reason: `${verb} ${shown}` };
  }
}

/** Where a `cd` lands: a folder, or undefined when only known at run time. */
export function cdTarget(word: ShellWord | undefined, ctx: PathContext): string | undefined {
  if (!word) return ctx.home;
  if (word.value === undefined || word.value === '-' || globIndex(word.pattern) >= 0) return undefined;
  if (word.pattern.startsWith('~')) {
    if (word.pattern !== '~' && !word.pattern.startsWith('~\\/') && !word.pattern.startsWith('~/'))
      return undefined;
    return path.posix.resolve(ctx.home, `.${word.value.slice(1)}`);
  }
  if (word.value.startsWith('/')) return path.posix.resolve(word.value);
  return ctx.cwd === undefined ? undefined : path.posix.resolve(ctx.cwd, word.value);
}

/** `abs` is `root` or below it; both absolute POSIX paths, already resolved (no `..`). */
export function isInside(abs: string, root: string): boolean {
  return abs === root || abs.startsWith(`${root}/`);
}

function escapePath(p: string): string {
  return p.replace(/[\s\S]/g, (c) => `\\${c}`);
}

/** Index in `pattern` after `count` unescaped characters. */
function escapedIndex(pattern: string, count: number): number {
  let i = 0;
  for (let n = 0; n < count && i < pattern.length; n++) i += pattern.charAt(i) === '\\' ? 2 : 1;
  return i;
}

/**
 * A shell wildcard as a regular expression over relative paths: `*` does not cross `/`, and a wildcard
 * at the start of a component does not match a leading dot (bash without dotglob).
 */
function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if ((i === 0 || pattern.charAt(i - 1) === '/') && (c === '*' || c === '?' || c === '[')) re += '(?!\\.)';
    if (c === '\\') re += escapeRe(pattern.charAt(++i));
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += '[^/]';
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}(/.*)?$`);
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}
