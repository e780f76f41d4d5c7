import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPETITION,
  RepetitionWatch,
  findTailRepetition,
  type Repetition,
} from '../../../src/main/agent/repetition.js';

/** Deterministic pseudo-random text with no long periodic stretch (letters, spaces, newlines). */
function noise(length: number, seed = 7): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz     \n';
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

/** Code-like text where consecutive lines look alike but differ. */
function similarLines(count: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++)
    lines.push(`  it('adds ${i} and ${i + 1}', () => expect(add(${i}, ${i + 1})).toBe(${2 * i + 1}));`);
  return lines.join('\n') + '\n';
}

function isRotation(a: string, b: string): boolean {
  return a.length === b.length && (a + a).includes(b);
}

/** Feeds `text` in chunks of `size`; the first verdict, where it came and the text up to there. */
function watch(text: string, size: number) {
  const w = new RepetitionWatch();
  for (let at = 0; at < text.length; at += size) {
    const seen = text.slice(0, at + size);
    const verdict = w.push(text.slice(at, at + size));
    if (verdict) return { verdict, seen };
  }
  return undefined;
}

const INTRO = 'Sure. I will look at the file and fix the bug.\n';

describe('findTailRepetition', () => {
  it('finds a short unit repeated at the end', () => {
    expect(findTailRepetition(INTRO + 'ha'.repeat(200))).toEqual({ unit: 'ha', repeats: 200 });
  });

  it('reports the shortest unit', () => {
    const r = findTailRepetition(INTRO + 'abcabc'.repeat(60));
    expect(r).toEqual({ unit: 'abc', repeats: 120 });
  });

  it('finds a repeated line', () => {
    const line = 'I will now read the file to check the contents.\n';
    const r = findTailRepetition(INTRO + line.repeat(10));
    expect(r).toEqual({ unit: line, repeats: 10 });
  });

  it('finds a long multi-line unit repeated four times', () => {
    const unit =
      'Let me check the file.\n```json\n{"name": "read_file", "arguments": {"path": "calc.js"}}\n```\n\n';
    expect(unit.length * 4).toBeGreaterThanOrEqual(DEFAULT_REPETITION.minSpan);
    expect(findTailRepetition(INTRO + unit.repeat(4))).toEqual({ unit, repeats: 4 });
  });

  it('finds a unit of the largest size looked for (400 characters)', () => {
    const unit = noise(399, 3) + '.';
    expect(unit.length).toBe(DEFAULT_REPETITION.maxUnit);
    expect(findTailRepetition(INTRO + unit.repeat(4))).toEqual({ unit, repeats: 4 });
  });

  it('does not look for units longer than maxUnit', () => {
    const unit = noise(400, 5) + '.';
    expect(findTailRepetition(INTRO + unit.repeat(6))).toBeUndefined();
  });

  it('needs at least four whole units', () => {
    const unit = noise(149, 11) + '\n';
    expect(findTailRepetition(INTRO + unit.repeat(3))).toBeUndefined();
    expect(findTailRepetition(INTRO + unit.repeat(3) + unit.slice(0, 140))).toBeUndefined();
    expect(findTailRepetition(INTRO + unit.repeat(4))).toEqual({ unit, repeats: 4 });
  });

  it('needs a span of at least 320 characters', () => {
    const line = 'I will now read the file to check the contents.\n';
    expect(line.length * 6).toBeLessThan(320);
    expect(findTailRepetition(INTRO + line.repeat(6))).toBeUndefined();
  });

  it("does not fire on a line of '=' under 320 characters", () => {
    expect(findTailRepetition('='.repeat(319))).toBeUndefined();
    expect(findTailRepetition('Results\n' + '='.repeat(300))).toBeUndefined();
    expect(findTailRepetition('Results\n' + '='.repeat(300) + '\n')).toBeUndefined();
  });

  it("fires on 320 '=' in a row", () => {
    expect(findTailRepetition('Results\n' + '='.repeat(320))).toEqual({ unit: '=', repeats: 320 });
  });

  it('looks only at the end: a repetition followed by other text does not count', () => {
    expect(findTailRepetition('ha'.repeat(300) + '\nThe fix is done; the tests pass.')).toBeUndefined();
  });

  it('reports a unit cut mid-way as a rotation of the repeated text', () => {
    const unit = 'hello world! ';
    const r = findTailRepetition(INTRO + unit.repeat(40) + 'hel');
    expect(r).toBeDefined();
    expect(isRotation(r?.unit ?? '', unit)).toBe(true);
    expect(r?.repeats).toBe(40);
  });

  it('does not fire on code whose lines look alike but differ', () => {
    expect(findTailRepetition(similarLines(60))).toBeUndefined();
  });

  it('does not fire on a table of numbers', () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `| ${String(i).padStart(3)} | ${String(i * i).padStart(5)} |`,
    );
    expect(findTailRepetition(rows.join('\n'))).toBeUndefined();
  });

  it('does not fire on short or empty text', () => {
    expect(findTailRepetition('')).toBeUndefined();
    expect(findTailRepetition('aa')).toBeUndefined();
    expect(findTailRepetition('ab'.repeat(100))).toBeUndefined();
  });

  it('does not fire on non-repeating text', () => {
    expect(findTailRepetition(noise(5000))).toBeUndefined();
  });

  it('follows a custom policy', () => {
    const policy = { maxUnit: 10, minSpan: 30, minRepeats: 3 };
    expect(findTailRepetition('x' + 'abcde'.repeat(6), policy)).toEqual({ unit: 'abcde', repeats: 6 });
    expect(findTailRepetition('x' + 'abcde'.repeat(5), policy)).toBeUndefined();
    expect(findTailRepetition('x' + 'abcdefghijk'.repeat(5), policy)).toBeUndefined();
  });
});

describe('RepetitionWatch', () => {
  const short = INTRO + 'ha '.repeat(300);
  const long = INTRO + ('I need to read calc.js first.\n' + 'read_file({"path": "calc.js"})\n\n').repeat(20);
  const clean = INTRO + similarLines(40);
  const rule = 'Results\n' + '='.repeat(310) + '\n';

  it('says nothing while the text is short', () => {
    const w = new RepetitionWatch();
    for (const chunk of ['ha', 'ha', 'ha', 'ha']) expect(w.push(chunk)).toBeUndefined();
  });

  for (const [label, text] of [
    ['a short unit', short],
    ['a long multi-line unit', long],
  ] as const) {
    it(`fires on ${label} for every chunk size 1..50, as the whole-text check does`, () => {
      const whole = findTailRepetition(text) as Repetition;
      expect(whole).toBeDefined();
      for (let size = 1; size <= 50; size++) {
        const found = watch(text, size);
        expect(found, `chunk size ${size}`).toBeDefined();
        if (!found) continue;
        // The verdict is the whole-text check of what had been seen.
        expect(found.verdict, `chunk size ${size}`).toEqual(findTailRepetition(found.seen));
        expect(isRotation(found.verdict.unit, whole.unit), `chunk size ${size}`).toBe(true);
      }
    });
  }

  it('fires soon after the tail becomes a repetition', () => {
    // The first prefix that the whole-text check flags.
    let first = 0;
    for (let n = 1; n <= long.length; n++) {
      if (findTailRepetition(long.slice(0, n))) {
        first = n;
        break;
      }
    }
    expect(first).toBeGreaterThan(0);
    for (let size = 1; size <= 50; size++) {
      const found = watch(long, size);
      expect(found, `chunk size ${size}`).toBeDefined();
      expect(found?.seen.length, `chunk size ${size}`).toBeLessThanOrEqual(first + 100);
    }
  });

  for (const [label, text] of [
    ['code with similar lines', clean],
    ["a line of '=' under 320 characters", rule],
    ['non-repeating text', noise(3000)],
  ] as const) {
    it(`never fires on ${label} for any chunk size 1..50, as the whole-text check does not`, () => {
      expect(findTailRepetition(text)).toBeUndefined();
      for (let size = 1; size <= 50; size++) expect(watch(text, size), `chunk size ${size}`).toBeUndefined();
    });
  }

  it('takes a 20,000-character non-repeating stream in 5-character chunks quickly', () => {
    const text = noise(20_000, 42);
    const w = new RepetitionWatch();
    let fired = false;
    const started = performance.now();
    for (let at = 0; at < text.length; at += 5) if (w.push(text.slice(at, at + 5))) fired = true;
    const elapsed = performance.now() - started;
    expect(fired).toBe(false);
    expect(elapsed).toBeLessThan(2000);
  });
});
