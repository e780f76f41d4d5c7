// Data for the command policy: commands known to only read or print, the options that make them do
// more, and the commands that are never run. Anything not listed here is asked about.

/** What an option does to a read-only command. Long options also match their GNU abbreviations. */
export type Escalation = { ask: string } | { writes: string };

export interface ReadOnlySpec {
  /** Safe whatever arguments it gets, so unknown ones (`$X`, wildcards, xargs input) are fine. */
  anyArgs?: boolean;
  /** Options that escalate, e.g. `'--pre'` or the short `'-o'`. */
  escalate?: Readonly<Record<string, Escalation>>;
  /** More operands than this write the last one (`uniq IN OUT`). */
  maxOperands?: number;
  /** Short options that take a value (only needed to count operands). */
  valueOptions?: string;
}

const any: ReadOnlySpec = { anyArgs: true };

/** Commands that only read files or print (builtins included). */
export const READ_ONLY_COMMANDS: Readonly<Record<string, ReadOnlySpec>> = {
  ls: any,
  cat: any,
  head: any,
  tail: any,
  wc: any,
  grep: any,
  egrep: any,
  fgrep: any,
  pwd: any,
  echo: any,
  basename: any,
  dirname: any,
  realpath: any,
  readlink: any,
  stat: any,
  du: any,
  df: any,
  cut: any,
  tr: any,
  true: any,
  false: any,
  ':': any,
  which: any,
  whereis: any,
  type: any,
  nl: any,
  tac: any,
  rev: any,
  fold: any,
  fmt: any,
  expand: any,
  unexpand: any,
  paste: any,
  join: any,
  comm: any,
  column: any,
  od: any,
  hexdump: any,
  strings: any,
  md5sum: any,
  sha1sum: any,
  sha224sum: any,
  sha256sum: any,
  sha384sum: any,
  sha512sum: any,
  b2sum: any,
  cksum: any,
  sum: any,
  base32: any,
  base64: any,
  seq: any,
  sleep: any,
  expr: any,
  uname: any,
  whoami: any,
  id: any,
  groups: any,
  nproc: any,
  arch: any,
  tty: any,
  locale: any,
  logname: any,
  getconf: any,
  uptime: any,
  free: any,
  ps: any,
  lscpu: any,
  printenv: any,
  diff: any,
  cmp: any,
  jq: any,
  exit: any,
  return: any,
  wait: any,
  jobs: any,
  break: any,
  continue: any,
  shift: any,
  times: any,
  printf: {
    escalate: { '-v': { ask: 'printf -v sets a variable (an array index there can run commands)' } },
  },
  date: {
    escalate: { '-s': { ask: 'date -s sets the clock' }, '--set': { ask: 'date --set sets the clock' } },
  },
  hostname: {
    maxOperands: 0,
    escalate: {
      '-F': { ask: 'hostname -F sets the host name' },
      '--file': { ask: 'hostname --file sets the host name' },
    },
  },
  file: {
    escalate: {
      '-C': { ask: 'file -C writes a compiled magic file' },
      '--compile': { ask: 'file --compile writes a file' },
    },
  },
  sort: {
    escalate: {
      '-o': { writes: 'sort -o writes' },
      '--output': { writes: 'sort --output writes' },
      '--compress-program': { ask: 'sort --compress-program runs a program' },
    },
  },
  shuf: { escalate: { '-o': { writes: 'shuf -o writes' }, '--output': { writes: 'shuf --output writes' } } },
  tree: { escalate: { '-o': { writes: 'tree -o writes' } } },
  iconv: {
    escalate: { '-o': { writes: 'iconv -o writes' }, '--output': { writes: 'iconv --output writes' } },
  },
  uniq: { maxOperands: 1, valueOptions: 'fsw' },
  xxd: { maxOperands: 1, valueOptions: 'cglsonC' },
  rg: {
    escalate: {
      '--pre': { ask: 'rg --pre runs a program on every file' },
      '--hostname-bin': { ask: 'rg --hostname-bin runs a program' },
    },
  },
  fd: {
    escalate: {
      '-x': { ask: 'fd -x runs a command for each file' },
      '--exec': { ask: 'fd --exec runs a command for each file' },
      '-X': { ask: 'fd -X runs a command' },
      '--exec-batch': { ask: 'fd --exec-batch runs a command' },
    },
  },
};

/** Commands whose only read-only use is printing their version: the exact argument lists allowed. */
export const VERSION_QUERIES: Readonly<Record<string, readonly string[]>> = {
  node: ['--version', '-v'],
  npm: ['--version', '-v'],
  npx: ['--version'],
  yarn: ['--version', '-v'],
  pnpm: ['--version', '-v'],
  deno: ['--version'],
  bun: ['--version'],
  python: ['--version', '-V'],
  python3: ['--version', '-V'],
  pip: ['--version', '-V'],
  pip3: ['--version', '-V'],
  tsc: ['--version', '-v'],
  go: ['version'],
  cargo: ['--version', '-V'],
  rustc: ['--version', '-V'],
  java: ['-version', '--version'],
  javac: ['-version', '--version'],
  gcc: ['--version'],
  'g++': ['--version'],
  clang: ['--version'],
  make: ['--version'],
  cmake: ['--version'],
  bash: ['--version'],
  perl: ['--version', '-v'],
  ruby: ['--version', '-v'],
  php: ['--version', '-v'],
  docker: ['--version'],
};

/** Never run, in any mode. */
export const DENIED_COMMANDS: Readonly<Record<string, string>> = {
  sudo: 'sudo runs commands as another user',
  doas: 'doas runs commands as another user',
  su: 'su runs commands as another user',
  pkexec: 'pkexec runs commands as another user',
  runuser: 'runuser runs commands as another user',
  shutdown: 'shutdown turns the machine off',
  reboot: 'reboot restarts the machine',
  halt: 'halt stops the machine',
  poweroff: 'poweroff turns the machine off',
  mkfs: 'mkfs formats a disk',
  mke2fs: 'mke2fs formats a disk',
  mkswap: 'mkswap formats a disk',
  wipefs: 'wipefs wipes a disk',
  fdisk: 'fdisk changes disk partitions',
  sfdisk: 'sfdisk changes disk partitions',
  cfdisk: 'cfdisk changes disk partitions',
  gdisk: 'gdisk changes disk partitions',
  sgdisk: 'sgdisk changes disk partitions',
  parted: 'parted changes disk partitions',
  visudo: 'visudo changes sudo rules',
  passwd: 'passwd changes passwords',
};

/** Why some well-known commands need a person (anything else unknown gets a generic reason). */
export const ASK_REASONS: Readonly<Record<string, string>> = {
  less: 'less is a pager, which can run commands',
  more: 'more is a pager, which can run commands',
  most: 'most is a pager, which can run commands',
  man: 'man runs a pager, which can run commands',
  vi: 'vi is an editor, which can run commands',
  vim: 'vim is an editor, which can run commands',
  nvim: 'nvim is an editor, which can run commands',
  nano: 'nano is an editor',
  emacs: 'emacs is an editor, which can run commands',
  npm: 'npm runs project scripts or changes packages',
  npx: 'npx runs a package',
  yarn: 'yarn runs project scripts or changes packages',
  pnpm: 'pnpm runs project scripts or changes packages',
  make: 'make runs the build',
  crontab: 'crontab installs scheduled jobs',
  systemctl: 'systemctl controls system services',
  mount: 'mount changes file systems',
  umount: 'umount changes file systems',
  kill: 'kill stops processes',
  pkill: 'pkill stops processes',
  killall: 'killall stops processes',
  ssh: 'ssh runs commands on another machine',
  scp: 'scp copies over the network',
  watch: 'watch runs a command repeatedly',
  parallel: 'parallel runs commands',
  alias: 'alias changes what a name runs',
  shopt: 'shopt changes shell options',
  read: 'read sets variables (an array index there can run commands)',
  mapfile: 'mapfile sets variables',
  let: 'let evaluates arithmetic, which can run commands',
  coproc: 'coproc runs a command in the background',
  trap: 'trap runs a command later',
  ulimit: 'ulimit changes limits',
  umask: 'umask changes file permissions',
};

/** Shells whose `-c` string is bash-like enough to be parsed and judged. */
export const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'posh']);
/** Other shells: their code is not parsed, only asked about. */
export const OTHER_SHELLS = new Set(['fish', 'csh', 'tcsh', 'pwsh', 'powershell', 'nu', 'elvish', 'xonsh']);

/** Interpreters and the options that give them code inline. */
export const INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  deno: ['eval'],
  bun: ['-e', '--eval', '-p', '--print'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  lua: ['-e'],
  luajit: ['-e'],
  Rscript: ['-e'],
  osascript: ['-e'],
  tclsh: [],
  wish: [],
  expect: ['-c'],
  gdb: ['-ex'],
};

/** Programs that fetch from the network: their output piped into a shell runs downloaded code. */
export const DOWNLOADERS = new Set([
  'curl',
  'wget',
  'fetch',
  'aria2c',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'http',
  'https',
  'lwp-request',
  'GET',
  'ssh',
]);

/** Environment variables that only change formatting, safe to set for a read-only command. */
export const SAFE_ENV = new Set([
  'LANG',
  'LANGUAGE',
  'TZ',
  'NO_COLOR',
  'FORCE_COLOR',
  'CLICOLOR',
  'CLICOLOR_FORCE',
  'COLUMNS',
  'LINES',
  'TERM',
]);

/** Lower-case variables that programs read from the environment. */
export const RISKY_LOWERCASE_ENV = new Set([
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'no_proxy',
  'ftp_proxy',
]);

/** git subcommands that only read the repository (branch, tag, remote, stash, reflog, config, worktree: see the rules). */
export const GIT_READ_ONLY = new Set([
  'status',
  'log',
  'show',
  'diff',
  'blame',
  'annotate',
  'shortlog',
  'describe',
  'rev-parse',
  'rev-list',
  'ls-files',
  'ls-tree',
  'cat-file',
  'grep',
  'merge-base',
  'name-rev',
  'show-ref',
  'show-branch',
  'for-each-ref',
  'count-objects',
  'check-ignore',
  'check-attr',
  'check-ref-format',
  'whatchanged',
  'diff-tree',
  'diff-files',
  'diff-index',
  'cherry',
  'range-diff',
  'version',
  'var',
]);

/** git options that escalate a reading subcommand. */
export const GIT_ESCALATING: Readonly<Record<string, Escalation>> = {
  '--output': { writes: 'git --output writes' },
  '-O': { ask: 'git grep -O opens the files in a pager' },
  '--open-files-in-pager': { ask: 'git grep --open-files-in-pager runs a pager' },
};

/** git settings that make git run a program: setting them is refused. */
export const GIT_PROGRAM_KEYS =
  /^(core\.(hookspath|fsmonitor|sshcommand|pager|editor|askpass|gitproxy|alternaterefscommand|worktree)|sequence\.editor|diff\.external|include\.path|includeif\..*|uploadpack\.packobjectshook|credential\..*|filter\..*|pager\..*|protocol\..*|gpg\..*program|.*\.(cmd|command|program|driver|helper|textconv|uploadpack|receivepack|proxy))$/i;
