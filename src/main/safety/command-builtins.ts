// Rules for bash builtins and the wrappers that run another command: cd, test, set, read and mapfile,
// declarations, env, command, nice/timeout/..., eval, trap, source. Builtins that evaluate strings
// (mapfile -C, printf -v, declare -a x='(...)', an array index anywhere) are never read-only.
import type { ShellWord } from './command-words.js';
import { cdTarget, isInside, type Finding } from './command-paths.js';
import type { Rule, RuleContext } from './command-rules.js';
import type { ShellCommand } from './command-walk.js';
import { optionTable, scanOptions } from './command-options.js';
import { RISKY_LOWERCASE_ENV, SAFE_ENV } from './command-lists.js';
import { WRAPPERS, evalRule, trapRule, unwrapScan } from './command-shells.js';

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });
const deny = (reason: string): Finding => ({ verdict: 'deny', reason });
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why setting an environment variable for a command is not harmless, if it is not. */
export function envFinding(name: string, value: string | undefined): Finding | undefined {
  if (SAFE_ENV.has(name) || name.startsWith('LC_')) return undefined;
  if (/^(GIT_|MAN)?PAGER$/.test(name) && (value === 'cat' || value === '')) return undefined;
  if (/^[A-Z_][A-Z0-9_]*$/.test(name)) return ask(`sets ${name}, which can change what programs run`);
  if (RISKY_LOWERCASE_ENV.has(name)) return ask(`sets ${name}`);
  return undefined;
}

/**
 * declare, typeset, local, export, readonly: plain names with literal values only. -a/-A turn a quoted
 * `(...)` into a compound assignment that is expanded, -i makes later assignments arithmetic, -n makes a
 * name reference; a value only known at run time is expanded again if the variable is an array.
 */
export function judgeDeclaration(cmd: ShellCommand): Finding[] {
  const keyword = cmd.argv[0]?.text ?? 'declare';
  const out: Finding[] = [];
  for (const w of cmd.argv.slice(1)) {
    if (w.value === undefined) return [ask(`${keyword} gets a word only known at run time`)];
    if (/^[-+]/.test(w.value)) {
      if (!/^[-+][xrgplFfu]+$/.test(w.value))
        out.push(ask(`${keyword} ${w.text} changes how values are read (arrays, arithmetic, references)`));
    } else if (!NAME.test(w.value)) out.push(ask(`${keyword} ${w.text}: an array index can run commands`));
  }
  for (const a of cmd.assignments) {
    const value = a.value.value;
    if (!NAME.test(a.name)) out.push(ask(`${keyword} ${a.name}: an array index can run commands`));
    else if (value === undefined) out.push(ask(`${keyword} ${a.name} gets a value only known at run time`));
    else if (value.startsWith('(')) out.push(ask(`${keyword} ${a.text} can be read as an array of commands`));
  }
  return out;
}

/** unset of an array element evaluates its index. */
export function judgeUnset(cmd: ShellCommand): Finding[] {
  return cmd.argv.slice(1).some((w) => w.value === undefined || w.value.includes('['))
    ? [ask('unset of an array element evaluates its index, which can run commands')]
    : [];
}

function wrapperRule(name: string, args: ShellWord[], ctx: RuleContext): Finding[] {
  const { inner, findings } = unwrapScan(name, args, ctx);
  if (inner === undefined) return [ask(`${name} gets arguments only known at run time`)];
  return [...findings, ...ctx.judge(inner)];
}

const COMMAND = optionTable('-p -v -V');

/** `command -v/-V` only says what names are; otherwise it runs the command (functions skipped). */
const commandRule: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, { name, table: COMMAND, stopAtOperand: true, ctx });
  if (scan.findings.length > 0) return scan.findings;
  if (scan.given.some((g) => g.option === '-v' || g.option === '-V')) return [];
  return ctx.judge(args.slice(scan.rest));
};

const ENV = optionTable(
  '-i -0 -v -u= -C= --ignore-environment --null --unset= --chdir= --debug --help --version',
);

const envRule: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, {
    name,
    table: ENV,
    stopAtOperand: true,
    ctx,
    escalate: {
      '-S': { ask: 'env -S runs a command split from a string' },
      '--split-string': { ask: 'env -S runs a command split from a string' },
    },
  });
  const out = [...scan.findings];
  const inner: RuleContext = { ...ctx };
  const dir = scan.given.find((g) => g.option === '-C' || g.option === '--chdir');
  if (dir) {
    inner.cwd = cdTarget(dir.value, ctx);
    if (inner.cwd === undefined || !isInside(inner.cwd, ctx.root))
      out.push(ask('env -C runs the command in another folder'));
  }
  let i = scan.rest;
  if (args[i]?.value === '-') i++;
  for (; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [...out, ask('env gets arguments only known at run time')];
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) break;
    const f = envFinding(v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1));
    if (f) out.push(f);
  }
  return [...out, ...inner.judge(args.slice(i))];
};

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

// read -e uses readline; mapfile -C runs a callback.
const READ = optionTable('-r -s -a= -d= -n= -N= -p= -t= -u=');
const MAPFILE = optionTable('-d= -n= -O= -s= -t -u=');

/** read and mapfile set the variables they name: plain names only (an array index runs arithmetic). */
const readRule: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, {
    name,
    table: name === 'read' ? READ : MAPFILE,
    optionsFirst: true,
    ctx,
    escalate: {
      '-C': { ask: `${name} -C runs a callback command` },
      '-c': { ask: `${name} -c goes with -C, which runs a callback command` },
    },
  });
  if (scan.findings.length > 0) return scan.findings;
  const array = scan.given.find((g) => g.option === '-a')?.value;
  const names = [...(array ? [array] : []), ...scan.operands];
  if (name !== 'read' && scan.operands.length > 1) return [ask(`${name} takes one array name`)];
  for (const w of names) {
    if (w.value === undefined) return [ask(`${name} sets a variable only known at run time`)];
    if (!NAME.test(w.value))
      return [ask(`${name} ${w.text} sets an array element, whose index can run commands`)];
    const f = envFinding(w.value, undefined);
    if (f) return [f];
  }
  return [];
};

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

export const BUILTIN_RULES: Readonly<Record<string, Rule>> = {
  ...Object.fromEntries(Object.keys(WRAPPERS).map((w) => [w, wrapperRule])),
  command: commandRule,
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
};
