import { describe, expect, it } from 'vitest';
import { omissionMarker, shapeOutput, truncateLine } from '../../../src/main/context/shape-output.js';

const MARKER_RE = /^\[\.\.\. (\d+) lines? \((\d+) chars\) omitted \.\.\.\]$/;

function lines(n: number, make: (i: number) => string = (i) => `line ${i}`): string {
  return Array.from({ length: n }, (_, i) => make(i)).join('\n');
}

/** Deterministic PRNG so a failing case can be reproduced from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomText(rand: () => number): string {
  const alphabet = ['a', 'b', ' ', 'é', '€', '😀', '\n', '\n', 'x'];
  const n = Math.floor(rand() * 3000);
  const lineLen = 1 + Math.floor(rand() * (rand() < 0.2 ? 2000 : 60));
  let out = '';
  for (let i = 0; i < n; i++) {
    out += rand() < 1 / lineLen ? '\n' : (alphabet[Math.floor(rand() * alphabet.length)] ?? 'a');
  }
  return out;
}

function markerLine(text: string): string {
  const found = text.split('\n').find((l) => MARKER_RE.test(l));
  if (found === undefined) throw new Error('no marker in shaped text');
  return found;
}

describe('shapeOutput', () => {
  it('returns text that fits unchanged', () => {
    const text = lines(10);
    expect(shapeOutput(text, text.length)).toEqual({
      text,
      truncated: false,
      omittedLines: 0,
      omittedChars: 0,
    });
    expect(shapeOutput('', 0).truncated).toBe(false);
  });

  it('keeps whole head and tail lines around one marker with exact counts', () => {
    const text = lines(1000);
    const r = shapeOutput(text, 500);
    expect(r.truncated).toBe(true);
    const out = r.text.split('\n');
    const at = out.findIndex((l) => MARKER_RE.test(l));
    expect(out.filter((l) => MARKER_RE.test(l))).toHaveLength(1);
    expect(out[0]).toBe('line 0');
    expect(out.at(-1)).toBe('line 999');
    const all = text.split('\n');
    // Every kept line is a whole input line, in order: the head is a prefix, the tail a suffix.
    expect(out.slice(0, at)).toEqual(all.slice(0, at));
    const tail = out.slice(at + 1);
    expect(tail).toEqual(all.slice(all.length - tail.length));
    expect(r.omittedLines).toBe(all.length - at - tail.length);
    expect(r.text).toContain(omissionMarker(r.omittedLines, r.omittedChars));
    // Head (with its last newline) + omitted + tail is the whole input.
    expect(out.slice(0, at).join('\n').length + 1 + r.omittedChars + tail.join('\n').length).toBe(
      text.length,
    );
  });

  it('gives the head about 40% of the budget and the tail the rest', () => {
    const r = shapeOutput(lines(10_000), 1000);
    const [head = '', tail = ''] = r.text.split(markerLine(r.text));
    expect(head.length).toBeGreaterThan(300);
    expect(head.length).toBeLessThanOrEqual(400);
    expect(tail.length).toBeGreaterThan(550);
    expect(tail.length).toBeLessThanOrEqual(620);
  });

  it('honours headRatio', () => {
    const r = shapeOutput(lines(10_000), 1000, { headRatio: 0 });
    expect(r.text.startsWith('[... ')).toBe(true);
    expect(r.text.endsWith('line 9999')).toBe(true);
  });

  it('cuts a single line only when it is longer than the budget', () => {
    const text = 'x'.repeat(100_000);
    const r = shapeOutput(text, 1000);
    expect(r.truncated).toBe(true);
    expect(r.omittedLines).toBe(1);
    const [head = '', tail = ''] = r.text.split('\n' + markerLine(r.text) + '\n');
    expect(head.length).toBeGreaterThan(300);
    expect(tail.length).toBeGreaterThan(500);
    expect(head.length + tail.length + r.omittedChars).toBe(text.length);
  });

  it('keeps the end of a huge last line (where errors usually are)', () => {
    const text = 'start\n' + 'a'.repeat(50_000) + 'ERROR: boom';
    const r = shapeOutput(text, 200);
    expect(r.text.startsWith('start\n')).toBe(true);
    expect(r.text.endsWith('ERROR: boom')).toBe(true);
  });

  it('does not split surrogate pairs', () => {
    const text = '😀'.repeat(5000);
    for (const max of [99, 100, 101, 333]) {
      const r = shapeOutput(text, max);
      expect(r.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      expect(r.text).not.toMatch(/(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('stays within maxChars + marker length and accounts for every char (random inputs)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rand = rng(seed);
      const text = randomText(rand);
      const max = Math.floor(rand() * 1200);
      const r = shapeOutput(text, max, { headRatio: rand() < 0.5 ? undefined : rand() });
      if (!r.truncated) {
        expect(r.text, `seed ${seed}`).toBe(text);
        continue;
      }
      const marker = markerLine(r.text);
      expect(r.text.length, `seed ${seed}`).toBeLessThanOrEqual(max + marker.length);
      const [head = '', tail = ''] = r.text.split(marker);
      const keptHead = head.endsWith('\n') && !text.startsWith(head) ? head.slice(0, -1) : head;
      const keptTail = tail.startsWith('\n') ? tail.slice(1) : tail;
      expect(text.startsWith(keptHead), `seed ${seed}`).toBe(true);
      expect(text.endsWith(keptTail), `seed ${seed}`).toBe(true);
      expect(keptHead.length + r.omittedChars + keptTail.length, `seed ${seed}`).toBe(text.length);
      expect(marker).toBe(omissionMarker(r.omittedLines, r.omittedChars));
    }
  });

  it('never cuts mid-line when every line fits the head and tail shares', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const text = lines(50 + Math.floor(rand() * 500), (i) => `${i}:${'z'.repeat(Math.floor(rand() * 30))}`);
      const r = shapeOutput(text, 400);
      const inputLines = new Set(text.split('\n'));
      for (const l of r.text.split('\n')) {
        if (!MARKER_RE.test(l)) expect(inputLines.has(l), `seed ${seed}: ${l}`).toBe(true);
      }
    }
  });
});

describe('truncateLine', () => {
  it('leaves short lines alone', () => {
    expect(truncateLine('abc', 3)).toBe('abc');
  });

  it('cuts long lines to maxChars with a count of what was cut', () => {
    const line = 'x'.repeat(1000);
    const out = truncateLine(line, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    const m = /… \[\+(\d+) chars\]$/.exec(out);
    expect(m).not.toBeNull();
    expect(out.length - (m?.[0].length ?? 0) + Number(m?.[1])).toBe(1000);
  });

  it('does not split a surrogate pair', () => {
    const out = truncateLine('😀'.repeat(100), 31);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
