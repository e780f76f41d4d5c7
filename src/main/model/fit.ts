// "Will it fit": reads a GGUF's header (local, or remote by byte ranges: no weights are fetched) and asks
// node-llama-cpp's configuration resolver how it would load on this machine within the user's context
// bounds. The verdict is shown before a download and explained when a load fails.
import { GgufInsights, readGgufFileInfo, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import { fail, type Result } from '../../shared/result.js';
import { classifyRemoteError, type RemoteErrorCode } from './download-errors.js';
import { formatSize, summarizeGguf, type ModelSummary } from './gguf-summary.js';
import { getLlamaRuntime, type RuntimeBackend } from './llama-runtime.js';
import { checkModelFile } from './model-file.js';

export type FitVerdict = 'full_gpu' | 'partial_gpu' | 'cpu_only' | 'does_not_fit';

/** Tokens. The loader picks the largest context in [min, max] that fits (max is capped by the model). */
export interface ContextBounds {
  min: number;
  max: number;
}

export const DEFAULT_CONTEXT_BOUNDS: ContextBounds = { min: 2048, max: 8192 };

export interface FitReport {
  verdict: FitVerdict;
  /** One or two sentences for a person: what happens and, when it does not fit, what to change. */
  message: string;
  backend: RuntimeBackend;
  gpuLayers: number;
  totalLayers: number;
  /** Context (tokens) it would get; for `does_not_fit`, the smallest one that was tried. */
  contextSize: number;
  /** Estimated bytes of GPU memory and of system memory it would use (model + context). */
  vramBytes: number;
  ramBytes: number;
  model: ModelSummary;
}

/** Pretend-hardware for tests and "what if" questions; unspecified parts are read from the machine. */
export interface HardwareOverrides {
  gpu?: boolean;
  vram?: { total: number; free: number; unifiedSize?: number };
  ram?: { total: number; free: number };
  swap?: { total: number; free: number };
}

export interface FitOptions {
  bounds?: Partial<ContextBounds>;
  hardware?: HardwareOverrides;
  /** Headers for remote reads (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Hugging Face token for gated repos. */
  hfToken?: string;
  signal?: AbortSignal;
  /** Retries of a failed remote read (default 2). */
  retries?: number;
}

export type FitErrorCode = RemoteErrorCode | 'invalid_model_file' | 'model_not_found' | 'model_load_failed';

/** `source`: a local path, an `hf:` URI or an http(s) URL. */
export async function checkFit(
  source: string,
  options: FitOptions = {},
): Promise<Result<{ fit: FitReport }, FitErrorCode>> {
  const llama = await getLlamaRuntime();
  const remote = /^(hf:|https?:\/\/)/i.test(source);
  let info: GgufFileInfo;
  if (remote) {
    const read = await readRemoteGguf(source, options);
    if (!read.ok) return read;
    info = read.info;
  } else {
    try {
      info = await checkModelFile(source, llama);
    } catch (error) {
      const code = (error as { code?: FitErrorCode }).code ?? 'invalid_model_file';
      return fail(code, (error as Error).message);
    }
  }
  return { ok: true, fit: await computeFit(info, llama, options) };
}

export async function readRemoteGguf(
  uri: string,
  options: Pick<FitOptions, 'headers' | 'hfToken' | 'signal' | 'retries'> = {},
): Promise<Result<{ info: GgufFileInfo }, RemoteErrorCode | 'invalid_model_file'>> {
  try {
    const info = await readGgufFileInfo(uri, {
      logWarnings: false,
      fetchHeaders: options.headers,
      tokens: options.hfToken ? { huggingFace: options.hfToken } : undefined,
      fetchRetryOptions: { retries: options.retries ?? 2, minTimeout: 200, maxTimeout: 2000 },
      signal: options.signal,
    });
    return { ok: true, info };
  } catch (error) {
    const classified = classifyRemoteError(error, uri);
    if (classified.code !== 'download_failed' || options.signal?.aborted) return classified;
    return fail(
      'invalid_model_file',
      `${uri} is not a readable GGUF model file: ${(error as Error).message}`,
    );
  }
}

export async function computeFit(
  info: GgufFileInfo,
  llama: Llama,
  options: FitOptions = {},
): Promise<FitReport> {
  const model = await summarizeGguf(info, llama);
  const resolver = (await GgufInsights.from(info, llama)).configurationResolver;
  const train = model.trainContextSize;
  const max = Math.max(1, Math.min(options.bounds?.max ?? DEFAULT_CONTEXT_BOUNDS.max, train ?? Infinity));
  const min = Math.max(1, Math.min(options.bounds?.min ?? DEFAULT_CONTEXT_BOUNDS.min, max));
  const hw = hardwareFor(llama, options.hardware);
  const canUseGpu = options.hardware?.gpu ?? (llama.gpu !== false && llama.supportsGpuOffloading);
  const backend: RuntimeBackend = canUseGpu && llama.gpu !== false ? llama.gpu : 'cpu';

  const auto = await resolver.resolveAndScoreConfig({}, hw);
  let target = min;
  if (auto.compatibilityScore > 0 && auto.resolvedValues.contextSize >= min)
    target = Math.min(auto.resolvedValues.contextSize, max);
  let scored = await resolver.resolveAndScoreConfig({ targetContextSize: target }, hw);
  if (scored.compatibilityScore === 0 && target !== min)
    scored = await resolver.resolveAndScoreConfig({ targetContextSize: min }, hw);

  const values = scored.resolvedValues;
  const fits = scored.compatibilityScore > 0;
  const verdict: FitVerdict = !fits
    ? 'does_not_fit'
    : !canUseGpu || values.gpuLayers === 0
      ? 'cpu_only'
      : values.gpuLayers >= model.layers
        ? 'full_gpu'
        : 'partial_gpu';
  const report: FitReport = {
    verdict,
    message: '',
    backend,
    gpuLayers: canUseGpu ? values.gpuLayers : 0,
    totalLayers: model.layers,
    contextSize: values.contextSize,
    vramBytes: values.totalVramUsage,
    ramBytes: values.totalRamUsage,
    model,
  };
  report.message = describeFit(report, min);
  return report;
}

function hardwareFor(llama: Llama, hw: HardwareOverrides | undefined) {
  if (!hw) return undefined;
  const { vram, ram, swap } = hw;
  return {
    ...(vram && { getVramState: async () => ({ unifiedSize: 0, ...vram }) }),
    ...(ram && { getRamState: async () => ram }),
    ...(swap && { getSwapState: async () => swap }),
    ...(hw.gpu === false && { llamaGpu: false as const, llamaSupportsGpuOffloading: false }),
    ...(hw.gpu === true &&
      llama.gpu === false && { llamaGpu: 'cuda' as const, llamaSupportsGpuOffloading: true }),
  };
}

export function describeFit(report: FitReport, minContext: number): string {
  const ctx = `${report.contextSize}-token context`;
  const memory = `about ${formatSize(report.vramBytes)} of GPU memory and ${formatSize(report.ramBytes)} of RAM`;
  const gpu = report.backend.toUpperCase();
  switch (report.verdict) {
    case 'full_gpu':
      return `Runs fully on the GPU (${gpu}) with a ${ctx}, using ${memory}.`;
    case 'partial_gpu':
      return (
        `Runs partly on the GPU (${gpu}): ${report.gpuLayers} of ${report.totalLayers} layers offloaded, ` +
        `the rest on the CPU (slower), with a ${ctx}, using ${memory}. A smaller quant would fit fully.`
      );
    case 'cpu_only':
      return (
        `Runs on the CPU only (slow) with a ${ctx}, using about ${formatSize(report.ramBytes)} of RAM.` +
        (report.backend === 'cpu' ? '' : ' It does not fit in GPU memory; a smaller quant might.')
      );
    case 'does_not_fit':
      return (
        `Does not fit on this machine: even a ${minContext}-token context needs ${memory}. ` +
        'Choose a smaller quant or a smaller model, or lower the minimum context size.'
      );
  }
}
