// What the fault cases share: a session over the world with a scripted model (a hook runs before each
// model turn, so the world can change between read and edit), the named stop reasons, and the process
// checks (a port free again, no process left with a marker in its command line).
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { STOP_REASONS, type AgentEvent, type StopReason } from '../../src/shared/agent-events.js';
import type { AgentModel, TurnRequest } from '../../src/main/model/turn.js';
import { runSession, type SessionOptions } from '../../src/main/agent/session.js';
import { ScriptedModel, type Script } from '../../src/main/model/scripted-model.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import type { GapCondition } from './attacks.js';
import type { World } from './fixture.js';

export interface FaultOutcome {
  /** The session ended with a named stop reason (or recovered) as the case expects. */
  alive: boolean;
  detail: string;
}

export interface FaultCase {
  name: string;
  group: 'model' | 'loading' | 'commands' | 'files';
  /** Files the case needs; made before the "no file damaged" snapshot, so they are checked too. */
  setup?(world: World): Promise<void>;
  /** Paths (relative to the world's base) the case changes on purpose. */
  mayChange?: (rel: string) => boolean;
  run(world: World): Promise<FaultOutcome>;
  /** Why the case cannot run on this machine (then it is skipped and reported), or undefined. */
  unavailable?: () => string | undefined;
  /** A known hole in the core: the case is expected to fail until the fix described here lands. */
  gap?: string;
  /** The gap shows only with (or only without) an OS sandbox. */
  gap_if?: GapCondition;
}

export type Turn = Script['turns'][number];
export type ToolResult = Extract<AgentEvent, { type: 'tool_result' }>;

export interface SessionRun {
  reason: StopReason;
  events: AgentEvent[];
  results: ToolResult[];
}

export interface FaultSessionOptions extends Partial<SessionOptions> {
  contextSize?: number;
  /** Runs before model turn `n` (1-based). */
  beforeTurn?: (n: number) => Promise<void>;
  /** Replaces the scripted model. */
  agentModel?: AgentModel;
}

export async function session(
  world: World,
  turns: Turn[],
  options: FaultSessionOptions = {},
): Promise<SessionRun> {
  const opened = await openWorkspace(world.root, world.env);
  if (!opened.ok) throw new Error(opened.message);
  const scripted = new ScriptedModel({ turns }, 'faults', options.contextSize ?? 8192);
  let n = 0;
  const model: AgentModel = options.agentModel ?? {
    id: scripted.id,
    contextSize: scripted.contextSize,
    countTokens: (t) => scripted.countTokens(t),
    dispose: () => scripted.dispose(),
    turn: async (req: TurnRequest) => {
      await options.beforeTurn?.(++n);
      return scripted.turn(req);
    },
  };
  const events: AgentEvent[] = [];
  const result = await runSession({
    workspace: opened.workspace,
    model,
    task: 'Fix the failing test.',
    verify: false,
    approvalMode: 'full-auto',
    // Where there is no OS sandbox, commands are asked: a person who says yes lets the faults run.
    sandbox: { allowNetwork: false, whenMissing: 'ask' },
    approver: async () => ({ approved: true }),
    checkpointsDir: path.join(world.base, 'checkpoints'),
    spillDir: path.join(world.base, 'spill'),
    ...options,
    onEvent: (e) => events.push(e),
  });
  const results = events.filter((e): e is ToolResult => e.type === 'tool_result');
  return { reason: result.reason, events, results };
}

/** The stop reason is one of the named ones (and one of `allowed`, when given). */
export const named = (reason: StopReason, ...allowed: StopReason[]): boolean =>
  STOP_REASONS.includes(reason) && (allowed.length === 0 || allowed.includes(reason));

export function describeRun(run: SessionRun): string {
  const shown = run.results
    .map((r) => `${r.name} ${r.ok ? 'ok' : 'failed'}: ${r.output.split('\n')[0]?.slice(0, 100)}`)
    .join(' | ');
  return `stop ${run.reason}; results: ${shown || 'none'}`;
}

export const done: Turn = { text: 'Done.' };
export const call = (name: string, args: unknown): Turn => ({ calls: [{ name, args }] });

/** Whether nothing listens on the port any more (binding it again works). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether something listens on the TCP port, read from /proc/net (Linux); binds nothing, so races nothing. */
export function listening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((file) => {
    try {
      return readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => {
          const cols = line.trim().split(/\s+/);
          return cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A';
        });
    } catch {
      return false;
    }
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 100 ms until it is true or `ms` have passed. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  for (let waited = 0; ; waited += 100) {
    if (await check()) return true;
    if (waited >= ms) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pids of live processes whose command line contains `marker` (read from /proc; Linux). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const zombie = stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
      if (!zombie && cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone while reading.
    }
  }
  return pids;
}

/** A unique sleep length: its command line marks the process. */
export function markerSleep(): string {
  return `61.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

/**
 * A command that ignores SIGTERM, leaves a grandchild (a sleep marked by its length) and holds a port
 * with a node process that ignores SIGTERM too.
 */
export function stubbornCommand(port: number, sleep: string): string {
  return `trap '' TERM; (trap '' TERM; sleep ${sleep}) & node -e "process.on('SIGTERM',()=>{}); require('net').createServer().listen(${port}, '127.0.0.1'); setInterval(()=>{},1000)"`;
}
