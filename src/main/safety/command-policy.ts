// Judges a `bash -c` command line before it runs: every simple command in it, wherever it sits, is
// judged, and the line gets the worst verdict. read_only may run without asking; ask needs the person
// (unless full-auto); deny never runs. Odd characters and unparsable lines are denied, so the checker
// and the shell can never read different commands.
import os from 'node:os';
import path from 'node:path';
import type { CommandJudgement } from '../../shared/approval.js';
import { parseCommandLine, type Redirect, type SimpleCommand } from './command-parse.js';
import { protectedReason } from './protected-paths.js';
import {
  ARG_DEPENDENT,
  DENIED_COMMANDS,
  DOWNLOADERS,
  ESCALATING_FLAGS,
  GIT_DANGEROUS_CONFIG,
  GIT_ESCALATING,
  GIT_READ_ONLY,
  INTERPRETERS,
  READ_ONLY,
  WRAPPERS,
} from './read-only-commands.js';

type Verdict = CommandJudgement['verdict'];
const RANK: Record<Verdict, number> = { read_only: 0, ask: 1, deny: 2 };
/** Nested `bash -c "..."` strings parsed this deep; deeper is asked. */
const MAX_DEPTH = 3;

// C0 controls except tab and newline, DEL, and invisible or direction-changing unicode.
const ODD_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;

export interface PolicyOptions {
  /** Real path of the opened folder. */
  root: string;
}

class Judgement {
  verdict: Verdict = 'read_only';
  readonly reasons: string[] = [];
  readonly segments: string[] = [];

  raise(verdict: Verdict, reason: string): void {
    if (RANK[verdict] > RANK[this.verdict]) this.verdict = verdict;
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }

  result(): CommandJudgement {
    return { verdict: this.verdict, reasons: this.reasons, segments: this.segments };
  }
}

export async function judgeCommand(command: string, options: PolicyOptions): Promise<CommandJudgement> {
  const j = new Judgement();
  await judgeLine(command, options.root, j, 0);
  return j.result();
}

async function judgeLine(line: string, root: string, j: Judgement, depth: number): Promise<void> {
  const odd = ODD_CHARS.exec(line);
  if (odd) {
    const code = odd[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
    j.raise('deny', `contains the invisible or control character U+${code}`);
    return;
  }
  const parsed = await parseCommandLine(line);
  if (!parsed.ok) {
    j.raise('deny', parsed.reason);
    return;
  }
  let cwd: string | null = root;
  for (const cmd of parsed.commands) {
    if (cmd.text !== '') j.segments.push(cmd.text);
    for (const r of cmd.redirects) judgeRedirect(r, cwd, root, j);
    await judgeSimple(cmd, parsed.commands, { root, cwd, depth }, j);
    cwd = nextCwd(cmd, cwd);
  }
}

interface Where {
  root: string;
  /** Null after a `cd` to a folder only known at run time. */
  cwd: string | null;
  depth: number;
}

async function judgeSimple(cmd: SimpleCommand, all: SimpleCommand[], where: Where, j: Judgement) {
  let words = cmd.words;
  // Wrappers (env, timeout, xargs, ...) run the command after their own options.
  for (let w = words[0]; typeof w === 'string' && WRAPPERS.has(base(w)); w = words[0]) {
    const rest = skipWrapperOptions(base(w), words.slice(1));
    if (rest.length === 0) break;
    words = rest;
  }
  const first = words[0];
  if (first === undefined) return;
  if (first === null) {
    j.raise('ask', 'the command name is computed at run time');
    return;
  }
  const name = base(first);
  const args = words.slice(1);
  if (cmd.inFunctions?.includes(first))
    return j.raise('deny', `the function ${first} calls itself (a fork bomb)`);
  if (name === 'find') judgeFindStart(args, where, j);
  const denied = DENIED_COMMANDS[name] ?? (name.startsWith('mkfs') ? 'formats a disk' : undefined);
  if (denied) return j.raise('deny', `${name}: ${denied}`);
  if (first.includes('/') && !path.isAbsolute(first)) {
    return j.raise('ask', `runs a program from the folder (${first})`);
  }
  if (INTERPRETERS.has(name) && pipedFromDownloader(cmd, all)) {
    return j.raise('deny', `pipes downloaded content into ${name}`);
  }
  if (name === 'git') return judgeGit(args, where, j);
  if (INTERPRETERS.has(name)) return judgeInterpreter(name, args, where, j);
  if (name === 'eval' || name === 'source' || name === '.') {
    return j.raise('ask', `${name} runs code it is given`);
  }
  judgeTargets(name, args, where, j);
  if (!READ_ONLY.has(name)) return j.raise('ask', `${name} is not a known read-only command`);
  if (!ARG_DEPENDENT.has(name)) return;
  const flags = ESCALATING_FLAGS[name];
  for (const arg of args) {
    if (arg === null) continue;
    const flag = arg.split('=')[0] ?? arg;
    const why = flags?.[flag] ?? (name === 'tar' && /^-[a-zA-Z]*I/.test(arg) ? flags?.['-I'] : undefined);
    if (why) j.raise('ask', why);
  }
  if (name === 'sed' && !sedReadOnly(args)) j.raise('ask', 'sed script may write files or run commands');
  if (
    (name === 'awk' || name === 'gawk') &&
    args.some((a) => a === null || /system\s*\(|\||>|getline/.test(a))
  ) {
    j.raise('ask', 'awk program may run commands or write files');
  }
  if (name === 'tar' && !args.some((a) => a !== null && /^(-?[a-zA-Z]*t|--list)/.test(a))) {
    j.raise('ask', 'tar creates or extracts files');
  }
  if (name === 'npm' && !(args[0] === 'ls' || args[0] === 'view' || isVersionQuery(args))) {
    j.raise('ask', 'npm runs project scripts or changes packages');
  }
  if ((name === 'node' || name === 'python' || name === 'python3') && !isVersionQuery(args)) {
    j.raise('ask', `${name} runs code`);
  }
  if (name === 'env' && args.length > 0) j.raise('ask', 'env runs a command');
  if (name === 'xargs') j.raise('ask', 'xargs runs a command for its input');
  if (name === 'less') j.raise('ask', 'less can run commands');
}

/** Paths a writing command touches: protected or outside the folder is denied; inside, asked. */
function judgeTargets(name: string, args: (string | null)[], where: Where, j: Judgement): void {
  const writes: Record<string, string> = {
    rm: 'deletes',
    rmdir: 'deletes',
    mv: 'moves',
    cp: 'copies onto',
    ln: 'links',
    touch: 'touches',
    mkdir: 'creates',
    chmod: 'changes permissions of',
    chown: 'changes the owner of',
    tee: 'writes',
    truncate: 'truncates',
    shred: 'destroys',
    install: 'installs to',
    rsync: 'writes',
    dd: 'writes',
    sed: 'edits',
    patch: 'patches',
    unlink: 'deletes',
  };
  const verb = writes[name];
  if (!verb) return;
  if (name === 'sed' && !args.some((a) => a !== null && /^(-i|--in-place)/.test(a))) return;
  let operands = args.filter((a) => a === null || !a.startsWith('-') || name === 'dd');
  // These read their sources; only the destination (the last operand) is written.
  if (['cp', 'ln', 'install', 'rsync'].includes(name)) operands = operands.slice(-1);
  for (const arg of operands) {
    const target = name === 'dd' ? (arg?.startsWith('of=') ? arg.slice(3) : undefined) : arg;
    if (target === undefined) continue;
    const place = classify(target, where);
    if (place.kind === 'outside') j.raise('deny', `${name} ${verb} ${target}, outside the folder`);
    else if (place.kind === 'protected') j.raise('deny', `${name} ${verb} ${place.reason}`);
    else if (place.kind === 'unknown') j.raise('ask', `${name} ${verb} a path only known at run time`);
  }
  j.raise('ask', `${name} ${verb} files`);
}

function judgeRedirect(r: Redirect, cwd: string | null, root: string, j: Judgement): void {
  if (r.op === '<' || r.op === '<<' || r.op === '<<<' || r.op === '<&' || r.op === '<<-') return;
  if ((r.op === '>&' || r.op === '&>' || r.op === '<&') && r.target !== null && /^(\d+|-)$/.test(r.target)) {
    return;
  }
  if (r.target === null) return j.raise('ask', 'redirects output to a path only known at run time');
  const place = classify(r.target, { root, cwd, depth: 0 });
  if (place.kind === 'device') return;
  if (place.kind === 'outside') return j.raise('deny', `redirects output to ${r.target}, outside the folder`);
  if (place.kind === 'protected') return j.raise('deny', `redirects output into ${place.reason}`);
  if (place.kind === 'unknown') return j.raise('ask', 'redirects output after a cd to an unknown folder');
  j.raise('ask', `writes the file ${r.target}`);
}

type Place = { kind: 'inside' | 'outside' | 'device' | 'unknown' } | { kind: 'protected'; reason: string };

function classify(target: string | null, where: Where): Place {
  if (target === null) return { kind: 'unknown' };
  if (/^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/.test(target)) return { kind: 'device' };
  let abs: string;
  if (target === '~' || target.startsWith('~/') || target.startsWith('~')) abs = os.homedir();
  else if (path.isAbsolute(target)) abs = path.resolve(target);
  else if (where.cwd === null) return { kind: 'unknown' };
  else abs = path.resolve(where.cwd, target);
  const rel = path.relative(where.root, abs);
  if (rel === '') return { kind: 'inside' };
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { kind: 'outside' };
  const relPosix = rel.split(path.sep).join('/');
  const reason = protectedReason(relPosix);
  return reason ? { kind: 'protected', reason: relPosix } : { kind: 'inside' };
}

/** find's starting points, when it deletes or runs commands: outside the folder is denied. */
function judgeFindStart(args: (string | null)[], where: Where, j: Judgement): void {
  const acts = args.some(
    (a) => a !== null && /^-(delete|exec|execdir|ok|okdir|fprint0?|fprintf|fls)$/.test(a),
  );
  if (!acts) return;
  for (const a of args) {
    if (a !== null && (a.startsWith('-') || a === '(' || a === '!')) break;
    const place = classify(a, where);
    if (place.kind === 'outside') j.raise('deny', `find acts on files under ${a}, outside the folder`);
    if (place.kind === 'protected') j.raise('deny', `find acts on files in ${place.reason}`);
  }
}

function judgeGit(args: (string | null)[], where: Where, j: Judgement): void {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) break;
    if (a === null) return j.raise('ask', 'git with an argument computed at run time');
    if (a === '-c' || a.startsWith('-c')) {
      const setting = a === '-c' ? args[++i] : a.slice(2);
      const key = setting?.split('=')[0] ?? '';
      if (setting === null || setting === undefined || GIT_DANGEROUS_CONFIG.test(key)) {
        return j.raise('deny', `git -c ${key || '?'} can make git run a program`);
      }
      j.raise('ask', 'git -c changes git settings for the command');
      continue;
    }
    if (
      a === '-C' ||
      a === '--git-dir' ||
      a === '--work-tree' ||
      a === '--exec-path' ||
      a === '--namespace'
    ) {
      j.raise('ask', `git ${a} points git elsewhere`);
      i++;
      continue;
    }
    if (/^--(git-dir|work-tree|exec-path)=/.test(a)) {
      j.raise('ask', `git ${a.split('=')[0]} points git elsewhere`);
      continue;
    }
    if (!a.startsWith('-')) break;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === undefined) return;
  if (sub === null) return j.raise('ask', 'git subcommand computed at run time');
  if (sub === 'config') return judgeGitConfig(rest, j);
  if (!GIT_READ_ONLY.has(sub)) return j.raise('ask', `git ${sub} changes the repository or runs hooks`);
  for (const a of rest) {
    if (a === null) continue;
    const why = GIT_ESCALATING[a.split('=')[0] ?? a];
    if (why) j.raise('ask', why);
  }
  const listing = rest.every((a) => a !== null && (a.startsWith('-') || sub === 'remote'));
  if (
    (sub === 'branch' || sub === 'tag') &&
    !rest.every((a) => a !== null && /^(-[alrv]+|--list|--all|--verbose|--contains|--merged)$/.test(a))
  ) {
    j.raise('ask', `git ${sub} with arguments creates or deletes`);
  }
  if (
    sub === 'remote' &&
    !(rest.length === 0 || (rest.length === 1 && rest[0] === '-v') || (listing && rest[0] === 'show'))
  ) {
    if (rest.length > 0 && rest[0] !== '-v') j.raise('ask', 'git remote with arguments changes remotes');
  }
  void where;
}

function judgeGitConfig(rest: (string | null)[], j: Judgement): void {
  const reading = rest.some(
    (a) => a !== null && /^(--get|--get-all|--get-regexp|-l|--list|--show-origin)$/.test(a),
  );
  const key = rest.find((a) => a === null || !a.startsWith('-'));
  if (key === null) return j.raise('ask', 'git config with a key computed at run time');
  if (!reading && key !== undefined && GIT_DANGEROUS_CONFIG.test(key)) {
    return j.raise('deny', `git config ${key} can make git run a program`);
  }
  if (!reading && rest.filter((a) => a === null || !a.startsWith('-')).length > 1) {
    j.raise('ask', 'git config sets a value');
  }
}

async function judgeInterpreter(name: string, args: (string | null)[], where: Where, j: Judgement) {
  const flag = args.findIndex((a) => a === '-c' || a === '-e' || a === '--eval' || a === '-p');
  if (isVersionQuery(args)) return;
  if (flag === -1) return j.raise('ask', `${name} runs a script`);
  const code = args[flag + 1];
  const shell = name === 'bash' || name === 'sh' || name === 'zsh' || name === 'dash' || name === 'ksh';
  if (shell && typeof code === 'string' && where.depth < MAX_DEPTH) {
    j.raise('ask', `${name} -c runs a command line`);
    await judgeLine(code, where.root, j, where.depth + 1);
    return;
  }
  j.raise('ask', `${name} ${args[flag]} runs code`);
}

function pipedFromDownloader(cmd: SimpleCommand, all: SimpleCommand[]): boolean {
  const p = cmd.pipeline;
  if (!p) return false;
  return all.some(
    (c) =>
      c.pipeline?.id === p.id &&
      c.pipeline.index < p.index &&
      c.words[0] !== null &&
      c.words[0] !== undefined &&
      DOWNLOADERS.has(base(c.words[0])),
  );
}

function nextCwd(cmd: SimpleCommand, cwd: string | null): string | null {
  if (cmd.words[0] !== 'cd' && cmd.words[0] !== 'pushd') return cwd;
  const target = cmd.words[1];
  if (target === undefined || target === '~') return os.homedir();
  if (target === null || target === '-' || target.startsWith('~') || cwd === null) return null;
  // Outside the folder too: what follows is then judged against where it really is.
  return path.resolve(cwd, target);
}

function skipWrapperOptions(wrapper: string, rest: (string | null)[]): (string | null)[] {
  let i = 0;
  while (i < rest.length) {
    const a = rest[i];
    if (a === null || a === undefined) break;
    if (wrapper === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) i++;
    else if (a.startsWith('-')) {
      i++;
      // Options with a value: nice -n 5, timeout -s KILL, xargs -I {} / -n 1 / -P 2, stdbuf -o L.
      if (/^-(n|s|k|I|P|L|d|E|o|e|i|u)$/.test(a)) i++;
    } else if (wrapper === 'timeout' && /^\d/.test(a)) i++;
    else break;
  }
  return rest.slice(i);
}

function sedReadOnly(args: (string | null)[]): boolean {
  if (args.some((a) => a === null)) return false;
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (/^(-i|--in-place)/.test(a)) return false;
    if (a === '-e' || a === '--expression') scripts.push((args[++i] as string | undefined) ?? '');
    else if (a === '-f' || a === '--file') return false;
  }
  if (scripts.length === 0) {
    const script = args.find((a) => a !== null && !a.startsWith('-'));
    if (script) scripts.push(script);
  }
  // Printing, deleting and substituting without the w/e/W flags; no `w file`, `r`, `e` commands.
  return scripts.every((s) =>
    s
      .split(/[;\n]/)
      .every((part) =>
        /^\s*(\d+|\$|\/[^/]*\/)?(,(\d+|\$|\/[^/]*\/))?\s*(p|d|=|q|n|s(.)(?:(?!\5).)*\5(?:(?!\5).)*\5[gpiI0-9]*)?\s*$/.test(
          part,
        ),
      ),
  );
}

function isVersionQuery(args: (string | null)[]): boolean {
  return (
    args.length === 1 &&
    (args[0] === '--version' || args[0] === '-v' || args[0] === '-V' || args[0] === '--help')
  );
}

function base(word: string): string {
  return path.basename(word);
}
