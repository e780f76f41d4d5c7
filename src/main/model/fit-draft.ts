// The draft model of speculative decoding in the fit check: node-llama-cpp's resolver places the draft,
// with a context as large as the model's, in the memory the model leaves free.
import { GgufInsights, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import type { FitReport, FitVerdict, HardwareOverrides } from './fit.js';

export interface DraftFit {
  /** `general.name` of the draft's GGUF, else its architecture. */
  name: string;
  /** Estimated bytes the draft adds: its weights and a context as large as the model's. */
  vramBytes: number;
  ramBytes: number;
  /** Layers of the draft offloaded to the GPU (it gets what the model leaves free). */
  gpuLayers: number;
  totalLayers: number;
  /**
   * The verdict for the model alone. The report's verdict is for the pair: `does_not_fit` when the draft
   * does not fit beside a model that fits alone.
   */
  verdictAlone: FitVerdict;
}

/** The draft, resolved in the memory the model leaves free, at the model's context size. */
export async function fitDraft(
  info: GgufFileInfo,
  llama: Llama,
  hardware: HardwareOverrides | undefined,
  target: Pick<FitReport, 'verdict' | 'contextSize' | 'vramBytes' | 'ramBytes'>,
  canUseGpu: boolean,
): Promise<{ draft: DraftFit; fits: boolean }> {
  const insights = await GgufInsights.from(info, llama);
  const general = info.metadata?.general;
  const left = leftAfter(await memoryState(llama, hardware), target.vramBytes, target.ramBytes);
  const scored = await insights.configurationResolver.resolveAndScoreConfig(
    { targetContextSize: target.contextSize },
    {
      getVramState: async () => left.vram,
      getRamState: async () => left.ram,
      getSwapState: async () => left.swap,
      ...gpuFlags(llama, hardware),
    },
  );
  const values = scored.resolvedValues;
  const draft: DraftFit = {
    name: typeof general?.name === 'string' ? general.name : String(general?.architecture ?? 'unknown'),
    vramBytes: values.totalVramUsage,
    ramBytes: values.totalRamUsage,
    gpuLayers: canUseGpu ? values.gpuLayers : 0,
    totalLayers: insights.totalLayers,
    verdictAlone: target.verdict,
  };
  return { draft, fits: target.verdict !== 'does_not_fit' && scored.compatibilityScore > 0 };
}

interface MemoryState {
  vram: { total: number; free: number; unifiedSize: number };
  ram: { total: number; free: number };
  swap: { total: number; free: number };
}

/**
 * This machine's memory as node-llama-cpp's resolver sees it (its own memory orchestrators are internal:
 * free VRAM less the padding, RAM less wired memory and the padding), overridden where `hw` says.
 */
async function memoryState(llama: Llama, hw: HardwareOverrides | undefined): Promise<MemoryState> {
  let vram: MemoryState['vram'];
  if (hw?.vram) vram = { unifiedSize: 0, ...hw.vram };
  else {
    const state = await llama.getVramState();
    const free = Math.max(0, state.free - llama.vramPaddingSize);
    vram = { total: state.total, free, unifiedSize: state.unifiedSize };
  }
  let ram: MemoryState['ram'];
  if (hw?.ram) ram = hw.ram;
  else {
    const state = await llama.getRamState();
    ram = { total: state.total, free: Math.max(0, state.total - state.wired - llama.ramPaddingSize) };
  }
  let swap: MemoryState['swap'];
  if (hw?.swap) swap = hw.swap;
  else {
    const state = await llama.getSwapState();
    swap = { total: state.maxSize, free: Math.max(0, state.maxSize - state.used) };
  }
  return { vram, ram, swap };
}

/**
 * What is left once the model's estimated use is taken, as the whole of each memory (so the resolver's
 * checks against totals are checks against what is left). On unified memory GPU use also takes RAM;
 * RAM use beyond the free RAM takes swap.
 */
function leftAfter(state: MemoryState, vramUsed: number, ramUsed: number): MemoryState {
  const vramFree = Math.max(0, state.vram.free - vramUsed);
  const onlyVram = Math.max(0, state.vram.total - state.vram.unifiedSize);
  const unifiedUsed = Math.min(state.vram.unifiedSize, Math.max(0, vramUsed - onlyVram));
  const ramNeeded = ramUsed + unifiedUsed;
  const ramFree = Math.max(0, state.ram.free - ramNeeded);
  const swapFree = Math.max(0, state.swap.free - Math.max(0, ramNeeded - state.ram.free));
  return {
    vram: { total: vramFree, free: vramFree, unifiedSize: Math.min(state.vram.unifiedSize, vramFree) },
    ram: { total: ramFree, free: ramFree },
    swap: { total: swapFree, free: swapFree },
  };
}

export function gpuFlags(llama: Llama, hw: HardwareOverrides | undefined) {
  return {
    ...(hw?.gpu === false && { llamaGpu: false as const, llamaSupportsGpuOffloading: false }),
    ...(hw?.gpu === true &&
      llama.gpu === false && { llamaGpu: 'cuda' as const, llamaSupportsGpuOffloading: true }),
  };
}
