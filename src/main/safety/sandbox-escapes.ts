// What the OS sandbox cannot contain in a command line, for sandbox-first approvals: in auto-edit, a
// command the policy would ask about runs unasked in the write profile (folder writable, every .git and
// the agent's settings read-only, network off) unless it wants what only a person can give: the network,
// a change to git's history (the sandbox keeps .git read-only, so it could only fail there), or a
// deletion: undo restores what the checkpoints captured, and they skip .gitignore'd paths (build/, .env)
// and links, so a deleting program is the person's to allow. (A script that deletes is not seen here.)
// Read from the policy's segments (each simple command as the shell would run it); when a segment's
// program cannot be read (a substitution or a variable in its place), it is treated as an escape.

export type SandboxEscape = 'network' | 'git_history' | 'delete' | 'unreadable';

/** Programs whose purpose is the network: with the network off they would only fail. */
const NETWORK_PROGRAMS = new Set([
  'curl',
  'wget',
  'ssh',
  'scp',
  'sftp',
  'rsync',
  'nc',
  'ncat',
  'netcat',
  'telnet',
  'ftp',
  'socat',
  'ping',
  'dig',
  'nslookup',
  'host',
  'gh',
  'aws',
  'gcloud',
  'az',
  'docker',
  'podman',
  'kubectl',
]);

/** Package managers: the subcommands that fetch or publish. */
const NETWORK_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  npm: new Set([
    'install',
    'i',
    'ci',
    'add',
    'update',
    'upgrade',
    'publish',
    'login',
    'audit',
    'outdated',
    'view',
    'info',
    'exec',
    'x',
    'dlx',
    'create',
    'init',
  ]),
  pnpm: new Set(['install', 'i', 'add', 'update', 'up', 'publish', 'dlx', 'create', 'fetch']),
  yarn: new Set(['install', 'add', 'upgrade', 'up', 'publish', 'dlx', 'create']),
  npx: new Set(['*']),
  bunx: new Set(['*']),
  pip: new Set(['install', 'download', 'wheel', 'index', 'search']),
  pip3: new Set(['install', 'download', 'wheel', 'index', 'search']),
  uv: new Set(['add', 'sync', 'pip', 'tool', 'run', 'lock']),
  cargo: new Set(['install', 'fetch', 'update', 'publish', 'search', 'add']),
  go: new Set(['get', 'install', 'mod']),
  gem: new Set(['install', 'update', 'push', 'fetch']),
  bundle: new Set(['install', 'update']),
  composer: new Set(['install', 'update', 'require']),
  apt: new Set(['install', 'update', 'upgrade']),
  'apt-get': new Set(['install', 'update', 'upgrade', 'dist-upgrade']),
};

/** Programs whose purpose is deleting files. */
const DELETING_PROGRAMS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'truncate']);

/** git subcommands that reach a remote. */
const GIT_NETWORK = new Set(['fetch', 'pull', 'push', 'clone', 'ls-remote', 'remote', 'submodule']);

/** git subcommands that change history, refs or the index: the person's to run. */
const GIT_HISTORY = new Set([
  'commit',
  'merge',
  'rebase',
  'reset',
  'revert',
  'cherry-pick',
  'am',
  'apply',
  'checkout',
  'switch',
  'restore',
  'branch',
  'tag',
  'stash',
  'update-ref',
  'symbolic-ref',
  'filter-branch',
  'filter-repo',
  'gc',
  'prune',
  'repack',
  'reflog',
  'notes',
  'worktree',
  'init',
  'add',
  'rm',
  'mv',
  'config',
  'replace',
  'update-index',
  'read-tree',
  'commit-tree',
  'write-tree',
  'clean',
  'pull',
  'bisect',
]);

/** Wrappers that run the command after their own options. */
const WRAPPERS = new Set([
  'env',
  'command',
  'builtin',
  'exec',
  'nice',
  'nohup',
  'time',
  'timeout',
  'stdbuf',
  'xargs',
]);

/** git's global options that take a value as the next word. */
const GIT_VALUE_OPTIONS = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path']);

/** What the sandbox cannot contain in these segments; empty: all of it runs contained. */
export function sandboxEscapes(segments: readonly string[]): SandboxEscape[] {
  const found = new Set<SandboxEscape>();
  for (const segment of segments) for (const escape of segmentEscapes(segment)) found.add(escape);
  return [...found];
}

export function describeEscapes(escapes: readonly SandboxEscape[]): string {
  const what: Record<SandboxEscape, string> = {
    network: 'it needs the network, which the sandbox keeps off',
    git_history: "it changes git's history, which the sandbox keeps read-only",
    delete: 'it deletes files, and undo cannot bring back ignored files or links',
    unreadable: 'the program it runs cannot be read before it runs',
  };
  return escapes.map((e) => what[e]).join('; ');
}

function segmentEscapes(segment: string): SandboxEscape[] {
  const words = programWords(segment);
  if (words === null) return ['unreadable'];
  const [program, ...rest] = words;
  if (program === undefined) return [];
  const name = program.slice(program.lastIndexOf('/') + 1);
  if (NETWORK_PROGRAMS.has(name)) return ['network'];
  if (DELETING_PROGRAMS.has(name)) return ['delete'];
  if (name === 'find' && rest.some((w) => w === '-delete' || w === '-exec' || w === '-execdir')) {
    return ['delete'];
  }
  if (name === 'git') return gitEscapes(rest);
  const subcommands = NETWORK_SUBCOMMANDS[name];
  if (subcommands) {
    const sub = rest.find((w) => !w.startsWith('-'));
    if (subcommands.has('*') || (sub !== undefined && subcommands.has(sub))) return ['network'];
  }
  return [];
}

function gitEscapes(args: readonly string[]): SandboxEscape[] {
  let i = 0;
  while (i < args.length && (args[i] ?? '').startsWith('-')) {
    i += GIT_VALUE_OPTIONS.has(args[i] ?? '') ? 2 : 1;
  }
  const sub = args[i];
  if (sub === undefined) return [];
  const escapes: SandboxEscape[] = [];
  if (GIT_NETWORK.has(sub)) escapes.push('network');
  if (GIT_HISTORY.has(sub)) escapes.push('git_history');
  return escapes;
}

/**
 * The words of a simple command from its program on: leading assignments and wrappers (with their own
 * options) skipped. Null when the program's place holds a substitution, a variable or a quote trick.
 */
function programWords(segment: string): string[] | null {
  const words = segment
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  let i = 0;
  while (i < words.length) {
    const word = words[i] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i++;
      continue;
    }
    if (/[$`\\'"(){}*?[\]]/.test(word)) return null;
    if (!WRAPPERS.has(word)) return words.slice(i);
    i++;
    // A wrapper's options, and timeout's duration / nice's -n value, come before the command.
    while (i < words.length && ((words[i] ?? '').startsWith('-') || /^\d+[smhd]?$/.test(words[i] ?? ''))) i++;
  }
  return [];
}
