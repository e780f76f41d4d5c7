// Drives the desktop backend the way the window does, without Electron: every call passes the same
// validation as the IPC layer, events are recorded in order, and the shell's dialogs answer from a queue.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DesktopEvent, MethodInput, MethodName, MethodOutputs } from '../../../src/shared/ipc.js';
import { parseInvoke } from '../../../src/main/ipc/validate.js';
import {
  createDesktopBackend,
  type DesktopBackend,
  type DesktopBackendOptions,
} from '../../../src/main/services/desktop-backend.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const fixtures = path.join(repoRoot, 'tests/fixtures');

export interface Harness {
  backend: DesktopBackend;
  events: DesktopEvent[];
  /** Answers of the next folder / model file dialogs (null: the person cancelled). */
  dialogs: { folders: (string | null)[]; modelFiles: (string | null)[] };
  opened: string[];
  call<M extends MethodName>(
    method: M,
    input: MethodInput<M> | Record<string, unknown>,
  ): Promise<MethodOutputs[M]>;
  /** Resolves with the first event (already seen or arriving) that matches; rejects after `timeoutMs`. */
  waitFor<T extends DesktopEvent>(
    match: (e: DesktopEvent) => e is T,
    timeoutMs?: number,
    from?: number,
  ): Promise<T>;
  waitFor(match: (e: DesktopEvent) => boolean, timeoutMs?: number, from?: number): Promise<DesktopEvent>;
}

export function makeHarness(
  env: NodeJS.ProcessEnv,
  options: Omit<DesktopBackendOptions, 'shell' | 'env'> = {},
): Harness {
  const dialogs = { folders: [] as (string | null)[], modelFiles: [] as (string | null)[] };
  const opened: string[] = [];
  const backend = createDesktopBackend({
    ...options,
    env,
    shell: {
      pickFolder: async () => dialogs.folders.shift() ?? null,
      pickModelFile: async () => dialogs.modelFiles.shift() ?? null,
      openExternal: async (url) => void opened.push(url),
    },
  });
  const events: DesktopEvent[] = [];
  const waiters = new Set<() => void>();
  backend.subscribe((event) => {
    events.push(event);
    for (const w of [...waiters]) w();
  });
  const waitFor = (match: (e: DesktopEvent) => boolean, timeoutMs = 60_000, from = 0) =>
    new Promise<DesktopEvent>((resolve, reject) => {
      const check = () => {
        const found = events.slice(from).find(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(`no matching event within ${timeoutMs} ms; saw ${events.map((e) => e.type).join(',')}`),
        );
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return {
    backend,
    events,
    dialogs,
    opened,
    async call(method, input) {
      const parsed = parseInvoke(method, input);
      if (!parsed.ok) throw new Error(parsed.message);
      return backend.handle(method, parsed.input as never);
    },
    waitFor: waitFor as Harness['waitFor'],
  };
}

/** A temp folder with home/ (LOCAL_CODER_HOME) and project/ (a copy of the sample project). */
export async function makeSandbox(): Promise<{
  tmp: string;
  home: string;
  project: string;
  env: NodeJS.ProcessEnv;
}> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-backend-'));
  const home = path.join(tmp, 'home');
  const project = path.join(tmp, 'project');
  await cp(path.join(fixtures, 'sample-project'), project, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_CODER_HOME: home };
  delete env.LOCAL_CODER_SCRIPT;
  delete env.LOCAL_CODER_CATALOG;
  return { tmp, home, project, env };
}

export async function removeSandbox(tmp: string): Promise<void> {
  await rm(tmp, { recursive: true, force: true });
}

export function agentEvents(events: DesktopEvent[]) {
  return events.flatMap((e) => (e.type === 'agent' ? [e.event] : []));
}

/** Resolves when `run_state` says the run that started after index `from` has stopped. */
export function runEnded(h: Harness, from = 0, timeoutMs = 90_000) {
  return h.waitFor((e) => e.type === 'run_state' && !e.running, timeoutMs, from);
}
