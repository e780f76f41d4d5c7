// Commands that write, move or delete files: each target is judged by where it lands (outside the
// folder or protected: denied; unknown: asked; inside: asked).
import type { ShellWord } from './command-words.js';
import { writeFinding, type Finding } from './command-paths.js';
import type { Rule, RuleContext } from './command-rules.js';
import { optionTable, scanOptions } from './command-options.js';

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });
const deny = (reason: string): Finding => ({ verdict: 'deny', reason });

/** Operands: words that are not options (before `--`), and every word after it. */
function operands(args: readonly ShellWord[], valued: readonly string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as ShellWord;
    const v = a.value;
    if (ended || v === undefined || v === '-' || !v.startsWith('-')) out.push(a);
    else if (v === '--') ended = true;
    else if (valued.includes(v)) i++;
    else if (!v.startsWith('--') && valued.some((o) => o.length === 2 && v.endsWith(o.charAt(1)))) i++;
  }
  return out;
}

/** The value of an option given as `-t DIR`, `-tDIR` or `--target-directory=DIR`. */
function optionValue(args: readonly ShellWord[], short: string, long: string): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined || v === '--') break;
    if (v === short || v === long) return args[i + 1];
    if (v.startsWith(`${long}=`)) return word(v.slice(long.length + 1));
    if (!v.startsWith('--') && v.startsWith(short) && v.length > 2) return word(v.slice(2));
  }
  return undefined;
}

function word(text: string): ShellWord {
  return { text, value: text, pattern: text.replace(/[\s\S]/g, (c) => `\\${c}`), split: false };
}

function judgeTargets(
  targets: readonly ShellWord[],
  verb: string,
  ctx: RuleContext,
  deletes = false,
): Finding[] {
  if (targets.length === 0) return [ask(`${verb} files`)];
  return targets.map((t) => writeFinding(t, verb, ctx, deletes) ?? ask(`${verb} ${t.text}`));
}

const rm: Rule = (name, args, ctx) => {
  if (args.some((a) => a.value === '--no-preserve-root'))
    return [deny(`${name} --no-preserve-root deletes /`)];
  return judgeTargets(operands(args), `${name} deletes`, ctx, true);
};

/** cp and install: the destination (`-t DIR` or the last operand) is written. */
const copy: Rule = (name, args, ctx) => {
  const valued =
    name === 'install'
      ? ['-m', '-o', '-g', '-S', '-t', '--mode', '--owner', '--group', '--suffix']
      : ['-S', '-t', '--suffix'];
  const ops = operands(args, valued);
  const target = optionValue(args, '-t', '--target-directory');
  if (name === 'install' && args.some((a) => a.value === '-d' || a.value === '--directory')) {
    return judgeTargets(ops, 'install creates', ctx);
  }
  const dest = target ?? (ops.length >= 2 ? ops[ops.length - 1] : undefined);
  return judgeTargets(dest ? [dest] : [], `${name} writes to`, ctx);
};

/** mv removes its sources and writes its destination: every operand is changed. */
const move: Rule = (name, args, ctx) => {
  const target = optionValue(args, '-t', '--target-directory');
  return judgeTargets(
    [...operands(args, ['-S', '-t', '--suffix']), ...(target ? [target] : [])],
    `${name} moves`,
    ctx,
    true,
  );
};

const link: Rule = (name, args, ctx) => {
  const ops = operands(args, ['-S', '-t', '--suffix']);
  const dest =
    optionValue(args, '-t', '--target-directory') ?? (ops.length >= 2 ? ops[ops.length - 1] : undefined);
  return judgeTargets(dest ? [dest] : [], `${name} creates a link at`, ctx);
};

const writer =
  (verb: string, valued: readonly string[] = []): Rule =>
  (name, args, ctx) =>
    judgeTargets(operands(args, valued), `${name} ${verb}`, ctx);

const TEE = optionTable('-a -i -p --append --ignore-interrupts --output-error=? --help --version');

/** tee with no file only copies its input to its output; its options must still be known ones. */
const tee: Rule = (name, args, ctx) => {
  const ops = operands(args);
  return ops.length === 0
    ? scanOptions(args, { name, table: TEE, ctx }).findings
    : judgeTargets(ops, `${name} writes`, ctx);
};

/** chmod, chown, chgrp: the first operand is the mode or owner (unless --reference); the rest change. */
const permissions: Rule = (name, args, ctx) => {
  const ops: ShellWord[] = [];
  let reference = false;
  for (const a of args) {
    const v = a.value;
    if (v !== undefined && v.startsWith('--reference')) reference = true;
    // chmod -x is a mode, not an option; real options are -R -c -f -v -h and long ones.
    if (v !== undefined && (/^-[Rcfvh]+$/.test(v) || (v.startsWith('--') && v !== '--'))) continue;
    if (v !== '--') ops.push(a);
  }
  return judgeTargets(reference ? ops : ops.slice(1), `${name} changes`, ctx);
};

const dd: Rule = (_name, args, ctx) => {
  const of = args.find((a) => a.value === undefined || a.value.startsWith('of='));
  if (!of) return [ask('dd copies data')];
  if (of.value === undefined) return [ask('dd has an argument only known at run time')];
  const target = of.value.slice(3);
  if (target.startsWith('/dev/') && !/^\/dev\/(null|stdout|stderr)$/.test(target)) {
    return [deny(`dd writes to the device ${target}`)];
  }
  const pattern = target.startsWith('~') ? `~${word(target.slice(1)).pattern}` : word(target).pattern;
  return judgeTargets([{ text: target, value: target, pattern, split: false }], 'dd writes', ctx);
};

export const WRITE_RULES: Readonly<Record<string, Rule>> = {
  rm,
  rmdir: rm,
  unlink: rm,
  shred: rm,
  srm: rm,
  cp: copy,
  install: copy,
  mv: move,
  ln: link,
  tee,
  touch: writer('writes', ['-d', '-t', '-r', '--date', '--reference']),
  mkdir: writer('creates', ['-m', '--mode']),
  truncate: writer('empties', ['-s', '-r', '--size', '--reference']),
  chmod: permissions,
  chown: permissions,
  chgrp: permissions,
  dd,
  patch: () => [ask('patch changes files')],
  rsync: (name, args, ctx) => {
    const ops = operands(args, ['-e', '--rsh']);
    const dest = ops[ops.length - 1];
    const remote = dest?.value?.includes(':');
    return [
      ask(`${name} copies files`),
      ...(dest && ops.length >= 2 && !remote ? judgeTargets([dest], `${name} writes to`, ctx) : []),
    ];
  },
};
