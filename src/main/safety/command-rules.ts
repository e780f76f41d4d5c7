// How one simple command (its words after expansion) is judged: the deny list, the rules for builtins
// and tools with a grammar of their own, and the read-only table with its exact options; anything else
// is asked about. A function of the same name changes nothing here: a line that defines one is asked
// about as a whole (command-policy.ts), and every call is judged by the name it uses.
import path from 'node:path';
import { expandBraces, hasGlob, type ShellWord } from './command-words.js';
import { placeOf, type Finding, type PathContext } from './command-paths.js';
import {
  ASK_REASONS,
  DENIED_COMMANDS,
  INTERPRETERS,
  OTHER_SHELLS,
  SHELLS,
  VERSION_QUERIES,
} from './command-lists.js';
import { READ_ONLY_COMMANDS, type ReadOnlySpec } from './read-only-commands.js';
import { scanOptions } from './command-options.js';
import { TOOL_RULES } from './command-tools.js';
import { BUILTIN_RULES } from './command-builtins.js';
import { interpreterRule, shellRule } from './command-shells.js';
import { WRITE_RULES } from './command-writes.js';

export interface RuleContext extends PathContext {
  /** git is never read-only: the folder's repository may hold configuration the model wrote. */
  untrustedGit?: boolean;
  /** Judges a command string that a nested shell runs (bash -c, eval, trap...). */
  nested(source: string): Finding[];
  /** Judges another command's words in this context (what xargs, env or find -exec runs). */
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
  const denied = DENIED_COMMANDS[name] ?? (name.startsWith('mkfs.') ? 'mkfs formats a disk' : undefined);
  if (denied) return [deny(denied)];
  const rule = BUILTIN_RULES[name] ?? TOOL_RULES[name] ?? WRITE_RULES[name];
  if (rule) return rule(name, args, ctx);
  const spec = READ_ONLY_COMMANDS[name];
  if (spec) return judgeReadOnly(name, spec, args, ctx);
  const version = VERSION_QUERIES[name];
  if (version && args.length === 1 && version.includes(args[0]?.value ?? '')) return [];
  const interpreter = /^python[0-9.]*$/.test(name) ? 'python' : name;
  if (INTERPRETERS[interpreter]) return interpreterRule(interpreter, args);
  if (SHELLS.has(name) || OTHER_SHELLS.has(name)) return shellRule(name, args, ctx);
  return [ask(ASK_REASONS[name] ?? `${name} is not a known read-only command`)];
}

function judgeReadOnly(name: string, spec: ReadOnlySpec, args: ShellWord[], ctx: RuleContext): Finding[] {
  if (spec.free) return [];
  const scan = scanOptions(args, {
    name,
    table: spec.table,
    ctx,
    ...(spec.anyArgs ? { anyArgs: true } : {}),
    ...(spec.optionsFirst ? { optionsFirst: true } : {}),
    ...(spec.escalate ? { escalate: spec.escalate } : {}),
  });
  const out = scan.findings;
  const operands = scan.operands;
  if (spec.maxOperands !== undefined && operands.length > spec.maxOperands) {
    out.push(
      ask(
        spec.maxOperands === 0
          ? `${name} with an argument changes settings`
          : `${name} with ${spec.maxOperands + 1} files writes the last one`,
      ),
    );
  }
  const pattern = spec.operand;
  const odd = pattern && operands.find((w) => w.value === undefined || !pattern.test(w.value));
  if (odd) out.push(ask(`${name} ${odd.text} is not a known read-only use`));
  return out;
}

export { envFinding } from './command-builtins.js';
