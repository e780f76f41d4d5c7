// Which catalog model the welcome screen offers: by this machine's verdicts, and why none when none.
import { describe, expect, it } from 'vitest';
import type { CatalogView } from '../../../src/shared/ipc';
import { recommendModel } from '../../../src/renderer/src/lib/recommend-model';

const GB = 1024 ** 3;
const entry = (
  id: string,
  gb: number,
  verdict: NonNullable<CatalogView['fit']>['verdict'] | null,
): CatalogView => ({
  id,
  name: id,
  family: 'qwen',
  parameters: '1B',
  quantization: 'Q4_K_M',
  sizeBytes: gb * GB,
  description: '',
  fit: verdict ? { verdict, message: verdict } : null,
  ...(verdict ? {} : { fitMessage: 'Could not tell whether it fits: no network connection' }),
  installed: false,
});

describe('recommendModel', () => {
  it('takes the largest that runs wholly on the GPU', () => {
    const r = recommendModel([
      entry('s', 0.5, 'full_gpu'),
      entry('m', 4, 'full_gpu'),
      entry('l', 9, 'partial_gpu'),
    ]);
    expect(r.entry?.id).toBe('m');
    expect(r.reason).toMatch(/GPU/);
  });

  it('on the CPU, the largest at a usable size; else the smallest that fits', () => {
    expect(
      recommendModel([entry('s', 0.3, 'cpu_only'), entry('m', 1.9, 'cpu_only'), entry('l', 5, 'cpu_only')])
        .entry?.id,
    ).toBe('m');
    expect(recommendModel([entry('l', 5, 'cpu_only'), entry('xl', 9, 'partial_gpu')]).entry?.id).toBe('l');
    expect(recommendModel([entry('big', 40, 'does_not_fit')])).toEqual({
      entry: null,
      reason: 'No catalog model fits this machine’s memory.',
    });
  });

  it('says why there is none while no verdict is known', () => {
    expect(recommendModel([entry('a', 1, null)]).reason).toMatch(/no network connection/);
    expect(recommendModel([]).reason).toMatch(/still loading/);
  });
});
