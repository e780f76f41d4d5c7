import { describe, expect, it } from 'vitest';
import { checksToText, parseChecks } from '../../../src/renderer/src/lib/checks-text';
import { formatBytes, formatDuration, percentOf, summarizeArgs } from '../../../src/renderer/src/lib/format';

describe('checks text', () => {
  it('round-trips name=command lines, skipping blanks and comments', () => {
    const checks = { test: 'npm test', lint: 'eslint . --max-warnings=0' };
    expect(parseChecks(`${checksToText(checks)}\n\n# note\n`)).toEqual({ ok: true, checks });
  });

  it('names the line that is wrong', () => {
    expect(parseChecks('test=npm test\nnonsense')).toMatchObject({ ok: false, line: 2 });
    expect(parseChecks('=x')).toMatchObject({ ok: false, line: 1 });
    expect(parseChecks('a=1\na=2')).toMatchObject({ ok: false, line: 2 });
  });
});

describe('format', () => {
  it('writes sizes, durations and percentages for people', () => {
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(5, 0)).toBe(0);
  });

  it('summarises tool arguments on one line', () => {
    expect(summarizeArgs({ path: 'src/a.ts', search: 'foo\n  bar' })).toBe(
      'path: src/a.ts · search: foo bar',
    );
    expect(summarizeArgs({ text: 'x'.repeat(200) }).length).toBeLessThanOrEqual(80);
    expect(summarizeArgs(undefined)).toBe('');
  });
});
