// The runner's side of the session store: `--resume [ID]` and `local-coder sessions`.
//   sessions [--folder DIR] [--json]   list sessions, most recently active first
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Failure } from '../shared/result.js';
import {
  LIST_SESSIONS_HINT,
  looksLikeSessionId,
  type SessionLookupCode,
  type SessionStore,
} from './agent/session-store.js';
import { parseCliArgs, printUsageError } from './cli-args.js';

export const SESSIONS_USAGE = 'Usage: local-coder sessions [--folder DIR] [--json]';

/** `--resume` with no id continues the latest session of the folder. */
export interface ResumeArg {
  id?: string;
}

/**
 * Takes `--resume`, `--resume ID` or `--resume=ID` out of argv (node's parseArgs has no optional
 * values). The word after `--resume` is its ID when it looks like one, or when it is one word that is
 * not the last argument (`--resume abc "task"`): a mistyped id is then reported, not read as the task.
 */
export function takeResumeArg(argv: readonly string[]): { argv: string[]; resume?: ResumeArg } {
  const rest: string[] = [];
  let resume: ResumeArg | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--resume=')) {
      resume = { id: arg.slice('--resume='.length) };
      continue;
    }
    if (arg !== '--resume') {
      rest.push(arg);
      continue;
    }
    const next = argv[i + 1];
    const isId =
      next !== undefined &&
      !next.startsWith('-') &&
      (looksLikeSessionId(next) || (!/\s/.test(next) && i + 2 < argv.length));
    resume = isId ? { id: next } : {};
    if (isId) i++;
  }
  return resume ? { argv: rest, resume } : { argv: rest };
}

/** A failed lookup as a person reads it: what is wrong, and how to find the right session. */
export function describeLookupFailure(failure: Failure<SessionLookupCode>, folder: string): string {
  const hint = LIST_SESSIONS_HINT.replace('DIR', folder);
  switch (failure.code) {
    case 'no_session':
      return `${failure.message} Start one without --resume. ${hint}`;
    case 'wrong_folder':
      return `${failure.message} Run it with that --folder, or resume a session of this folder. ${hint}`;
    default:
      return `${failure.message} ${hint}`;
  }
}

export async function runSessionsCommand(argv: string[], store: SessionStore): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    options: {
      folder: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!parsed.ok) return printUsageError(parsed.message, SESSIONS_USAGE);
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${SESSIONS_USAGE}\n`);
    return 0;
  }
  // Sessions name the workspace root by its real path.
  const folder = values.folder
    ? await realpath(path.resolve(values.folder)).catch(() => undefined)
    : undefined;
  if (values.folder && !folder) {
    process.stderr.write(`error: ${values.folder} does not exist.\n`);
    return 2;
  }
  const list = await store.list(folder ? { folder } : {});
  if (values.json) {
    for (const s of list) process.stdout.write(`${JSON.stringify(s)}\n`);
    return 0;
  }
  if (list.length === 0) process.stdout.write(`no sessions${folder ? ` in ${folder}` : ''}\n`);
  for (const s of list) {
    const task = s.task.length > 80 ? `${s.task.slice(0, 79)}…` : s.task;
    const state = `${s.runs} run${s.runs === 1 ? '' : 's'}, ${s.stopReason ?? 'running or interrupted'}`;
    const where = folder ? '' : `  ${s.folder}`;
    process.stdout.write(
      `${s.id}  ${s.updatedAt}  ${state}${s.resumable ? '' : ' (cannot resume)'}${where}\n    ${JSON.stringify(task)}\n`,
    );
  }
  return 0;
}
