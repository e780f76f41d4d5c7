// Opens what the user named as the model: `script:FILE.json` for the scripted model, else a GGUF path.
// node-llama-cpp is imported only when a GGUF is asked for, so scripted runs start instantly.
import type { AgentModel } from './turn.js';
import type { SpeculationOptions } from './speculation.js';
import type { ContextBounds } from './fit.js';
import { loadScript, ScriptedModel } from './scripted-model.js';

export const SCRIPT_PREFIX = 'script:';

export interface OpenModelOptions {
  /** A size (the most to use), or bounds node-llama-cpp fits the context within. */
  contextSize?: number | Partial<ContextBounds>;
  onLoadProgress?: (progress: number) => void;
  signal?: AbortSignal;
  /** GGUF models only: temperature and seed (default greedy). */
  sampling?: { temperature?: number; seed?: number };
  /** GGUF models only: prompt lookup and a draft model (see speculation.ts). */
  speculation?: SpeculationOptions;
}

/** Throws ModelError with a code and a message a person can act on. */
export async function openModel(spec: string, options: OpenModelOptions = {}): Promise<AgentModel> {
  if (spec.startsWith(SCRIPT_PREFIX)) {
    const file = spec.slice(SCRIPT_PREFIX.length);
    const size = typeof options.contextSize === 'object' ? options.contextSize.max : options.contextSize;
    return new ScriptedModel(await loadScript(file), `script:${file}`, size);
  }
  const { loadLlamaModel } = await import('./llama-model.js');
  return loadLlamaModel({
    modelPath: spec,
    contextSize: options.contextSize,
    onLoadProgress: options.onLoadProgress,
    signal: options.signal,
    ...(options.sampling ? { sampling: options.sampling } : {}),
    ...(options.speculation ? { speculation: options.speculation } : {}),
  });
}
