// Catches a model going round in circles: the same call made again and again, or a short cycle of
// calls (A,B,A,B). It warns first, through the tool result the model reads, and stops later.

export interface LoopPolicy {
  /** Identical consecutive calls: warn at this count (the call still runs)... */
  repeatWarn: number;
  /** ...and stop the run at this count (the call does not run). */
  repeatStop: number;
  /** Longest cycle looked for (2 = A,B; 3 = A,B,C). */
  maxCycle: number;
  /** Whole repetitions of a cycle at which to warn, and to stop. */
  cycleWarn: number;
  cycleStop: number;
}

export const DEFAULT_LOOP_POLICY: LoopPolicy = {
  repeatWarn: 2,
  repeatStop: 4,
  maxCycle: 3,
  cycleWarn: 2,
  cycleStop: 3,
};

export type LoopVerdict = { kind: 'ok' } | { kind: 'warn' | 'stop'; message: string };

export class LoopDetector {
  private readonly history: string[] = [];

  constructor(private readonly policy: LoopPolicy = DEFAULT_LOOP_POLICY) {}

  /** Records a call about to run and judges the history it completes. */
  observe(name: string, args: unknown): LoopVerdict {
    this.history.push(`${name} ${stableStringify(args)}`);
    const repeats = this.trailingRepeats(1);
    if (repeats >= this.policy.repeatStop) {
      return {
        kind: 'stop',
        message: `${name} was called ${repeats} times in a row with the same arguments.`,
      };
    }
    if (repeats >= this.policy.repeatWarn) {
      return {
        kind: 'warn',
        message: `You made this exact ${name} call ${repeats} times in a row; the result will not change. Try a different approach, or ask_user if you are stuck.`,
      };
    }
    for (let period = 2; period <= this.policy.maxCycle; period++) {
      const cycles = this.trailingRepeats(period);
      if (cycles >= this.policy.cycleStop) {
        return { kind: 'stop', message: `The same ${period} calls repeated ${cycles} times in a cycle.` };
      }
      if (cycles >= this.policy.cycleWarn) {
        return {
          kind: 'warn',
          message: `Your last ${period * cycles} calls repeat the same ${period} calls in a cycle. Nothing changes between them; try a different approach.`,
        };
      }
    }
    return { kind: 'ok' };
  }

  /** How many times the last `period` entries repeat back to back at the end of the history. */
  private trailingRepeats(period: number): number {
    const h = this.history;
    if (h.length < period) return 0;
    const unit = h.slice(h.length - period);
    // A cycle made of one repeated call is a plain repeat, counted by period 1.
    if (period > 1 && unit.every((s) => s === unit[0])) return 0;
    let count = 1;
    for (let end = h.length - period; end - period >= 0; end -= period) {
      const chunk = h.slice(end - period, end);
      if (!chunk.every((s, i) => s === unit[i])) break;
      count++;
    }
    return count;
  }
}

/** JSON with object keys sorted, so {a,b} and {b,a} are the same call. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
