// Degenerate repetition in streamed text: the same chunk over and over (random or tiny models can do it
// until the token cap; minutes at CPU speed). Watches the tail of the stream as it grows.

export interface RepetitionPolicy {
  /** Longest repeating unit looked for, characters. */
  maxUnit: number;
  /** The repeated stretch must be at least this long... */
  minSpan: number;
  /** ...and hold this many whole units. */
  minRepeats: number;
}

export const DEFAULT_REPETITION: RepetitionPolicy = { maxUnit: 400, minSpan: 320, minRepeats: 4 };

/** How often the tail is examined: every this many new characters. */
const CHECK_EVERY = 24;

export interface Repetition {
  /** The repeating unit. */
  unit: string;
  repeats: number;
}

export class RepetitionWatch {
  private text = '';
  private checkedAt = 0;

  constructor(private readonly policy: RepetitionPolicy = DEFAULT_REPETITION) {}

  /** Feeds a chunk; returns the repetition once the tail has become one. */
  push(chunk: string): Repetition | undefined {
    this.text += chunk;
    if (this.text.length - this.checkedAt < CHECK_EVERY) return undefined;
    this.checkedAt = this.text.length;
    return findTailRepetition(this.text, this.policy);
  }
}

/** The shortest unit whose repeats make up the end of `text`, when they reach the policy's thresholds. */
export function findTailRepetition(
  text: string,
  policy: RepetitionPolicy = DEFAULT_REPETITION,
): Repetition | undefined {
  const n = text.length;
  for (let unit = 1; unit <= policy.maxUnit && unit * 2 <= n; unit++) {
    // Length of the periodic stretch at the end: text[i] === text[i - unit] going backwards.
    let span = unit;
    while (span < n && text.charCodeAt(n - 1 - span) === text.charCodeAt(n - 1 - span + unit)) span++;
    const repeats = Math.floor(span / unit);
    if (span >= policy.minSpan && repeats >= policy.minRepeats) {
      return { unit: text.slice(n - unit), repeats };
    }
  }
  return undefined;
}
