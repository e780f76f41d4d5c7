import { describe, expect, it } from 'vitest';
import { cpuThreads } from '../../../src/main/model/llama-runtime.js';

describe('cpuThreads', () => {
  it('never gives llama.cpp more CPU threads than there are cores (node-llama-cpp asks for at least 4)', () => {
    expect(cpuThreads(true, 4, 2)).toBe(2);
    expect(cpuThreads(true, 4, 1)).toBe(1);
    expect(cpuThreads(true, 8, 16)).toBe(8);
    expect(cpuThreads(true, 4, 0)).toBe(1);
  });

  it('leaves a GPU runtime as node-llama-cpp set it (0: no limit)', () => {
    expect(cpuThreads(false, 0, 2)).toBe(0);
    expect(cpuThreads(false, 6, 2)).toBe(6);
    expect(cpuThreads(true, 0, 2)).toBe(0);
  });
});
