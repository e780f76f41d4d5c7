// Data for the command policy besides the read-only table: commands that are never run, reasons for
// well-known ones that are asked about, shells, interpreters, downloaders and harmless variables.

/**
 * Commands whose only read-only use is printing their version: the exact argument lists allowed. Only
 * programs that no per-folder version manager picks for the folder: node, python, ruby, cargo, go and
 * the like are often shims that choose (and run) a toolchain named in a file the model can write
 * (`.tool-versions` `path:`, `rust-toolchain.toml` `path =`, `go.mod` `toolchain`).
 */
export const VERSION_QUERIES: Readonly<Record<string, readonly string[]>> = {
  gcc: ['--version'],
  'g++': ['--version'],
  clang: ['--version'],
  make: ['--version'],
  cmake: ['--version'],
  bash: ['--version'],
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
  npm: 'npm runs project scripts or changes packages (and reads the project .npmrc)',
  npx: 'npx runs a package',
  yarn: 'yarn runs project scripts or changes packages',
  pnpm: 'pnpm runs project scripts or changes packages',
  make: 'make runs the build (a Makefile the model can write)',
  cargo: 'cargo runs the build (and a toolchain rust-toolchain.toml can name)',
  rustc: 'rustc may be a rustup shim that runs a toolchain rust-toolchain.toml names',
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
  hash: 'hash changes which program a name runs',
  enable: 'enable loads or switches builtins',
  complete: 'complete can register a command to run',
  compgen: 'compgen expands words and can run commands',
  bind: 'bind -x runs commands on keys',
  shopt: 'shopt changes shell options',
  let: 'let evaluates arithmetic, which can run commands',
  coproc: 'coproc runs a command in the background',
  ulimit: 'ulimit changes limits',
  umask: 'umask changes file permissions',
  split: 'split writes files',
  csplit: 'csplit writes files',
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
  // Word splitting of the shell's own expansions (`IFS= read -r line`); words the policy reads are literal.
  'IFS',
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
