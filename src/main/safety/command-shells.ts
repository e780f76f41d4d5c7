// Commands that run code or other commands: wrappers (nice, timeout...), shells (a `-c` string is parsed
// and judged too), interpreters, eval and trap; and how a command takes its code (from its input or its
// arguments), for `curl | sh`.
import path from 'node:path';
import type { ShellWord } from './command-words.js';
import type { Finding, PathContext } from './command-paths.js';
import type { Rule } from './command-rules.js';
import { optionTable, scanOptions, type OptionTable } from './command-options.js';
import { INTERPRETERS, OTHER_SHELLS, SHELLS } from './command-lists.js';

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });

/** Commands that run another command after their own options (exact lists; `time` is bash's keyword). */
export const WRAPPERS: Readonly<Record<string, { table: OptionTable; positional?: number }>> = {
  time: { table: optionTable('-p') },
  nohup: { table: optionTable('') },
  builtin: { table: optionTable('') },
  unbuffer: { table: optionTable('-p') },
  setsid: { table: optionTable('-c -f -w --ctty --fork --wait') },
  exec: { table: optionTable('-a= -c -l') },
  nice: { table: optionTable('-n= -# --adjustment=') },
  timeout: {
    table: optionTable('-s= -k= -v --signal= --kill-after= --preserve-status --foreground --verbose'),
    positional: 1,
  },
  stdbuf: { table: optionTable('-i= -o= -e= --input= --output= --error=') },
  ionice: { table: optionTable('-c= -n= -t --class= --classdata= --ignore') },
};

/**
 * The command a wrapper runs and what its own options earn: inner is [] when none, undefined when a
 * word before it is only known at run time (it could be split into options and another command).
 */
export function unwrapScan(
  name: string,
  args: readonly ShellWord[],
  ctx?: PathContext,
): { inner: ShellWord[] | undefined; findings: Finding[] } {
  const spec = WRAPPERS[name];
  if (!spec) return { inner: undefined, findings: [] };
  const scan = scanOptions(args, { name, table: spec.table, stopAtOperand: true, ...(ctx ? { ctx } : {}) });
  const start = scan.rest + (spec.positional ?? 0);
  const before = args.slice(0, Math.min(start, args.length));
  if (before.some((a) => a.value === undefined)) return { inner: undefined, findings: scan.findings };
  return { inner: args.slice(start), findings: scan.findings };
}

/** The command a wrapper runs ([] when none), undefined when only known at run time. */
export function unwrap(name: string, args: ShellWord[]): ShellWord[] | undefined {
  return unwrapScan(name, args).inner;
}

export const shellRule: Rule = (name, args, ctx) => {
  let inline = false;
  let stdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask(`${name} gets arguments only known at run time`)];
    if (v === '--' || v === '-') {
      stdin = v === '-';
      i++;
      break;
    }
    if (v.startsWith('--')) {
      if (v === '--rcfile' || v === '--init-file') return [ask(`${name} ${v} runs a script`)];
      continue;
    }
    if (!/^[-+][a-zA-Z]+$/.test(v)) break;
    if (v.startsWith('-') && v.includes('c')) inline = true;
    if (v.includes('s')) stdin = true;
    if (v.endsWith('o') || v.endsWith('O')) i++;
  }
  if (inline) {
    const code = args[i];
    if (!code) return [ask(`${name} -c without a command`)];
    if (code.value === undefined) return [ask(`${name} -c runs a command built at run time`)];
    const out = [ask(`${name} -c runs a command line`)];
    return SHELLS.has(name) ? [...out, ...ctx.nested(code.value)] : out;
  }
  const script = args[i];
  if (script && !stdin) return [ask(`${name} runs the script ${script.text}`)];
  return [ask(`${name} reads commands from its input`)];
};

export function interpreterRule(name: string, args: ShellWord[]): Finding[] {
  const flags = INTERPRETERS[name] ?? [];
  for (const a of args) {
    const v = a.value ?? '';
    const flag = flags.find((f) => v === f || (f.length === 2 && v.startsWith(f) && !v.startsWith('--')));
    if (flag) return [ask(`${name} ${flag} runs code`)];
  }
  const script = args.find((a) => a.value === undefined || !a.value.startsWith('-'));
  if (script && script.value !== '-') return [ask(`${name} runs ${script.text}`)];
  if (args.some((a) => a.value === '-m')) return [ask(`${name} -m runs a module`)];
  return [ask(`${name} reads code from its input`)];
}

export const evalRule: Rule = (name, args, ctx) => {
  if (args.some((a) => a.value === undefined)) return [ask(`${name} runs a command built at run time`)];
  return [ask(`${name} runs a command string`), ...ctx.nested(args.map((a) => a.value).join(' '))];
};

export const trapRule: Rule = (_name, args, ctx) => {
  const first = args[0];
  if (!first || first.value === '-l' || first.value === '-p') return [];
  if (first.value === undefined) return [ask('trap runs a command built at run time')];
  return [ask('trap runs a command later'), ...ctx.nested(first.value)];
};

/** How a command runs code it is given: from its input, or from its arguments (undefined: neither). */
export function codeSource(argv: readonly ShellWord[]): 'stdin' | 'args' | undefined {
  const name = path.posix.basename(argv[0]?.value ?? '');
  const args = argv.slice(1);
  const inner =
    unwrap(name, args) ?? (name === 'env' ? args.filter((a) => !a.value?.includes('=')) : undefined);
  if (inner && inner.length > 0 && inner !== args) return codeSource(inner);
  const ops = args.filter((a) => a.value === undefined || !a.value.startsWith('-') || a.value === '-');
  if (name === 'eval' || name === 'trap') return 'args';
  if (name === 'source' || name === '.') {
    return ops.length === 0 || ['-', '/dev/stdin', '/proc/self/fd/0'].includes(ops[0]?.value ?? '')
      ? 'stdin'
      : 'args';
  }
  const interpreter = /^python[0-9.]*$/.test(name) ? 'python' : name;
  if (SHELLS.has(name) || OTHER_SHELLS.has(name) || INTERPRETERS[interpreter]) {
    const inline = args.some(
      (a) =>
        /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.value ?? '') ||
        (INTERPRETERS[interpreter] ?? []).includes(a.value ?? ''),
    );
    const stdin = args.some((a) => /^-[a-zA-Z]*s[a-zA-Z]*$/.test(a.value ?? ''));
    return inline || (ops.length > 0 && ops[0]?.value !== '-' && !stdin) ? 'args' : 'stdin';
  }
  return undefined;
}
