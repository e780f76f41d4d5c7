// What the fit check says with a draft model, for each case the pair can be in.
import { describe, expect, it } from 'vitest';
import { describeFit, type DraftFit, type FitReport } from '../../../src/main/model/fit.js';

const MB = 1e6;
const base: FitReport = {
  verdict: 'full_gpu',
  message: '',
  backend: 'cuda',
  gpuLayers: 29,
  totalLayers: 29,
  contextSize: 8192,
  vramBytes: 5000 * MB,
  ramBytes: 400 * MB,
  model: {} as FitReport['model'],
};
const draft: DraftFit = {
  name: 'Qwen2.5 Coder 0.5B Instruct',
  vramBytes: 700 * MB,
  ramBytes: 100 * MB,
  gpuLayers: 25,
  totalLayers: 25,
  verdictAlone: 'full_gpu',
};
const withDraft = (report: Partial<FitReport>, d: Partial<DraftFit> = {}): FitReport => ({
  ...base,
  ...report,
  draft: { ...draft, ...d },
});

describe('describeFit with a draft model', () => {
  it('keeps the message without a draft as it was', () => {
    expect(describeFit(base, 2048)).toMatch(/^Runs fully on the GPU \(CUDA\) with a 8192-token context/);
    expect(describeFit(base, 2048)).not.toMatch(/draft/);
  });

  it('counts the draft in the totals and says what it takes, and where', () => {
    const full = describeFit(withDraft({ vramBytes: 5700 * MB, ramBytes: 500 * MB }), 2048);
    expect(full).toMatch(/^Runs fully on the GPU \(CUDA\) .*using about 5\.\d GB of GPU memory/);
    expect(full).toMatch(
      /That includes the draft model \(Qwen2\.5 Coder 0\.5B Instruct\) for speculative decoding: about/,
    );
    expect(describeFit(withDraft({}, { gpuLayers: 0, vramBytes: 0 }), 2048)).toMatch(
      /speculative decoding, on the CPU: about 100 MB of RAM\.$/,
    );
    expect(describeFit(withDraft({}, { gpuLayers: 10 }), 2048)).toMatch(/decoding, partly on the GPU: /);
  });

  it('says the draft does not fit beside a model that fits alone, and to run without it', () => {
    const text = describeFit(withDraft({ verdict: 'does_not_fit' }), 2048);
    expect(text).toMatch(/^Without the draft model it runs fully on the GPU \(CUDA\)/);
    expect(text).toMatch(/The draft model \(Qwen2\.5 Coder 0\.5B Instruct\) does not fit beside it/);
    expect(text).toMatch(/run the model without the draft/);
    expect(text).not.toMatch(/^Runs/);
  });

  it('says the model alone does not fit (its own needs), and what the draft would add', () => {
    const text = describeFit(
      withDraft({ verdict: 'does_not_fit' }, { verdictAlone: 'does_not_fit', gpuLayers: 0 }),
      2048,
    );
    expect(text).toMatch(
      /^Does not fit on this machine: even a 2048-token context needs about 4\.3 GB of GPU memory and 300 MB of RAM\./,
    );
    expect(text).toMatch(
      /The draft model \(.*\) would need about 700 MB of GPU memory and 100 MB of RAM more\.$/,
    );
  });
});
