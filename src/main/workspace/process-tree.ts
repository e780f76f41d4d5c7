// Signals to what a command started: its process group, and processes that left the group but carry
// the run's tag in their environment. Linux reads /proc; elsewhere only the group is reached.
import { readdirSync, readFileSync } from 'node:fs';

/** Set in each command's environment, unique per run: finds what it left running outside its group. */
export const RUN_TAG = 'LOCAL_CODER_RUN';

/** Sends `sig` to process group `pgid`; false when no process of the group is left. */
export function signalGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Like signalGroup, sparing `spared` (the whole group when nothing else is in it). */
export function signalGroupExcept(pgid: number, sig: NodeJS.Signals, spared: number): boolean {
  let sent = false;
  for (const pid of groupMembers(pgid)) {
    if (pid === spared) continue;
    try {
      process.kill(pid, sig);
      sent = true;
    } catch {
      // ended meanwhile
    }
  }
  return sent || signalGroup(pgid, sig);
}

/**
 * Linux: signals every process (but `spared`) whose environment carries the run's tag; true when one
 * was found. A daemon started with setsid or nohup leaves the process group but keeps its environment
 * (the way Jenkins finds what a build left running). One that clears its environment escapes this; in
 * the sandbox the pid namespace ends it anyway.
 */
export function signalTagged(tag: string, sig: NodeJS.Signals, spared: number, since?: number): boolean {
  const needle = Buffer.from(`${RUN_TAG}=${tag}\0`);
  let sent = false;
  for (const pid of processIds()) {
    if (pid === spared || pid === process.pid) continue;
    // Only a process started after the command can carry its tag; its stat is read without the lock
    // an environ read takes, which can stall behind a process stuck in the kernel.
    if (since !== undefined && (startTimeOf(pid) ?? 0) < since) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`).includes(needle)) continue;
      process.kill(pid, sig);
      sent = true;
    } catch {
      // ended meanwhile, or another user's
    }
  }
  return sent;
}

/** Linux: when a process started, in clock ticks since boot (field 22 of /proc/PID/stat). */
export function startTimeOf(pid: number): number | undefined {
  const fields = statFields(pid);
  const ticks = fields ? Number(fields[19]) : NaN;
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** Fields 3 onwards of /proc/PID/stat (after the command name, which may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function processIds(): number[] {
  try {
    return readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return []; // no /proc (macOS): only the process group is ended
  }
}

/** Linux: processes whose process group is `pgid` (field 5 of /proc/PID/stat). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const pid of processIds()) {
    if (Number(statFields(pid)?.[2]) === pgid) members.push(pid);
  }
  return members;
}
