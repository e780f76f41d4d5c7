import { existsSync, readFileSync } from 'node:fs';

export interface Settings {
  port: number;
  host: string;
  logLevel: string;
}

export const DEFAULTS: Settings = { port: 3000, host: '127.0.0.1', logLevel: 'info' };

export function parseArgs(argv: string[]): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (value === undefined) break;
    if (argv[i] === '--port') out.port = Number(value);
    else if (argv[i] === '--host') out.host = value;
    else if (argv[i] === '--log-level') out.logLevel = value;
    else continue;
    i++;
  }
  return out;
}

export function fromEnv(env: Record<string, string | undefined>): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (env.SERVER_PORT) out.port = Number(env.SERVER_PORT);
  if (env.SERVER_HOST) out.host = env.SERVER_HOST;
  if (env.LOG_LEVEL) out.logLevel = env.LOG_LEVEL;
  return out;
}

export function loadFile(path: string | URL): Partial<Settings> {
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Partial<Settings>;
}

// Later sources override earlier ones.
export function resolveSettings(
  argv: string[],
  env: Record<string, string | undefined>,
  file: string | URL,
): Settings {
  const sources = [DEFAULTS, fromEnv(env), parseArgs(argv), loadFile(file)];
  return Object.assign({}, ...sources) as Settings;
}
