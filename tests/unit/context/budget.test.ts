import { describe, expect, it } from 'vitest';
import { approxTokens, MAX_WINDOW, MIN_WINDOW, planBudget } from '../../../src/main/context/budget.js';

describe('planBudget', () => {
  const windows = [2048, 3000, 4096, 6144, 8192, 12_000, 16_384, 24_576, 32_768];

  it('leaves room for the answer and compacts before the window is full, at every size', () => {
    for (const w of windows) {
      const b = planBudget(w);
      expect(b.window).toBe(w);
      expect(b.compactAt + b.reserve, `window ${w}`).toBeLessThan(w);
      expect(b.compactTo).toBeLessThan(b.compactAt);
      expect(b.toolResult).toBeLessThan(b.compactTo);
      expect(b.repoMap + b.toolResult + b.protectedRecent).toBeLessThan(b.compactAt);
    }
  });

  it('grows with the window', () => {
    const budgets = windows.map(planBudget);
    for (let i = 1; i < budgets.length; i++) {
      const [a, b] = [budgets[i - 1]!, budgets[i]!];
      expect(b.reserve).toBeGreaterThanOrEqual(a.reserve);
      expect(b.toolResult).toBeGreaterThanOrEqual(a.toolResult);
      expect(b.compactAt).toBeGreaterThan(a.compactAt);
    }
  });

  it('clamps windows outside 2k-32k and gives small windows no repository map', () => {
    expect(planBudget(512).window).toBe(MIN_WINDOW);
    expect(planBudget(1_000_000).window).toBe(MAX_WINDOW);
    expect(planBudget(2048).repoMap).toBe(0);
    expect(planBudget(8192).repoMap).toBeGreaterThan(0);
  });
});

describe('approxTokens', () => {
  it('errs high: three characters a token', () => {
    expect(approxTokens('')).toBe(0);
    expect(approxTokens('abcd')).toBe(2);
  });
});
