// What a person (and the fit check) wants to know about a GGUF, read from its header alone: works the
// same for a local file and a remote one read by byte ranges.
import {
  GgufFileType,
  GgufInsights,
  resolveChatWrapper,
  type GgufFileInfo,
  type Llama,
} from 'node-llama-cpp';

export interface ModelSummary {
  /** `general.name`, else undefined. */
  name?: string;
  /** `general.architecture`, e.g. `llama`, `qwen2`, `gemma3`. */
  architecture: string;
  /** Total parameters counted from the tensor table. */
  parameters: number;
  /** e.g. `Q4_K_M`, `F16`; undefined when the file does not say. */
  quantization?: string;
  /** Tokens the model was trained with (its maximum useful context); undefined when unknown. */
  trainContextSize?: number;
  /** Name of the chat wrapper node-llama-cpp resolves for it (`ChatML`, `Llama 3.1`, `Gemma`, `Qwen`...). */
  chatTemplateFamily: string;
  /** True when the model's own chat format has native tool calls (template or wrapper); see `nativeToolCalls`. */
  supportsToolCalls: boolean;
  /** Layers llama.cpp can offload to a GPU. */
  layers: number;
  /** Bytes of weights. */
  weightsBytes: number;
  /** Whether this build of llama.cpp can run its architecture. */
  architectureSupported: boolean;
}

// Wrappers whose format has a native function-call syntax (node-llama-cpp renders calls in it).
const TOOL_WRAPPERS = new Set(['Qwen', 'Llama 3.1', 'Functionary', 'Mistral', 'DeepSeek', 'Harmony', 'Seed']);

export async function summarizeGguf(info: GgufFileInfo, llama?: Llama): Promise<ModelSummary> {
  const insights = await GgufInsights.from(info, llama);
  const general = info.metadata?.general;
  const fileType = general?.file_type;
  const template = readTemplate(info);
  let family = 'unknown';
  try {
    family = resolveChatWrapper({ fileInfo: info, warningLogs: false })?.wrapperName ?? 'unknown';
  } catch {
    // A template node-llama-cpp cannot parse still leaves the rest of the summary useful.
  }
  return {
    name: typeof general?.name === 'string' ? general.name : undefined,
    architecture: String(general?.architecture ?? 'unknown'),
    parameters: insights.totalParameters,
    quantization: fileType === undefined ? undefined : quantName(fileType),
    trainContextSize: insights.trainContextSize,
    chatTemplateFamily: family,
    supportsToolCalls: nativeToolCalls(family, template),
    layers: insights.totalLayers,
    weightsBytes: insights.modelSize,
    architectureSupported: insights.isSupportedByLlamaCpp,
  };
}

/** A wrapper with a native call format, or a Jinja template that renders a `tools` list. */
export function nativeToolCalls(family: string, template: string | undefined): boolean {
  if (TOOL_WRAPPERS.has(family)) return true;
  return template !== undefined && /\btools\b/.test(template);
}

function readTemplate(info: GgufFileInfo): string | undefined {
  const template = (info.metadata.tokenizer as { chat_template?: unknown } | undefined)?.chat_template;
  return typeof template === 'string' ? template : undefined;
}

function quantName(fileType: GgufFileType): string {
  const name = GgufFileType[fileType] as string | undefined;
  if (name === undefined) return `type ${fileType}`;
  return name.replace(/^MOSTLY_/, '').replace(/^ALL_/, '');
}

/** `1.5B`, `360M`. */
export function formatParameters(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(count >= 1e10 ? 0 : 1)}B`;
  if (count >= 1e6) return `${Math.round(count / 1e6)}M`;
  return `${Math.round(count / 1e3)}K`;
}

/** `4.7 GB`, `820 MB` (decimal units, as download sizes are shown). */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}
