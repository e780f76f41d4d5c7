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
export function signalTagged(tag: string, sig: NodeJS.Signals, spared: number): boolean {
  const needle = Buffer.from(`${RUN_TAG}=${tag}\0`);
  let sent = false;
  for (const pid of processIds()) {
    if (pid === spared || pid === process.pid) continue;
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
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(pid);
    } catch {
      // ended meanwhile
    }
  }
  return members;
}
