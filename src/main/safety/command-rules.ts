// How one simple command (its words after expansion) is judged: the read-only table and its escalating
// options, wrappers that run another command, shells and interpreters, the deny list, and commands that
// write or delete (their targets judged by where they land). Tools with their own grammar (git, find,
// sed, awk, tar, xargs, curl) are in command-tools.ts.
import path from 'node:path';
import { expandBraces, hasGlob, type ShellWord } from './command-words.js';
import {
  cdTarget,
  isInside,
  placeOf,
  writeFinding,
  type Finding,
  type PathContext,
} from './command-paths.js';
import {
  ASK_REASONS,
  DENIED_COMMANDS,
  INTERPRETERS,
  OTHER_SHELLS,
  READ_ONLY_COMMANDS,
  RISKY_LOWERCASE_ENV,
  SAFE_ENV,
  SHELLS,
  VERSION_QUERIES,
  type ReadOnlySpec,
} from './read-only-commands.js';
import { TOOL_RULES } from './command-tools.js';
import { WRAPPERS, evalRule, interpreterRule, shellRule, trapRule, unwrap } from './command-shells.js';
import { WRITE_RULES } from './command-writes.js';

export interface RuleContext extends PathContext {
  /** Functions defined in the line: calling one runs its body, which is judged where it is written. */
  functions: ReadonlySet<string>;
  /** Judges a command string that a nested shell runs (bash -c, eval, trap...). */
  nested(source: string): Finding[];
  /** Judges another command's words in this context (what xargs or find -exec runs). */
  judge(argv: readonly ShellWord[]): Finding[];
}

export type Rule = (name: string, args: ShellWord[], ctx: RuleContext) => Finding[];

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });
const deny = (reason: string): Finding => ({ verdict: 'deny', reason });

/** Folders whose programs are judged by their name (`/usr/bin/rm` is rm). */
const SYSTEM_BIN = new Set(['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin', '/usr/local/sbin']);

/** Judges one command's words; argv[0] is the command. */
export function judgeArgv(argv: readonly ShellWord[], ctx: RuleContext): Finding[] {
  const words: ShellWord[] = [];
  for (const w of argv) {
    const expanded = expandBraces(w);
    if (!expanded) return [ask(`brace expansion in ${w.text} makes too many words to check`)];
    words.push(...expanded);
  }
  const [first, ...args] = words;
  if (!first) return [];
  if (first.value === undefined) return judgeComputed(args, ctx);
  if (hasGlob(first.pattern)) return [ask(`the command name ${first.text} is a wildcard pattern`)];
  const name = first.value;
  if (name === '') return [ask('the command name is empty')];
  if (!name.includes('/')) return judgeName(name, args, ctx);
  const base = path.posix.basename(name);
  if (SYSTEM_BIN.has(path.posix.dirname(name))) return judgeName(base, args, ctx);
  // A program by path may be anything; keep a denial its name earns.
  const denied = judgeName(base, args, ctx).filter((f) => f.verdict === 'deny');
  return [ask(`runs the program ${name}`), ...denied];
}

/** Outside folders a computed command commonly reads from (toolchains, /tmp): asked, not denied. */
const TOOL_PREFIXES = ['/usr/', '/opt/', '/bin/', '/sbin/', '/lib/', '/lib64/', '/etc/', '/tmp/', '/nix/'];

/**
 * A command whose name is computed at run time (`$(echo rm) -rf ~`) may be anything, rm included: it is
 * asked, and denied when a word lands on what it must never touch: a protected path, the folder itself
 * with a recursive flag, or a place outside the folder other than the system's tool folders and /tmp
 * (`$(npm bin)/prettier --check .` and `"$CC" -o /tmp/a.out x.c` stay asked).
 */
function judgeComputed(args: ShellWord[], ctx: RuleContext): Finding[] {
  const out: Finding[] = [ask('the command name is computed at run time')];
  const recursive = args.some((a) => a.value !== undefined && /^(-[a-zA-Z]*[rR]|--recursive$)/.test(a.value));
  for (const a of args) {
    if (a.value === undefined || (a.value.startsWith('-') && !a.value.includes('/'))) continue;
    const place = placeOf(a, ctx);
    const what = `a command computed at run time is given ${a.text.length > 80 ? `${a.text.slice(0, 77)}...` : a.text}`;
    if (place.kind === 'outside' && !TOOL_PREFIXES.some((p) => place.abs.startsWith(p))) {
      out.push(deny(`${what}, outside the folder`));
    } else if (place.kind === 'inside' && place.protectedBy) {
      out.push(deny(`${what}, a protected path`));
    } else if (place.kind === 'inside' && place.rel === '' && !place.glob && recursive) {
      out.push(deny(`${what}, the whole folder, with a recursive flag`));
    }
  }
  return out;
}

function judgeName(name: string, args: ShellWord[], ctx: RuleContext): Finding[] {
  if (ctx.functions.has(name)) return [];
  const denied = DENIED_COMMANDS[name] ?? (name.startsWith('mkfs.') ? 'mkfs formats a disk' : undefined);
  if (denied) return [deny(denied)];
  const rule = RULES[name] ?? TOOL_RULES[name] ?? WRITE_RULES[name];
  if (rule) return rule(name, args, ctx);
  const spec = READ_ONLY_COMMANDS[name];
  if (spec) return judgeReadOnly(name, spec, args, ctx);
  const interpreter = /^python[0-9.]*$/.test(name) ? 'python' : name;
  const version = VERSION_QUERIES[interpreter];
  if (version && args.length === 1 && version.includes(args[0]?.value ?? '')) return [];
  if (INTERPRETERS[interpreter]) return interpreterRule(interpreter, args);
  if (SHELLS.has(name) || OTHER_SHELLS.has(name)) return shellRule(name, args, ctx);
  return [ask(ASK_REASONS[name] ?? `${name} is not a known read-only command`)];
}

function judgeReadOnly(name: string, spec: ReadOnlySpec, args: ShellWord[], ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  let operands = 0;
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as ShellWord;
    const v = a.value;
    if (v === undefined || (hasGlob(a.pattern) && !ended)) {
      if (!spec.anyArgs && !ended)
        out.push(ask(`an argument of ${name} is only known at run time and could be an option`));
      operands++;
      continue;
    }
    if (ended || v === '-' || !v.startsWith('-')) {
      operands++;
      continue;
    }
    if (v === '--') {
      ended = true;
      continue;
    }
    const next = (): ShellWord | undefined => args[++i];
    if (v.startsWith('--')) {
      const [opt = '', attached] = splitOnce(v, '=');
      for (const [flag, what] of Object.entries(spec.escalate ?? {})) {
        if (!flag.startsWith('--') || !flag.startsWith(opt) || opt.length < 3) continue;
        if ('ask' in what) out.push(ask(what.ask));
        else out.push(writeOf(attached, next, what.writes, ctx));
      }
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const what = spec.escalate?.[`-${v.charAt(j)}`];
      if (what) {
        if ('ask' in what) out.push(ask(what.ask));
        else out.push(writeOf(v.slice(j + 1) || undefined, next, what.writes, ctx));
        break;
      }
      if (spec.valueOptions?.includes(v.charAt(j))) {
        if (j === v.length - 1) i++;
        break;
      }
    }
  }
  if (spec.maxOperands !== undefined && operands > spec.maxOperands) {
    out.push(
      ask(
        spec.maxOperands === 0
          ? `${name} with an argument changes settings`
          : `${name} with ${spec.maxOperands + 1} files writes the last one`,
      ),
    );
  }
  return out;
}

function writeOf(
  attached: string | undefined,
  next: () => ShellWord | undefined,
  verb: string,
  ctx: RuleContext,
): Finding {
  const word = attached !== undefined ? plainWord(attached) : next();
  if (!word) return ask(`${verb} a file`);
  return writeFinding(word, verb, ctx) ?? ask(`${verb} ${word.text}`);
}

/** A word taken from part of another (an option's attached value): no wildcard or `~` honoured. */
export function plainWord(text: string): ShellWord {
  return { text, value: text, pattern: text.replace(/[\s\S]/g, (c) => `\\${c}`), split: false };
}

export function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Why setting an environment variable for a command is not harmless, if it is not. */
export function envFinding(name: string, value: string | undefined): Finding | undefined {
  if (SAFE_ENV.has(name) || name.startsWith('LC_')) return undefined;
  if (/^(GIT_|MAN)?PAGER$/.test(name) && (value === 'cat' || value === '')) return undefined;
  if (/^[A-Z_][A-Z0-9_]*$/.test(name)) return ask(`sets ${name}, which can change what programs run`);
  if (RISKY_LOWERCASE_ENV.has(name)) return ask(`sets ${name}`);
  return undefined;
}

function wrapperRule(name: string, args: ShellWord[], ctx: RuleContext): Finding[] {
  if (name === 'command' && args.some((a) => a.value === '-v' || a.value === '-V')) return [];
  const inner =
    name === 'command' ? args.filter((a, i) => !(i === 0 && a.value === '-p')) : unwrap(name, args);
  if (inner === undefined) return [ask(`${name} gets arguments only known at run time`)];
  return judgeArgv(inner, ctx);
}

function envRule(_name: string, args: ShellWord[], ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const inner: RuleContext = { ...ctx };
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask('env gets arguments only known at run time')];
    const value = args[i + 1];
    if (v === '-S' || v === '--split-string' || v.startsWith('--split-string=') || /^-[^-]*S/.test(v)) {
      return [ask('env -S runs a command split from a string')];
    } else if (v === '-C' || v === '--chdir' || v.startsWith('--chdir=')) {
      const dir = v.startsWith('--chdir=') ? plainWord(v.slice(8)) : value;
      if (!v.includes('=')) i++;
      inner.cwd = cdTarget(dir, ctx);
      if (inner.cwd === undefined || !isInside(inner.cwd, ctx.root))
        out.push(ask('env -C runs the command in another folder'));
    } else if (v === '-u' || v === '--unset') i++;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      const [key = '', val] = splitOnce(v, '=');
      const f = envFinding(key, val);
      if (f) out.push(f);
    } else if (!v.startsWith('-') || v === '-') break;
  }
  return [...out, ...judgeArgv(args.slice(i), inner)];
}

function cdRule(name: string, args: ShellWord[], ctx: RuleContext): Finding[] {
  if (name === 'popd') {
    ctx.cwd = undefined;
    return [];
  }
  const target = args.find((a) => a.value === undefined || !/^-[LPe@]+$/.test(a.value));
  if (target?.value === '-' || (target && target.value === undefined)) {
    ctx.cwd = undefined;
    return target.value === '-' ? [] : [ask(`${name} goes to a folder only known at run time`)];
  }
  ctx.cwd = cdTarget(target, ctx);
  if (ctx.cwd === undefined) return [ask(`${name} goes to a folder only known at run time`)];
  return isInside(ctx.cwd, ctx.root) ? [] : [ask(`${name} leaves the folder (${target?.text ?? '~'})`)];
}

/** test and [: a word that turns into `-v` (or two unknown words) can evaluate an array index. */
function testRule(name: string, args: ShellWord[]): Finding[] {
  const words = name === '[' && args[args.length - 1]?.value === ']' ? args.slice(0, -1) : args;
  const risky = words.some(
    (a, i) =>
      a.split ||
      a.value === '-v' ||
      a.value === '-R' ||
      (a.value === undefined && i > 0 && words[i - 1]?.value === undefined),
  );
  return risky
    ? [ask(`${name} -v or an unquoted variable can evaluate an array index, which runs commands`)]
    : [];
}

function setRule(_name: string, args: ShellWord[]): Finding[] {
  const safeLong = new Set(['errexit', 'nounset', 'pipefail', 'xtrace', 'verbose', 'noclobber', 'noglob']);
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask('set gets options only known at run time')];
    if (v === '--' || v === '-') return [];
    if (!/^[-+][euxvfC]*o?$/.test(v) || v.length < 2) return [ask('set changes how the shell runs')];
    if (v.endsWith('o') && !safeLong.has(args[++i]?.value ?? ''))
      return [ask('set changes how the shell runs')];
  }
  return [];
}

/** read and mapfile set the variables they name: plain names only (an array index runs arithmetic). */
function readRule(name: string, args: ShellWord[]): Finding[] {
  const valued = name === 'read' ? /^-[a-zA-Z]*[adinNptu]$/ : /^-[a-zA-Z]*[dnOsuCc]$/;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask(`${name} sets a variable only known at run time`)];
    if (v.startsWith('-')) {
      if (valued.test(v)) i++;
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v))
      return [ask(`${name} ${v} sets an array element, whose index can run commands`)];
    const f = envFinding(v, undefined);
    if (f) return [f];
  }
  return [];
}

function killRule(_name: string, args: ShellWord[]): Finding[] {
  if (args.some((a, i) => i > 0 && a.value === '-1')) return [deny('kill -1 stops every process')];
  return [ask('kill stops processes')];
}

function systemctlRule(_name: string, args: ShellWord[]): Finding[] {
  const power = args.find((a) =>
    /^(poweroff|reboot|halt|kexec|suspend|hibernate|emergency|rescue)$/.test(a.value ?? ''),
  );
  return power
    ? [deny(`systemctl ${power.value} stops the machine`)]
    : [ask('systemctl controls system services')];
}

function initRule(name: string, args: ShellWord[]): Finding[] {
  return args.some((a) => a.value === '0' || a.value === '6')
    ? [deny(`${name} turns the machine off`)]
    : [ask(`${name} changes the run level`)];
}

function npmRule(_name: string, args: ShellWord[]): Finding[] {
  const sub = args.find((a) => !a.value?.startsWith('-'));
  if (!sub && args.length === 1 && ['--version', '-v'].includes(args[0]?.value ?? '')) return [];
  if (sub && ['ls', 'list', 'll', 'la'].includes(sub.value ?? '')) return [];
  return [ask(ASK_REASONS['npm'] ?? 'npm runs project scripts')];
}

const RULES: Readonly<Record<string, Rule>> = {
  ...Object.fromEntries(Object.keys(WRAPPERS).map((w) => [w, wrapperRule])),
  command: wrapperRule,
  env: envRule,
  eval: evalRule,
  trap: trapRule,
  source: (n) => [ask(`${n} runs a script in this shell`)],
  '.': (n) => [ask(`${n} runs a script in this shell`)],
  cd: cdRule,
  pushd: cdRule,
  popd: cdRule,
  dirs: () => [],
  test: testRule,
  '[': testRule,
  '[[': () => [],
  set: setRule,
  read: readRule,
  mapfile: readRule,
  readarray: readRule,
  kill: killRule,
  systemctl: systemctlRule,
  init: initRule,
  telinit: initRule,
  npm: npmRule,
};
