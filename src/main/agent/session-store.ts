// The one owner of where sessions live in the app's data folder, for the runner and the window alike:
//   sessions/<id>/session.json        what the session is (folder, model, task, runs, last stop)
//   sessions/<id>/transcript.jsonl    every run's events, appended (agent/transcript.ts)
//   sessions/<id>/conversation.json   what a resume continues (agent/saved-conversation.ts)
//   sessions/<id>/spill/              full tool outputs, one byte budget (workspace/spill-budget.ts)
//   checkpoints/<hash of the folder>/ the folder's checkpoints; each names its session and run
// A session id is its start time and a random suffix, so ids sort by age and are safe as folder names.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { STOP_REASONS } from '../../shared/agent-events.js';
import { fail, type Result } from '../../shared/result.js';
import { sessionsDir } from '../app-paths.js';
import { writeFileAtomic } from '../workspace/atomic-write.js';
import { checkpointsDirFor } from '../workspace/checkpoints.js';
import { parseConversation, serializeConversation, type SavedConversation } from './saved-conversation.js';

const metaSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  /** The workspace root (a real path). */
  folder: z.string(),
  /** The model of the latest run (AgentModel.id). */
  model: z.string(),
  /** The task that started the session. */
  task: z.string(),
  startedAt: z.string(),
  /** When the latest run started or stopped: "latest" means this. */
  updatedAt: z.string(),
  runs: z.number().int().min(0),
  /** The latest run's stop; null while it runs, or when it never stopped (a crash). */
  stopReason: z.enum(STOP_REASONS).nullable(),
  /** A conversation was saved, so the session can be continued. */
  resumable: z.boolean(),
});

export type SessionMeta = z.infer<typeof metaSchema>;

export interface SessionFiles {
  dir: string;
  meta: string;
  transcript: string;
  conversation: string;
  spill: string;
}

export type SessionLookupCode = 'session_not_found' | 'no_session' | 'wrong_folder' | 'not_resumable';

/** What the runner prints after a failed lookup, so a person can find the right id. */
export const LIST_SESSIONS_HINT = 'List the sessions with: local-coder sessions --folder DIR';

/** Ids this store makes: `2025-01-31T09-30-00-000Z-a1b2c3`. */
const ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}$/;
/** Any id that is safe as one folder name (older ids were UUIDs). */
const SAFE_ID = /^[\w-][\w.-]{0,199}$/;

export function looksLikeSessionId(text: string): boolean {
  return ID_PATTERN.test(text);
}

export function newSessionId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

export class SessionStore {
  readonly dir: string;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.dir = sessionsDir(env);
  }

  /** Throws for an id that is not a safe folder name (a bug: ids come from this store or are checked first). */
  files(id: string): SessionFiles {
    if (!SAFE_ID.test(id)) throw new Error(`Not a session id: ${JSON.stringify(id)}`);
    const dir = path.join(this.dir, id);
    return {
      dir,
      meta: path.join(dir, 'session.json'),
      transcript: path.join(dir, 'transcript.jsonl'),
      conversation: path.join(dir, 'conversation.json'),
      spill: path.join(dir, 'spill'),
    };
  }

  /** Where the checkpoints of every session in `folder` go (shared, so undo spans runs and windows). */
  checkpointsDir(folder: string): string {
    return checkpointsDirFor(folder, this.env);
  }

  async create(init: { folder: string; model: string; task: string }): Promise<SessionMeta> {
    const now = new Date();
    const meta: SessionMeta = {
      version: 1,
      id: newSessionId(now),
      ...init,
      startedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      runs: 0,
      stopReason: null,
      resumable: false,
    };
    await this.writeMeta(meta);
    return meta;
  }

  /** Undefined for an unknown or unsafe id, or a damaged file. */
  async read(id: string): Promise<SessionMeta | undefined> {
    if (!SAFE_ID.test(id)) return undefined;
    try {
      const parsed = metaSchema.safeParse(JSON.parse(await fs.readFile(this.files(id).meta, 'utf8')));
      return parsed.success && parsed.data.id === id ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Most recently active first; only `folder`'s sessions when given. */
  async list(filter: { folder?: string } = {}): Promise<SessionMeta[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const metas = await Promise.all(names.filter((n) => SAFE_ID.test(n)).map((n) => this.read(n)));
    return metas
      .filter((m): m is SessionMeta => m !== undefined)
      .filter((m) => filter.folder === undefined || m.folder === filter.folder)
      .sort((a, b) => compareDesc(a.updatedAt, b.updatedAt) || compareDesc(a.id, b.id));
  }

  /**
   * The session a resume continues: `id`, or the latest of `folder` when it is absent; it must have a
   * saved conversation, and belong to `folder` when one is given.
   */
  async find(
    id: string | undefined,
    folder: string | undefined,
  ): Promise<Result<{ meta: SessionMeta; conversation: SavedConversation }, SessionLookupCode>> {
    let meta: SessionMeta | undefined;
    if (id === undefined) {
      const list = folder === undefined ? [] : await this.list({ folder });
      meta = list.find((m) => m.resumable) ?? list[0];
      if (!meta) return fail('no_session', `No session to resume in ${folder ?? 'this folder'}.`);
    } else {
      meta = await this.read(id);
      if (!meta) return fail('session_not_found', `No session ${JSON.stringify(id)} in ${this.dir}.`);
    }
    if (folder !== undefined && meta.folder !== folder) {
      return fail('wrong_folder', `Session ${meta.id} worked in ${meta.folder}, not in ${folder}.`);
    }
    const conversation = meta.resumable ? await this.loadConversation(meta.id) : undefined;
    if (!conversation) {
      return fail(
        'not_resumable',
        `Session ${meta.id} has no saved conversation to continue (its run never stopped, or it is damaged).`,
      );
    }
    return { ok: true, meta, conversation };
  }

  /** Marks a run started; returns the session as it now stands, with the run's number. */
  async beginRun(meta: SessionMeta, model: string): Promise<SessionMeta> {
    const next = {
      ...meta,
      model,
      runs: meta.runs + 1,
      updatedAt: new Date().toISOString(),
      stopReason: null,
    };
    await this.writeMeta(next);
    return next;
  }

  /** Saves the conversation (when there is one) before the stop, so a listed `resumable` can be loaded. */
  async endRun(
    meta: SessionMeta,
    stop: SessionMeta['stopReason'],
    conversation: SavedConversation | undefined,
  ): Promise<SessionMeta> {
    if (conversation) {
      await writeFileAtomic(this.files(meta.id).conversation, serializeConversation(conversation), {
        mode: 0o600,
      });
    }
    const next = {
      ...meta,
      stopReason: stop,
      updatedAt: new Date().toISOString(),
      resumable: meta.resumable || conversation !== undefined,
    };
    await this.writeMeta(next);
    return next;
  }

  async loadConversation(id: string): Promise<SavedConversation | undefined> {
    if (!SAFE_ID.test(id)) return undefined;
    const text = await fs.readFile(this.files(id).conversation, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseConversation(text);
  }

  private async writeMeta(meta: SessionMeta): Promise<void> {
    const files = this.files(meta.id);
    await fs.mkdir(files.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(files.meta, JSON.stringify(meta), { mode: 0o600 });
  }
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
