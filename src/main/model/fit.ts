// "Will it fit": reads a GGUF's header (local, or remote by byte ranges: no weights are fetched) and asks
// node-llama-cpp's configuration resolver how it would load on this machine within the user's context
// bounds. The verdict is shown before a download and explained when a load fails. With a draft model
// (speculative decoding) the verdict is for the pair: the draft's weights and a context the size of the
// model's must fit in what the model leaves free.
import { GgufInsights, readGgufFileInfo, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import { fail, type Result } from '../../shared/result.js';
import { classifyRemoteError, type RemoteErrorCode } from './download-errors.js';
import { fitDraft, gpuFlags, type DraftFit } from './fit-draft.js';
import { formatSize, summarizeGguf, type ModelSummary } from './gguf-summary.js';
import { getLlamaRuntime, type RuntimeBackend } from './llama-runtime.js';
import { checkModelFile } from './model-file.js';

export type { DraftFit } from './fit-draft.js';

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
  /** Present when a draft model was given; vramBytes and ramBytes above include what it adds. */
  draft?: DraftFit;
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

export interface ComputeFitOptions extends FitOptions {
  /** Header of a draft model for speculative decoding, counted with a context as large as the model's. */
  draft?: GgufFileInfo;
}

export interface CheckFitOptions extends FitOptions {
  /** The draft model: a local path, an `hf:` URI or an http(s) URL, read like the model's source. */
  draftSource?: string;
}

export type FitErrorCode = RemoteErrorCode | 'invalid_model_file' | 'model_not_found' | 'model_load_failed';

/** `source`: a local path, an `hf:` URI or an http(s) URL. */
export async function checkFit(
  source: string,
  options: CheckFitOptions = {},
): Promise<Result<{ fit: FitReport }, FitErrorCode>> {
  const llama = await getLlamaRuntime();
  const { draftSource, ...rest } = options;
  const read = await readGguf(source, llama, options);
  if (!read.ok) return read;
  let draft: GgufFileInfo | undefined;
  if (draftSource !== undefined) {
    const readDraft = await readGguf(draftSource, llama, options);
    if (!readDraft.ok) return fail(readDraft.code, `The draft model: ${readDraft.message}`);
    draft = readDraft.info;
  }
  return { ok: true, fit: await computeFit(read.info, llama, { ...rest, ...(draft && { draft }) }) };
}

async function readGguf(
  source: string,
  llama: Llama,
  options: FitOptions,
): Promise<Result<{ info: GgufFileInfo }, FitErrorCode>> {
  if (/^(hf:|https?:\/\/)/i.test(source)) return readRemoteGguf(source, options);
  try {
    return { ok: true, info: await checkModelFile(source, llama) };
  } catch (error) {
    const code = (error as { code?: FitErrorCode }).code ?? 'invalid_model_file';
    return fail(code, (error as Error).message);
  }
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
  options: ComputeFitOptions = {},
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
  if (options.draft) {
    const { draft, fits } = await fitDraft(options.draft, llama, options.hardware, report, canUseGpu);
    report.draft = draft;
    report.vramBytes += draft.vramBytes;
    report.ramBytes += draft.ramBytes;
    if (!fits) report.verdict = 'does_not_fit';
  }
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
    ...gpuFlags(llama, hw),
  };
}

export function describeFit(report: FitReport, minContext: number): string {
  const { draft } = report;
  if (!draft) return describeVerdict(report, minContext);
  const adds =
    draft.vramBytes > 0
      ? `about ${formatSize(draft.vramBytes)} of GPU memory and ${formatSize(draft.ramBytes)} of RAM`
      : `about ${formatSize(draft.ramBytes)} of RAM`;
  const alone: FitReport = {
    ...report,
    verdict: draft.verdictAlone,
    vramBytes: report.vramBytes - draft.vramBytes,
    ramBytes: report.ramBytes - draft.ramBytes,
  };
  if (draft.verdictAlone === 'does_not_fit')
    return `${describeVerdict(alone, minContext)} The draft model (${draft.name}) would need ${adds} more.`;
  if (report.verdict === 'does_not_fit') {
    const text = describeVerdict(alone, minContext);
    return (
      `Without the draft model it ${text.charAt(0).toLowerCase()}${text.slice(1)} ` +
      `The draft model (${draft.name}) does not fit beside it (it needs ${adds} more): run the model ` +
      'without the draft, or choose a smaller quant.'
    );
  }
  const where =
    draft.gpuLayers === 0
      ? report.gpuLayers > 0
        ? ', on the CPU'
        : ''
      : draft.gpuLayers < draft.totalLayers
        ? ', partly on the GPU'
        : '';
  return (
    `${describeVerdict(report, minContext)} That includes the draft model (${draft.name}) for ` +
    `speculative decoding${where}: ${adds}.`
  );
}

function describeVerdict(report: FitReport, minContext: number): string {
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
