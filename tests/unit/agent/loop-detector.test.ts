import { describe, expect, it } from 'vitest';
import { LoopDetector, stableStringify } from '../../../src/main/agent/loop-detector.js';

function feed(detector: LoopDetector, calls: string[]) {
  return calls.map((c) => detector.observe(c, { path: c }).kind);
}

describe('LoopDetector', () => {
  it('lets different calls through', () => {
    expect(feed(new LoopDetector(), ['a', 'b', 'c', 'd', 'e'])).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('warns on an identical repeat and stops later', () => {
    expect(feed(new LoopDetector(), ['a', 'a', 'a', 'a'])).toEqual(['ok', 'warn', 'warn', 'stop']);
  });

  it('treats arguments in another key order as the same call', () => {
    const d = new LoopDetector();
    d.observe('read_file', { path: 'x', start_line: 1 });
    expect(d.observe('read_file', { start_line: 1, path: 'x' }).kind).toBe('warn');
  });

  it('resets the repeat count when another call comes between', () => {
    expect(feed(new LoopDetector(), ['a', 'a', 'b', 'a', 'a'])).toEqual(['ok', 'warn', 'ok', 'ok', 'warn']);
  });

  it('catches an A,B,A,B cycle: warns, then stops on the third round', () => {
    expect(feed(new LoopDetector(), ['a', 'b', 'a', 'b', 'a', 'b'])).toEqual([
      'ok',
      'ok',
      'ok',
      'warn',
      'warn',
      'stop',
    ]);
  });

  it('catches an A,B,C cycle', () => {
    const kinds = feed(new LoopDetector(), ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    expect(kinds.slice(0, 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(kinds[5]).toBe('warn');
    expect(kinds[8]).toBe('stop');
  });

  it('names the call in its message', () => {
    const d = new LoopDetector();
    d.observe('run_command', { command: 'ls' });
    const verdict = d.observe('run_command', { command: 'ls' });
    expect(verdict.kind === 'warn' && verdict.message).toContain('run_command');
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth and drops null/undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
});
