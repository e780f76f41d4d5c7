// writeFileAtomic under kill -9: a writer killed at random moments, many times, never leaves a damaged
// file. The count is printed; bench/crash-safety.ts runs more rounds and the naive baseline.
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashRounds, isIntact, prepareChild } from './crash-harness.js';

let child: { dir: string; script: string };
beforeAll(async () => {
  child = await prepareChild();
});
afterAll(async () => {
  await fs.rm(child.dir, { recursive: true, force: true });
});

describe('crash safety of writeFileAtomic', () => {
  it('the checker catches a truncated or mixed file (so a zero below means something)', () => {
    const body = Buffer.alloc(1000, 7);
    const hash = '7c2b8a0cc5b5b4bf1f8b37ee0fe0b36e8a1b3e8e86f4e41d3b47a78b5c3a1e4d';
    expect(isIntact(Buffer.concat([Buffer.from(`GEN 1 1000 ${hash}\n`), body.subarray(0, 500)]))).toBe(false);
    expect(isIntact(Buffer.alloc(0))).toBe(false);
  });

  it('kill -9 during repeated writes leaves no damaged file', async () => {
    const report = await crashRounds({
      script: child.script,
      rounds: 24,
      files: 2,
      mode: 'atomic',
      maxDelayMs: 30,
      parallel: 3,
    });
    console.log(
      `crash-safety: ${report.rounds} kills, ${report.files} files checked, damaged files: ${report.damaged}, leftover temp files: ${report.leftoverTemps}`,
    );
    expect(report.rounds).toBe(24);
    expect(report.files).toBe(48);
    expect(report.damaged).toBe(0);
  });
});
