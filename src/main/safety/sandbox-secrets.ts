// What of the person's secrets a sandboxed command could reach, taken away: the environment is rebuilt
// from an allow-list of names (a token under a name nobody listed never passes, unlike a denylist), and
// the home's credential files and folders are covered by empty ones (sandbox.ts mounts them).
import path from 'node:path';
import { APP_NAME, dataDir } from '../app-paths.js';

/** Variables a command may inherit: locale, terminal, identity, and where tools are installed. */
const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TERM',
  'COLORTERM',
  'TZ',
  'TMPDIR',
  'HOSTNAME',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  // Toolchains that live outside PATH's usual folders.
  'NVM_DIR',
  'NVM_BIN',
  'PNPM_HOME',
  'VOLTA_HOME',
  'GOPATH',
  'GOROOT',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'JAVA_HOME',
  'PYENV_ROOT',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'LD_LIBRARY_PATH',
  'PKG_CONFIG_PATH',
  'CI',
]);
/** Locale categories (LC_ALL, LC_CTYPE, ...). */
const ALLOWED_PREFIX = /^LC_[A-Z_]+$/;

/** The inherited environment a sandboxed command starts from: allow-listed names only. */
export function sandboxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (ALLOWED_NAMES.has(name) || ALLOWED_PREFIX.test(name))) out[name] = value;
  }
  return out;
}

/** Under the home: keys, tokens and logins of ssh, gpg, clouds, registries, git hosts and the like. */
const HOME_CREDENTIALS = [
  '.ssh',
  '.gnupg',
  '.password-store',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.oci',
  '.kube',
  '.docker',
  '.config/gh',
  '.config/hub',
  '.config/glab-cli',
  '.git-credentials',
  '.config/git/credentials',
  '.netrc',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pypirc',
  '.config/pip',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.m2/settings.xml',
  '.m2/settings-security.xml',
  '.gradle/gradle.properties',
  '.nuget/NuGet/NuGet.Config',
  '.terraform.d/credentials.tfrc.json',
  '.vault-token',
  '.config/op',
  '.config/rclone',
  '.s3cfg',
  '.boto',
  '.databrickscfg',
  '.kaggle',
  '.huggingface',
  '.cache/huggingface/token',
  '.cache/huggingface/stored_tokens',
  '.ollama',
  '.config/configstore',
  '.local/share/keyrings',
  '.pki',
  '.mozilla',
  '.config/google-chrome',
  '.config/chromium',
  '.bash_history',
  '.zsh_history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
  // The app's data folder under this home (dataDir reads the process's own home).
  `.config/${APP_NAME}`,
  `Library/Application Support/${APP_NAME}`,
];

/**
 * Absolute paths to cover with empty ones in the sandbox: the credential files and folders of the home
 * in `env`, the same under XDG_CONFIG_HOME when it is elsewhere, and the app's data folder (sessions,
 * transcripts, settings).
 */
export function credentialPaths(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const home = env.HOME;
  if (home && path.isAbsolute(home)) out.push(...HOME_CREDENTIALS.map((rel) => path.join(home, rel)));
  const config = env.XDG_CONFIG_HOME;
  if (config && path.isAbsolute(config) && (!home || config !== path.join(home, '.config'))) {
    for (const rel of HOME_CREDENTIALS) {
      if (rel.startsWith('.config/')) out.push(path.join(config, rel.slice('.config/'.length)));
    }
  }
  out.push(dataDir(env));
  return [...new Set(out)];
}
