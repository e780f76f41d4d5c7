// Rules for tools with a grammar of their own: git (read-only subcommands, settings that run programs),
// find (-exec, -delete), sed and awk (scripts that write or run commands), tar, xargs, curl and wget.
import { hasGlob, type ShellWord } from './command-words.js';
import { cdTarget, isInside, placeOf, writeFinding, type Finding } from './command-paths.js';
import type { Rule, RuleContext } from './command-rules.js';
import { GIT_ESCALATING, GIT_PROGRAM_KEYS, GIT_READ_ONLY, READ_ONLY_COMMANDS } from './read-only-commands.js';
import { sedScriptRisk } from './sed-script.js';

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });
const deny = (reason: string): Finding => ({ verdict: 'deny', reason });

function gitSetting(setting: string | undefined, how: string): Finding {
  if (setting === undefined) return ask(`${how} gets a setting only known at run time`);
  const eq = setting.indexOf('=');
  const key = (eq < 0 ? setting : setting.slice(0, eq)).toLowerCase();
  const value = eq < 0 ? '' : setting.slice(eq + 1);
  if (GIT_PROGRAM_KEYS.test(key)) return deny(`${how} sets ${key}, which makes git run a program`);
  if (key.startsWith('alias.') && value.trimStart().startsWith('!')) {
    return deny(`${how} sets ${key} to a shell command`);
  }
  return ask(`${how} changes git settings`);
}

const git: Rule = (_name, args, ctx) => {
  const out: Finding[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask('git gets an argument only known at run time')];
    if (!v.startsWith('-')) break;
    if (v === '-c') out.push(gitSetting(args[++i]?.value, 'git -c'));
    else if (v.startsWith('-c')) out.push(gitSetting(v.slice(2), 'git -c'));
    else if (v.startsWith('--config-env')) {
      const setting = v.includes('=') ? v.slice(v.indexOf('=') + 1) : args[++i]?.value;
      const f = gitSetting(setting, 'git --config-env');
      out.push(f.verdict === 'deny' ? f : ask('git --config-env takes settings from the environment'));
    } else if (v === '-C') {
      const dir = cdTarget(args[++i], ctx);
      if (dir === undefined || !isInside(dir, ctx.root)) out.push(ask('git -C runs git on another folder'));
    } else if (/^--(git-dir|work-tree|namespace|exec-path|super-prefix)(=|$)/.test(v)) {
      out.push(ask(`git ${v.split('=')[0]} points git elsewhere`));
      if (!v.includes('=') && v !== '--exec-path') i++;
    } else if (v === '-p' || v === '--paginate') out.push(ask('git -p runs a pager'));
    else if (v === '--version' || v === '--help' || v === '-h') return out;
    else if (
      !/^--(no-pager|no-replace-objects|literal-pathspecs|glob-pathspecs|noglob-pathspecs|icase-pathspecs|no-optional-locks|no-advice)$/.test(
        v,
      ) &&
      v !== '-P'
    ) {
      out.push(ask(`git ${v} is not a known read-only option`));
    }
  }
  const sub = args[i]?.value;
  const rest = args.slice(i + 1);
  if (sub === undefined) return i < args.length ? [...out, ask('git subcommand computed at run time')] : out;
  if (rest.some((a) => a.value === undefined || hasGlob(a.pattern))) {
    if (!GIT_READ_ONLY.has(sub)) return [...out, ask(`git ${sub} changes the repository or runs hooks`)];
  }
  return [...out, ...gitSubcommand(sub, rest, ctx)];
};

function gitSubcommand(sub: string, rest: ShellWord[], ctx: RuleContext): Finding[] {
  const values = rest.map((a) => a.value);
  const first = values[0];
  switch (sub) {
    case 'config':
      return gitConfig(rest);
    case 'branch':
    case 'tag': {
      const listing =
        /^(-[alrvn0-9]+|--(list|all|remotes|verbose|show-current|contains|no-contains|merged|no-merged|points-at|sort|format|column|no-column|color|no-color|ignore-case|abbrev)(=.*)?)$/;
      const lists = values.includes('--list') || values.includes('-l');
      const ok = values.every(
        (v, k) =>
          v !== undefined &&
          (listing.test(v) ||
            lists ||
            /^--(contains|no-contains|merged|no-merged|points-at|sort|format)$/.test(values[k - 1] ?? '')),
      );
      return ok ? [] : [ask(`git ${sub} with these arguments creates, moves or deletes`)];
    }
    case 'remote':
      return values.length === 0 ||
        (values.length === 1 && (first === '-v' || first === '--verbose')) ||
        first === 'get-url'
        ? []
        : [ask('git remote with arguments changes remotes or uses the network')];
    case 'stash':
      return first === 'list' || first === 'show' ? [] : [ask('git stash changes the working tree')];
    case 'reflog':
      return first === 'expire' || first === 'delete' ? [ask(`git reflog ${first} deletes history`)] : [];
    case 'worktree':
      return first === 'list' ? [] : [ask('git worktree changes worktrees')];
    case 'help':
      return [ask('git help runs a pager')];
  }
  if (!GIT_READ_ONLY.has(sub)) return [ask(`git ${sub} changes the repository, runs hooks, or is an alias`)];
  const out: Finding[] = [];
  for (let k = 0; k < rest.length; k++) {
    const v = values[k];
    if (v === undefined || !v.startsWith('-')) continue;
    if (v === '--') break;
    const [opt = ''] = v.split('=');
    const what = GIT_ESCALATING[opt] ?? (sub === 'grep' && /^-O/.test(v) ? GIT_ESCALATING['-O'] : undefined);
    if (!what) continue;
    if ('ask' in what) out.push(ask(what.ask));
    else {
      const target = v.includes('=') ? plain(v.slice(v.indexOf('=') + 1)) : rest[++k];
      out.push((target && writeFinding(target, what.writes, ctx)) ?? ask(`${what.writes} a file`));
    }
  }
  return out;
}

function gitConfig(rest: ShellWord[]): Finding[] {
  const values = rest.map((a) => a.value);
  if (values.some((v) => v === '-e' || v === '--edit' || v === 'edit'))
    return [ask('git config --edit opens an editor')];
  const reading = values.some(
    (v) =>
      v !== undefined && /^(--get(-all|-regexp|-urlmatch|-color|colorbool)?|-l|--list|get|list)$/.test(v),
  );
  const ops = rest.filter((a) => a.value === undefined || !a.value.startsWith('-'));
  const valued = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment']);
  const names = ops.filter((a) => !valued.has(values[rest.indexOf(a) - 1] ?? ''));
  if (
    reading ||
    (names.length === 1 &&
      !values.some((v) => /^--(unset|remove-section|rename-section|add|replace-all)/.test(v ?? '')))
  ) {
    return [];
  }
  const [verb] = names;
  const keyWord =
    verb && ['set', 'unset', 'rename-section', 'remove-section'].includes(verb.value ?? '') ? names[1] : verb;
  const valueWord = names[names.indexOf(keyWord as ShellWord) + 1];
  if (!keyWord || keyWord.value === undefined)
    return [ask('git config changes a setting only known at run time')];
  return [gitSetting(`${keyWord.value}=${valueWord?.value ?? ''}`, 'git config')];
}

function plain(text: string): ShellWord {
  return { text, value: text, pattern: text.replace(/[\s\S]/g, (c) => `\\${c}`), split: false };
}

const FIND_WRITES = new Set(['-fprint', '-fprint0', '-fprintf', '-fls']);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

const find: Rule = (_name, args, ctx) => {
  const out: Finding[] = [];
  const starts: ShellWord[] = [];
  let i = 0;
  while (i < args.length && /^-[HLP]$|^-D$|^-O\d$/.test(args[i]?.value ?? ''))
    i += args[i]?.value === '-D' ? 2 : 1;
  for (; i < args.length; i++) {
    const a = args[i] as ShellWord;
    if (a.value !== undefined && (a.value.startsWith('-') || a.value === '(' || a.value === '!')) break;
    // A starting point that is a wildcard or a variable may turn into -exec or -delete.
    if (a.value === undefined || hasGlob(a.pattern)) {
      out.push(ask('a starting point of find is only known at run time and could be -exec or -delete'));
    }
    starts.push(a);
  }
  if (starts.length === 0) starts.push(plain('.'));
  for (; i < args.length; i++) {
    const a = args[i] as ShellWord;
    const v = a.value;
    if (v === undefined || hasGlob(a.pattern)) {
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
        const file = s.value === undefined ? s : plain(`${s.value.replace(/\/+$/, '')}/{}`);
        const inner = command.map((w) => (w.value?.includes('{}') ? { ...file, text: w.text } : w));
        out.push(...ctx.judge(inner).filter((f) => f.verdict === 'deny'));
      }
      i = end < 0 ? args.length : end;
    } else if (
      /^-(name|iname|path|ipath|regex|iregex|wholename|iwholename|newer|type|user|group|perm|size|mtime|mmin|atime|amin|ctime|cmin|maxdepth|mindepth|printf|fstype|links|inum|samefile|lname|ilname|uid|gid|used|context)$/.test(
        v,
      )
    ) {
      i++;
    }
  }
  return out;
};

const sed: Rule = (_name, args, ctx) => {
  const out: Finding[] = [];
  const scripts: string[] = [];
  const files: ShellWord[] = [];
  let inPlace = false;
  let sandbox = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as ShellWord;
    const v = a.value;
    if (v === undefined) {
      if (scripts.length === 0) return [ask('the sed script is only known at run time')];
      files.push(a);
      continue;
    }
    if (v === '--sandbox') sandbox = true;
    else if (v.startsWith('--in-place') || (/^-[a-zA-Z]*i/.test(v) && !v.startsWith('--'))) inPlace = true;
    if (v === '-e' || v === '--expression') scripts.push(args[++i]?.value ?? '\0');
    else if (v.startsWith('--expression=')) scripts.push(v.slice(13));
    else if (v === '-f' || v === '--file' || v.startsWith('--file=') || /^-[a-zA-Z]*f/.test(v))
      return [ask('sed -f runs a script file')];
    else if (/^-[a-zA-Z]*e./.test(v) && !v.startsWith('--')) scripts.push(v.slice(v.indexOf('e') + 1));
    else if (v === '-l' || v === '--line-length') i++;
    else if (v.startsWith('-') && v !== '-') continue;
    else if (scripts.length === 0) scripts.push(v);
    else files.push(a);
  }
  if (scripts.includes('\0')) return [ask('the sed script is only known at run time')];
  if (!sandbox) {
    const risk = scripts.map(sedScriptRisk).find((r) => r !== undefined);
    if (risk) out.push(ask(`sed script ${risk}`));
  }
  if (inPlace) {
    if (files.length === 0) out.push(ask('sed -i edits files in place'));
    for (const f of files)
      out.push(writeFinding(f, 'sed -i edits', ctx) ?? ask('sed -i edits files in place'));
  }
  return out;
};

const awk: Rule = (name, args) => {
  let program: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask(`the ${name} program is only known at run time`)];
    if (/^(-f|--file|-E|--exec|-i|--include|-l|--load)$/.test(v) || /^-[fEil]./.test(v)) {
      return [ask(`${name} ${v.slice(0, 2)} loads a program file`)];
    }
    if (v === '-v' || v === '-F' || v === '--assign' || v === '--field-separator') i++;
    else if (v === '-e' || v === '--source') program = (program ?? '') + (args[++i]?.value ?? 'system(');
    else if (v.startsWith('-') && v !== '-' && v !== '--') continue;
    else if (program === undefined && v !== '--') {
      program = v;
      break;
    }
  }
  if (program === undefined) return [ask(`${name} without a program`)];
  if (/system\s*\(|@load|@include|(^|[^|])\|(?!\|)|\|&/.test(program))
    return [ask(`the ${name} program runs commands`)];
  if (/\bprintf?\b[^;{}]*>/.test(program)) return [ask(`the ${name} program writes files`)];
  return [];
};

const TAR_RUNS =
  /^--(to-command|use-compress-program|checkpoint-action|info-script|new-volume-script|rmt-command|rsh-command|index-file)/;

const tar: Rule = (_name, args, ctx) => {
  const out: Finding[] = [];
  let listing = false;
  let other = false;
  args.forEach((a, k) => {
    const v = a.value;
    if (v === undefined) return out.push(ask('tar gets an argument only known at run time'));
    const cluster = k === 0 && !v.startsWith('-') ? v : /^-[a-zA-Z]+$/.test(v) ? v.slice(1) : '';
    if (TAR_RUNS.test(v)) out.push(ask(`tar ${v.split('=')[0]} runs a program`));
    if (/^-[a-zA-Z]*[IF]/.test(v) || (k === 0 && /[IF]/.test(cluster)))
      out.push(ask('tar -I/-F runs a program'));
    if (v === '--list' || cluster.includes('t')) listing = true;
    if (
      /^--(extract|get|create|append|update|delete|concatenate|catenate)$/.test(v) ||
      /[xcruA]/.test(cluster)
    )
      other = true;
    if (/^(-[a-zA-Z]*f|--file)$/.test(v) && args[k + 1]?.value?.includes(':'))
      out.push(ask('tar -f with a host: uses a remote shell'));
  });
  if (!listing || other) {
    const dir = args.find((a, k) => args[k - 1]?.value === '-C' || args[k - 1]?.value === '--directory');
    const place = dir ? placeOf(dir, ctx) : undefined;
    out.push(
      place?.kind === 'outside'
        ? deny(`tar writes files in ${dir?.text}, outside the folder`)
        : ask('tar creates or extracts files'),
    );
  }
  return out;
};

const XARGS_VALUED =
  /^(-[aEdIiLlnPs]|--(arg-file|delimiter|eof|replace|max-lines|max-args|max-procs|max-chars|process-slot-var))$/;

const xargs: Rule = (_name, args, ctx) => {
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]?.value;
    if (v === undefined) return [ask('xargs gets an argument only known at run time')];
    if (v === '--') {
      i++;
      break;
    }
    if (!v.startsWith('-')) break;
    if (XARGS_VALUED.test(v)) i++;
  }
  const command = args.slice(i);
  if (command.length === 0) return [ask('xargs runs a command for its input')];
  const inner = ctx.judge(command);
  const name = command[0]?.value ?? '';
  if (inner.length === 0 && READ_ONLY_COMMANDS[name]?.anyArgs) return [];
  return [ask(`xargs passes its input as arguments to ${command[0]?.text ?? 'a command'}`), ...inner];
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
    const target = attached !== undefined ? plain(attached) : args[++i];
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
  curl: download,
  wget: download,
};
