// Rules for tools with a grammar of their own: find (-exec, -delete), sed and awk (scripts that write or
// run commands, script files the model could have written), tar, xargs, xxd, ps, curl and wget. git is
// in command-git.ts. Options are allow-listed exactly, as for the read-only table.
import { hasGlob, type ShellWord } from './command-words.js';
import { placeOf, writeFinding, type Finding } from './command-paths.js';
import type { Rule } from './command-rules.js';
import { mayBeOption, optionTable, plainWord, scanOptions } from './command-options.js';
import { READ_ONLY_COMMANDS } from './read-only-commands.js';
import { sedScriptRisk } from './sed-script.js';
import { awkProgramRisk } from './awk-program.js';
import { git } from './command-git.js';

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });
const deny = (reason: string): Finding => ({ verdict: 'deny', reason });

const FIND_WRITES = new Set(['-fprint', '-fprint0', '-fprintf', '-fls']);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const FIND_TESTS = new Set(
  (
    '-print -print0 -ls -prune -quit -true -false -empty -executable -readable -writable -nouser -nogroup ' +
    '-depth -d -mount -xdev -noleaf -follow -daystart -ignore_readdir_race -noignore_readdir_race -not -a ' +
    '-and -o -or -nowarn -warn ( ) ! ,'
  ).split(' '),
);
const FIND_VALUED =
  /^-(name|iname|path|ipath|regex|iregex|wholename|iwholename|lname|ilname|newer|anewer|cnewer|newer[aBcmt][aBcmt]|type|xtype|user|group|uid|gid|perm|size|mtime|mmin|atime|amin|ctime|cmin|used|maxdepth|mindepth|printf|fstype|links|inum|samefile|regextype|context|files0-from)$/;

const find: Rule = (_name, args, ctx) => {
  const out: Finding[] = [];
  const starts: ShellWord[] = [];
  let i = 0;
  while (i < args.length && /^-[HLPE]$|^-D$|^-O\d$/.test(args[i]?.value ?? ''))
    i += args[i]?.value === '-D' ? 2 : 1;
  for (; i < args.length; i++) {
    const a = args[i] as ShellWord;
    if (a.value !== undefined && (a.value.startsWith('-') || a.value === '(' || a.value === '!')) break;
    // A starting point that is a wildcard or a variable may turn into -exec or -delete.
    if (mayBeOption(a)) {
      out.push(ask('a starting point of find is only known at run time and could be -exec or -delete'));
    }
    starts.push(a);
  }
  if (starts.length === 0) starts.push(plainWord('.'));
  for (; i < args.length; i++) {
    const a = args[i] as ShellWord;
    const v = a.value;
    if (v === undefined || hasGlob(a.pattern)) {
      if (v === undefined || mayBeOption(a))
        out.push(ask('an argument of find is only known at run time and could be -exec or -delete'));
    } else if (v === '-delete') {
      out.push(ask('find -delete deletes files'));
      for (const s of starts) {
        const f = writeFinding(s, 'find -delete deletes under', ctx);
        if (f?.verdict === 'deny') out.push(f);
      }
    } else if (FIND_WRITES.has(v)) {
      const target = args[++i];
      out.push((target && writeFinding(target, `find ${v} writes`, ctx)) ?? ask(`find ${v} writes a file`));
    } else if (FIND_EXEC.has(v)) {
      const end = args.findIndex((w, k) => k > i && (w.value === ';' || w.value === '+'));
      const command = args.slice(i + 1, end < 0 ? args.length : end);
      out.push(ask(`find ${v} runs a command`));
      // `{}` stands for a file under a starting point.
      for (const s of starts) {
        const file = s.value === undefined ? s : plainWord(`${s.value.replace(/\/+$/, '')}/{}`);
        const inner = command.map((w) => (w.value?.includes('{}') ? { ...file, text: w.text } : w));
        out.push(...ctx.judge(inner).filter((f) => f.verdict === 'deny'));
      }
      i = end < 0 ? args.length : end;
    } else if (FIND_VALUED.test(v)) i++;
    else if (!FIND_TESTS.has(v) && v.startsWith('-'))
      out.push(ask(`find ${v} is not a known read-only test`));
  }
  return out;
};

const SED = optionTable(
  '-n -e= -f= -E -r -s -u -z -i=? --quiet --silent --expression= --file= --regexp-extended --separate ' +
    '--unbuffered --null-data --zero-terminated --posix --debug --sandbox --in-place=? --help --version',
);

const sed: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, { name, table: SED, ctx });
  const out = [...scan.findings];
  const given = new Set(scan.given.map((g) => g.option));
  if (given.has('-f') || given.has('--file'))
    out.push(ask(`${name} -f runs a script file the model could have written`));
  const fragments = scan.given.filter((g) => g.option === '-e' || g.option === '--expression');
  const operands = [...scan.operands];
  const scriptWords = fragments.length > 0 ? fragments.map((g) => g.value) : [operands.shift()];
  if (!given.has('-f') && !given.has('--file')) {
    if (scriptWords.some((w) => w?.value === undefined))
      return [...out, ask(`the ${name} script is only known at run time`)];
    // sed joins -e fragments with newlines before reading them. --sandbox is not trusted to skip this:
    // not every sed has it.
    const risk = sedScriptRisk(scriptWords.map((w) => w?.value).join('\n'));
    if (risk) out.push(ask(`${name} script ${risk}`));
  }
  if (given.has('-i') || given.has('--in-place')) {
    if (operands.length === 0) out.push(ask(`${name} -i edits files in place`));
    for (const f of operands)
      out.push(writeFinding(f, `${name} -i edits`, ctx) ?? ask(`${name} -i edits files in place`));
  }
  return out;
};

// -f, -i, -l, -E, -W, -d, -D, -o, -p load files, run a debugger or write files.
const AWK = optionTable(
  '-F= -v= -e= -b -c -P -S -n -r -s -M -N -O -V --field-separator= --assign= --source= --characters-as-bytes ' +
    '--traditional --posix --sandbox --non-decimal-data --re-interval --no-optimize --bignum --use-lc-numeric ' +
    '--optimize --version',
);

const AWK_FILES: Record<string, { ask: string }> = Object.fromEntries(
  ['-f', '--file', '-E', '--exec', '-W', '-i', '--include', '-l', '--load'].map((o) => [
    o,
    { ask: `awk ${o} loads a program file the model could have written` },
  ]),
);

const awk: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, { name, table: AWK, ctx, optionsFirst: true, escalate: AWK_FILES });
  if (scan.findings.length > 0) return scan.findings;
  const sources = scan.given.filter((g) => g.option === '-e' || g.option === '--source').map((g) => g.value);
  const program = sources.length > 0 ? sources : [scan.operands[0]];
  if (program.some((w) => w?.value === undefined))
    return [ask(`the ${name} program is only known at run time`)];
  const risk = awkProgramRisk(program.map((w) => w?.value).join('\n'));
  return risk ? [ask(`the ${name} program ${risk}`)] : [];
};

/** tar options that keep a listing (-t) a listing; -I, -F, --to-command, --checkpoint-action... run programs. */
const TAR_LIST = optionTable(
  '-t -v -f= -z -j -J -a -O -P -i -B -T= -X= --list --verbose --file= --gzip --gunzip --ungzip --bzip2 --xz ' +
    '--lzma --lzip --lzop --zstd --auto-compress --to-stdout --absolute-names --ignore-zeros --read-full-records ' +
    '--files-from= --exclude-from= --exclude= --wildcards --no-wildcards --anchored --no-anchored --ignore-case ' +
    '--no-ignore-case --wildcards-match-slash --no-wildcards-match-slash --null --no-null --numeric-owner ' +
    '--full-time --utc --show-transformed-names --no-recursion --recursion --force-local --quoting-style= ' +
    '--occurrence=? --strip-components= --totals=? --warning= --exclude-vcs --exclude-vcs-ignores --help --version',
);

const tar: Rule = (name, args, ctx) => {
  // The old style (`tar tvf a.tar`): the first word's letters are options, their values follow in order.
  let words = args;
  const head = args[0]?.value;
  if (head !== undefined && /^[a-zA-Z]+$/.test(head)) {
    words = [plainWord(`-${head}`), ...args.slice(1)];
  }
  const scan = scanOptions(words, { name, table: TAR_LIST, ctx });
  const given = scan.given.map((g) => g.option);
  const listing = given.includes('-t') || given.includes('--list');
  const remote = scan.given.find(
    (g) => (g.option === '-f' || g.option === '--file') && g.value?.value?.includes(':'),
  );
  if (listing && scan.findings.length === 0 && !(remote && !given.includes('--force-local'))) return [];
  if (remote) return [ask(`${name} -f with a host: uses a remote shell`)];
  const all = args.map((a) => a.value ?? '');
  const dirAt = all.findIndex((v) => v === '-C' || v === '--directory');
  const dir = dirAt >= 0 ? args[dirAt + 1] : undefined;
  const place = dir ? placeOf(dir, ctx) : undefined;
  if (place?.kind === 'outside') return [deny(`${name} writes files in ${dir?.text}, outside the folder`)];
  if (listing) return scan.findings;
  return [ask(`${name} creates or extracts files (or runs a program)`)];
};

/** GNU xargs; -e, -i and -l take their value attached only. -p, -o and --process-slot-var are left out. */
const XARGS = optionTable(
  '-0 -r -t -x -a= -d= -E= -I= -L= -n= -P= -s= -e=? -i=? -l=? --null --arg-file= --delimiter= --eof=? ' +
    '--replace=? --max-lines=? --max-args= --max-procs= --max-chars= --no-run-if-empty --verbose --exit ' +
    '--show-limits --help --version',
);

const xargs: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, { name, table: XARGS, ctx, stopAtOperand: true });
  if (scan.findings.length > 0) return scan.findings;
  const command = args.slice(scan.rest);
  if (command.length === 0) return [ask(`${name} runs a command for its input`)];
  const inner = ctx.judge(command);
  const program = command[0]?.value ?? '';
  // Its input becomes arguments, options included: only a command that no option makes unsafe.
  if (inner.length === 0 && READ_ONLY_COMMANDS[program]?.anyArgs) return [];
  return [ask(`${name} passes its input as arguments to ${command[0]?.text ?? 'a command'}`), ...inner];
};

/** xxd reads one-word options by prefix (`-ps` is -postscript); a second operand is written. */
const xxd: Rule = (name, args) => {
  const flags =
    /^-(a|autoskip|b|bits|C|capitalize|E|EBCDIC|e|h|help|i|include|p|ps|postscript|plain|u|v|version|d)$/;
  const valued = /^-(c|cols|g|groupsize|l|len|n|name|o|s|seek|R)$/;
  const attached = /^-(c|g|l|o|s)[+-]?(0x)?[0-9a-fA-F]+$/;
  let operands = 0;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask(`an argument of ${name} is only known at run time`)];
    if (v === '-' || !v.startsWith('-')) operands++;
    else if (valued.test(v)) i++;
    else if (!flags.test(v) && !attached.test(v))
      return [ask(`${name} ${v} is not a known read-only option`)];
  }
  return operands > 1 ? [ask(`${name} with 2 files writes the second`)] : [];
};

/** ps: the BSD letters `e` (and -E) show other processes' environments. */
const PS = optionTable(
  '-e -A -a -d -N -f -F -l -j -L -T -H -w -x -y -Z -M -u= -U= -p= -C= -G= -g= -t= -o= -O= -q= -s= ' +
    '--sort= --pid= --ppid= --forest --no-headers --headers --cols= --columns= --width= --help',
);

const ps: Rule = (name, args, ctx) => {
  const scan = scanOptions(args, { name, table: PS, ctx });
  const odd = scan.operands.find((w) => w.value === undefined || !/^[auxwfjlrTScvhHZ]+$/.test(w.value));
  return odd ? [...scan.findings, ask(`${name} ${odd.text} is not a known read-only use`)] : scan.findings;
};

const download: Rule = (name, args, ctx) => {
  const out: Finding[] = [ask(`${name} uses the network`)];
  const outputs =
    name === 'curl'
      ? ['-o', '--output', '--output-dir']
      : ['-O', '--output-document', '-P', '--directory-prefix', '-o', '--output-file'];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) continue;
    const [opt = '', attached] = v.startsWith('--')
      ? [v.split('=')[0], v.includes('=') ? v.slice(v.indexOf('=') + 1) : undefined]
      : [v.slice(0, 2), v.length > 2 ? v.slice(2) : undefined];
    if (!outputs.includes(opt)) continue;
    const target = attached !== undefined ? plainWord(attached) : args[++i];
    if (target && target.value !== '-')
      out.push(writeFinding(target, `${name} writes`, ctx) ?? ask(`${name} writes a file`));
  }
  return out;
};

export const TOOL_RULES: Readonly<Record<string, Rule>> = {
  git,
  find,
  sed,
  gsed: sed,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
  tar,
  gtar: tar,
  xargs,
  xxd,
  ps,
  curl: download,
  wget: download,
};
