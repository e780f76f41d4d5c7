// git: read-only only for listed subcommands with listed options, run on the project's own top-level
// repository (no -C, --git-dir, --work-tree, -c, and not from a subfolder, which may hold a repository
// the model made). The environment a read-only git runs with (safeGitEnv) keeps it from starting
// programs whatever a configuration says.
import type { ShellWord } from './command-words.js';
import { type Finding } from './command-paths.js';
import type { Rule, RuleContext } from './command-rules.js';
import { optionTable, scanOptions, type OptionTable } from './command-options.js';
import { GIT_SUBCOMMANDS, GIT_CONFIG_READ } from './git-options.js';

const ask = (reason: string): Finding => ({ verdict: 'ask', reason });
const deny = (reason: string): Finding => ({ verdict: 'deny', reason });

/** git settings that make git run a program: setting them is refused. */
export const GIT_PROGRAM_KEYS =
  /^(core\.(hookspath|fsmonitor|sshcommand|pager|editor|askpass|gitproxy|alternaterefscommand|worktree)|sequence\.editor|diff\.external|include\.path|includeif\..*|uploadpack\.packobjectshook|credential\..*|filter\..*|pager\..*|protocol\..*|gpg\..*program|.*\.(cmd|command|program|driver|helper|textconv|uploadpack|receivepack|proxy))$/i;

/** Settings given to every git a read-only verdict starts (command-line scope: they win over the repository's). */
const SAFE_GIT_CONFIG: ReadonlyArray<readonly [string, string]> = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.sshCommand', 'false'],
  ['core.editor', 'false'],
  ['sequence.editor', 'false'],
  ['protocol.allow', 'never'],
  // A folder that looks like a bare repository (HEAD, config, objects/) is not used unless named.
  ['safe.bareRepository', 'explicit'],
  ['log.showSignature', 'false'],
  ['gpg.program', 'false'],
  ['gpg.ssh.program', 'false'],
  ['gpg.x509.program', 'false'],
  ['credential.helper', ''],
  ['submodule.recurse', 'false'],
  // diff.external cannot be switched off this way (an empty value makes `git diff` fail); it can only
  // come from the repository's own config, which the model cannot write.
];

/** Variables that point git elsewhere or name programs: removed for a read-only verdict. */
const UNSAFE_GIT_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_EXEC_PATH',
  'GIT_TEMPLATE_DIR',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_SYSTEM',
  'GIT_EXTERNAL_DIFF',
  'GIT_DIFF_OPTS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_PROXY_COMMAND',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
] as const;

/**
 * The environment for a command run on a read-only verdict: no system or user git configuration,
 * settings that cannot start programs, no prompts, no optional lock writes. `set` is added to the
 * environment, `unset` removed from it (needs git >= 2.32 for GIT_CONFIG_GLOBAL, 2.38 for
 * safe.bareRepository; older gits ignore what they do not know).
 */
export function safeGitEnv(): { set: Record<string, string>; unset: readonly string[] } {
  const set: Record<string, string> = {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GIT_CONFIG_COUNT: String(SAFE_GIT_CONFIG.length),
  };
  SAFE_GIT_CONFIG.forEach(([key, value], i) => {
    set[`GIT_CONFIG_KEY_${i}`] = key;
    set[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return { set, unset: UNSAFE_GIT_ENV };
}

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

const GLOBAL_FLAGS =
  /^--(no-pager|no-replace-objects|literal-pathspecs|glob-pathspecs|noglob-pathspecs|icase-pathspecs|no-optional-locks|no-advice)$/;

export const git: Rule = (_name, args, ctx) => {
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
      i++;
      out.push(ask('git -C runs git on another folder, which may hold a repository the model made'));
    } else if (/^--(git-dir|work-tree|namespace|exec-path|super-prefix|bare)(=|$)/.test(v)) {
      out.push(ask(`git ${v.split('=')[0]} points git elsewhere`));
      if (!v.includes('=') && !/^--(exec-path|bare)$/.test(v)) i++;
    } else if (v === '-p' || v === '--paginate') out.push(ask('git -p runs a pager'));
    else if (v === '--version') return out;
    else if (!GLOBAL_FLAGS.test(v) && v !== '-P') out.push(ask(`git ${v} is not a known read-only option`));
  }
  const sub = args[i]?.value;
  if (i >= args.length) return out;
  if (sub === undefined) return [...out, ask('git subcommand computed at run time')];
  // Only the project's own repository: a subfolder may hold one the model made (its config runs programs).
  if (ctx.cwd !== ctx.root) out.push(ask('git runs in a subfolder, which may hold another repository'));
  if (ctx.untrustedGit)
    out.push(ask("the folder's repository changed during this session; its config may run programs"));
  return [...out, ...gitSubcommand(sub, args.slice(i + 1), ctx)];
};

function gitSubcommand(sub: string, rest: ShellWord[], ctx: RuleContext): Finding[] {
  const first = rest[0]?.value;
  switch (sub) {
    case 'config':
      return gitConfig(rest, ctx);
    case 'branch':
    case 'tag':
      return gitListing(sub, rest, ctx);
    case 'remote':
      if (rest.length === 0 || (rest.length === 1 && (first === '-v' || first === '--verbose'))) return [];
      return first === 'get-url'
        ? scanned(`git remote get-url`, rest.slice(1), optionTable('--push --all'), ctx)
        : [ask('git remote with arguments changes remotes or uses the network')];
    case 'stash':
      if (first === 'list') return scanned('git stash list', rest.slice(1), table('log'), ctx);
      if (first === 'show') return scanned('git stash show', rest.slice(1), table('stash-show'), ctx);
      return [ask('git stash changes the working tree')];
    case 'reflog':
      if (first === 'expire' || first === 'delete') return [ask(`git reflog ${first} deletes history`)];
      if (first === 'show' || first === 'list' || first === 'exists')
        return scanned(`git reflog ${first}`, rest.slice(1), table('log'), ctx);
      return scanned('git reflog', rest, table('log'), ctx);
    case 'worktree':
      return first === 'list'
        ? scanned('git worktree list', rest.slice(1), table('worktree-list'), ctx)
        : [ask('git worktree changes worktrees')];
    case 'help':
      return [ask('git help runs a pager')];
  }
  const options = GIT_SUBCOMMANDS[sub];
  if (!options) return [ask(`git ${sub} changes the repository, runs hooks, or is an alias`)];
  return scanned(`git ${sub}`, rest, options, ctx);
}

function table(sub: string): OptionTable {
  return GIT_SUBCOMMANDS[sub] ?? optionTable('');
}

/** Operands of a reading subcommand are revisions and paths; options must be listed. */
function scanned(name: string, rest: ShellWord[], options: OptionTable, ctx: RuleContext): Finding[] {
  return scanOptions(rest, {
    name,
    table: options,
    ctx,
    escalate: {
      '--output': { writes: `${name} --output writes` },
      '-O': { ask: `${name} -O opens the files in a pager` },
      '--open-files-in-pager': { ask: `${name} --open-files-in-pager runs a pager` },
      '--ext-diff': { ask: `${name} --ext-diff runs an external diff program` },
    },
  }).findings;
}

/** git branch and git tag list with these options; anything else creates, moves or deletes. */
function gitListing(sub: 'branch' | 'tag', rest: ShellWord[], ctx: RuleContext): Finding[] {
  const scan = scanOptions(rest, { name: `git ${sub}`, table: table(`${sub}-list`), ctx });
  if (scan.findings.length > 0) return [ask(`git ${sub} with these arguments creates, moves or deletes`)];
  const filters =
    sub === 'branch'
      ? /^(-l|--list|-v|--verbose|--contains|--no-contains|--merged|--no-merged|--points-at)$/
      : /^(-l|--list)$/;
  const lists = scan.given.some((g) => filters.test(g.option));
  return scan.operands.length === 0 || lists
    ? []
    : [ask(`git ${sub} with a name creates a ${sub === 'tag' ? 'tag' : 'branch'}`)];
}

function gitConfig(rest: ShellWord[], ctx: RuleContext): Finding[] {
  const values = rest.map((a) => a.value);
  if (values.some((v) => v === '-e' || v === '--edit' || v === 'edit'))
    return [ask('git config --edit opens an editor')];
  const scan = scanOptions(rest, { name: 'git config', table: GIT_CONFIG_READ, ctx });
  const verb = scan.operands[0]?.value;
  const reading =
    scan.given.some((g) => /^(--get.*|-l|--list)$/.test(g.option)) || verb === 'get' || verb === 'list';
  if (scan.findings.length === 0 && (reading || scan.operands.length === 1)) return [];
  // It sets, adds, renames or removes: judge the key it writes.
  const ops = rest.filter((a) => a.value === undefined || !a.value.startsWith('-'));
  const valued = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment']);
  const words = ops.filter((a) => !valued.has(values[rest.indexOf(a) - 1] ?? ''));
  const [head] = words;
  const keyWord =
    head && ['set', 'unset', 'rename-section', 'remove-section'].includes(head.value ?? '') ? words[1] : head;
  const valueWord = words[words.indexOf(keyWord as ShellWord) + 1];
  if (!keyWord || keyWord.value === undefined)
    return [ask('git config changes a setting only known at run time')];
  return [gitSetting(`${keyWord.value}=${valueWord?.value ?? ''}`, 'git config')];
}
