// The fit check with a draft model on the real test models: Gemma 3 270M as the model, SmolLM2-135M as
// its draft (their tokenizers differ, which the fit check does not look at: it only counts memory).
import { describe, expect, it } from 'vitest';
import { checkFit, type FitReport } from '../../src/main/model/fit.js';
import { summarizeGguf } from '../../src/main/model/gguf-summary.js';
import { getLlamaRuntime } from '../../src/main/model/llama-runtime.js';
import { checkModelFile } from '../../src/main/model/model-file.js';
import { testModelPath } from '../../scripts/test-models.js';

const bounds = { min: 1024, max: 4096 };
const total = (fit: FitReport) => fit.ramBytes + fit.vramBytes;

describe('checkFit with a real draft model', () => {
  it('counts the draft: at least its weights more, on a CPU-only machine', async () => {
    const model = testModelPath('gemma-3-270m');
    const draftPath = testModelPath('smollm2-135m-instruct');
    const hardware = { gpu: false } as const;
    const alone = await checkFit(model, { bounds, hardware });
    const paired = await checkFit(model, { bounds, hardware, draftSource: draftPath });
    if (!alone.ok) throw new Error(alone.message);
    if (!paired.ok) throw new Error(paired.message);

    const llama = await getLlamaRuntime();
    const draftWeights = (await summarizeGguf(await checkModelFile(draftPath, llama), llama)).weightsBytes;
    expect(draftWeights).toBeGreaterThan(50e6);
    expect(alone.fit.draft).toBeUndefined();
    expect(paired.fit.draft).toMatchObject({ gpuLayers: 0, totalLayers: 31, verdictAlone: 'cpu_only' });
    expect(paired.fit.draft?.name).toMatch(/smollm2/i);
    expect(total(paired.fit) - total(alone.fit)).toBeGreaterThanOrEqual(draftWeights);
    expect(paired.fit).toMatchObject({ verdict: 'cpu_only', contextSize: 4096 });
    expect(paired.fit.message).toContain('That includes the draft model');
  });

  it('does not fit with the draft where the model alone fits: run without the draft', async () => {
    const model = testModelPath('gemma-3-270m');
    const draftPath = testModelPath('smollm2-135m-instruct');
    const probe = await checkFit(model, { bounds, hardware: { gpu: false }, draftSource: draftPath });
    if (!probe.ok || !probe.fit.draft) throw new Error('no fit');
    const room = probe.fit.ramBytes - Math.floor(probe.fit.draft.ramBytes / 2);
    const hardware = { gpu: false, ram: { total: room, free: room }, swap: { total: 0, free: 0 } };

    const alone = await checkFit(model, { bounds, hardware });
    const paired = await checkFit(model, { bounds, hardware, draftSource: draftPath });
    if (!alone.ok) throw new Error(alone.message);
    if (!paired.ok) throw new Error(paired.message);
    expect(alone.fit.verdict).toBe('cpu_only');
    expect(paired.fit.verdict).toBe('does_not_fit');
    expect(paired.fit.draft?.verdictAlone).toBe('cpu_only');
    expect(paired.fit.message).toMatch(/^Without the draft model it runs on the CPU only/);
    expect(paired.fit.message).toMatch(/does not fit beside it .*: run the model without the draft/);
  });
});
