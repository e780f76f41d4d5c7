// Past sessions, as the session store keeps them for the window's runs and the headless runner alike
// (agent/session-store.ts); opening one reads its transcript whole and returns its events for the chat
// to replay. Transcripts of older versions (sessions/<name>.jsonl, no session folder) are still listed,
// read-only: a listing reads only their first line (the session_start) and last line (the stop).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { STOP_REASONS, type AgentEvent } from '../../shared/agent-events.js';
import type { MethodOutputs, SessionSummary } from '../../shared/ipc.js';
import { fail } from '../../shared/result.js';
import { SessionStore, type SessionMeta } from '../agent/session-store.js';

/** Most of a kept tool output sent to the window (bytes). */
const SPILL_VIEW_BYTES = 5 * 1024 * 1024;
/** Longest task text in a listing (characters). */
const TASK_PREVIEW = 500;
/** A first or last line longer than this is not looked at (bytes). */
const MAX_EDGE_LINE = 4 * 1024 * 1024;
const EDGE_CHUNK = 64 * 1024;

export class SessionsService {
  /** Session id -> transcript file of an older version, from the last listing. */
  private readonly files = new Map<string, string>();
  private readonly store: SessionStore;

  constructor(env: NodeJS.ProcessEnv) {
    this.store = new SessionStore(env);
  }

  /** Most recently active first. Files that are not transcripts are skipped. */
  async list(): Promise<SessionSummary[]> {
    const [stored, legacy] = await Promise.all([this.store.list(), this.listLegacy()]);
    const rows = stored.map((meta) => ({ summary: fromMeta(meta), active: meta.updatedAt }));
    const ids = new Set(stored.map((m) => m.id));
    for (const summary of legacy)
      if (!ids.has(summary.sessionId)) rows.push({ summary, active: summary.startedAt });
    rows.sort((a, b) => (a.active < b.active ? 1 : a.active > b.active ? -1 : 0));
    return rows.map((r) => r.summary);
  }

  /** A full tool output of that session (`@spill/<name>`), its first SPILL_VIEW_BYTES at most. */
  async spill(sessionId: string, name: string): Promise<MethodOutputs['sessions.spill']> {
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name))
      return fail('invalid_name', `"${name}" is not the name of a kept tool output.`);
    const missing = fail(
      'not_found',
      `The full output ${name} is no longer kept (older outputs are removed).`,
    );
    let dir: string;
    try {
      dir = this.store.files(sessionId).spill;
    } catch {
      return missing; // not an id this store makes
    }
    const file = path.join(dir, name);
    // No link is followed: a kept output is a plain file the app wrote.
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile()) return missing;
    const handle = await fs.open(file, 'r').catch(() => undefined);
    if (!handle) return missing;
    try {
      const buf = Buffer.alloc(Math.min(stat.size, SPILL_VIEW_BYTES));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return {
        name,
        text: buf.subarray(0, bytesRead).toString('utf8'),
        sizeBytes: stat.size,
        truncated: stat.size > SPILL_VIEW_BYTES,
      };
    } finally {
      await handle.close();
    }
  }

  async open(sessionId: string): Promise<MethodOutputs['sessions.open']> {
    const meta = await this.store.read(sessionId);
    let file = meta ? this.store.files(sessionId).transcript : this.files.get(sessionId);
    if (!file) {
      await this.listLegacy();
      file = this.files.get(sessionId);
    }
    if (!file) return notFound(sessionId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      this.files.delete(sessionId);
      return notFound(sessionId);
    }
    const events: AgentEvent[] = [];
    for (const line of text.split('\n')) {
      const event = parseEvent(line);
      if (event) events.push(event);
    }
    const first = events[0];
    if (first?.type !== 'session_start' || first.sessionId !== sessionId) return notFound(sessionId);
    const last = events.at(-1);
    const summary = meta ? fromMeta(meta) : toSummary(first, last?.type === 'stop' ? last : undefined);
    return { summary, events };
  }

  private async listLegacy(): Promise<SessionSummary[]> {
    const dir = this.store.dir;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const found = await Promise.all(
      names.filter((n) => n.endsWith('.jsonl')).map((n) => summarize(path.join(dir, n))),
    );
    const out: SessionSummary[] = [];
    for (const item of found) {
      if (!item) continue;
      this.files.set(item.summary.sessionId, item.file);
      out.push(item.summary);
    }
    return out;
  }
}

function fromMeta(meta: SessionMeta): SessionSummary {
  return {
    sessionId: meta.id,
    task: preview(meta.task),
    folder: meta.folder,
    startedAt: meta.startedAt,
    stopReason: meta.stopReason,
    resumable: meta.resumable,
  };
}

function preview(task: string): string {
  return task.length > TASK_PREVIEW ? `${task.slice(0, TASK_PREVIEW)}…` : task;
}

function notFound(sessionId: string) {
  return fail('session_not_found', `Session ${sessionId} was not found; it may have been deleted.`);
}

async function summarize(file: string): Promise<{ file: string; summary: SessionSummary } | undefined> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = (await handle.stat()).size;
    const first = parseEvent(await firstLine(handle, size));
    if (first?.type !== 'session_start') return undefined;
    const last = parseEvent(await lastLine(handle, size));
    return { file, summary: toSummary(first, last?.type === 'stop' ? last : undefined) };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

function toSummary(
  start: Extract<AgentEvent, { type: 'session_start' }>,
  stop: Extract<AgentEvent, { type: 'stop' }> | undefined,
): SessionSummary {
  return {
    sessionId: start.sessionId,
    task: preview(start.task),
    folder: start.folder,
    startedAt: start.time,
    stopReason: stop ? stop.reason : null,
    resumable: false,
  };
}

/** One transcript line as an event (its write time `t` dropped); undefined for a damaged line. */
function parseEvent(line: string): AgentEvent | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined; // e.g. the last line of a run that is still writing
  }
  if (!value || typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string')
    return undefined;
  const { t: _t, ...event } = value as { t?: unknown; type: string };
  if (event.type === 'session_start') {
    const s = event as Record<string, unknown>;
    const ok = ['sessionId', 'folder', 'task', 'time'].every((k) => typeof s[k] === 'string');
    if (!ok) return undefined;
  }
  const reason = (event as { reason?: unknown }).reason;
  if (event.type === 'stop' && !(STOP_REASONS as readonly unknown[]).includes(reason)) {
    return undefined;
  }
  return event as AgentEvent;
}

type Handle = Awaited<ReturnType<typeof fs.open>>;

async function firstLine(handle: Handle, size: number): Promise<string> {
  const parts: Buffer[] = [];
  for (let at = 0; at < size && at < MAX_EDGE_LINE; at += EDGE_CHUNK) {
    const buf = Buffer.alloc(Math.min(EDGE_CHUNK, size - at));
    const { bytesRead } = await handle.read(buf, 0, buf.length, at);
    const chunk = buf.subarray(0, bytesRead);
    const nl = chunk.indexOf(0x0a);
    if (nl !== -1) {
      parts.push(chunk.subarray(0, nl));
      return Buffer.concat(parts).toString('utf8');
    }
    parts.push(chunk);
    if (bytesRead === 0) break;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The last complete line (a trailing newline is skipped). */
async function lastLine(handle: Handle, size: number): Promise<string> {
  const parts: Buffer[] = [];
  let end = size;
  let skippedTrailing = false;
  for (let read = 0; end > 0 && read < MAX_EDGE_LINE;) {
    const start = Math.max(0, end - EDGE_CHUNK);
    const buf = Buffer.alloc(end - start);
    await handle.read(buf, 0, buf.length, start);
    read += buf.length;
    let chunk = buf;
    if (!skippedTrailing) {
      skippedTrailing = true;
      if (chunk.at(-1) === 0x0a) chunk = chunk.subarray(0, -1);
    }
    const nl = chunk.lastIndexOf(0x0a);
    if (nl !== -1) {
      parts.unshift(chunk.subarray(nl + 1));
      return Buffer.concat(parts).toString('utf8');
    }
    parts.unshift(chunk);
    end = start;
  }
  return Buffer.concat(parts).toString('utf8');
}
