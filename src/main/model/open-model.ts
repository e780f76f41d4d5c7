// Opens what the user named as the model: `script:FILE.json` for the scripted model,
// `openai:http://host:port/v1#model` for a model on an OpenAI-compatible engine, else a GGUF path.
// node-llama-cpp is imported only when a GGUF is asked for, so scripted and engine runs start instantly.
import type { AgentModel } from './turn.js';
import type { SpeculationOptions } from './speculation.js';
import type { ContextBounds } from './fit.js';
import { loadScript, ScriptedModel } from './scripted-model.js';
import type { ToolMode } from './engine/prompt.js';
import { apiKeyFromEnv, isEngineSpec } from './engine/spec.js';

export const SCRIPT_PREFIX = 'script:';
export { ENGINE_PREFIX } from './engine/spec.js';

export interface OpenModelOptions {
  /** A size (the most to use), or bounds node-llama-cpp fits the context within. */
  contextSize?: number | Partial<ContextBounds>;
  onLoadProgress?: (progress: number) => void;
  signal?: AbortSignal;
  /** GGUF models only: temperature and seed (default greedy). */
  sampling?: { temperature?: number; seed?: number };
  /** GGUF models only: prompt lookup and a draft model (see speculation.ts). */
  speculation?: SpeculationOptions;
  /** Engine models only: the key (default LOCAL_CODER_API_KEY, else OPENAI_API_KEY) and tool mode. */
  engine?: { apiKey?: string; toolMode?: ToolMode };
}

/** Throws ModelError with a code and a message a person can act on. */
export async function openModel(spec: string, options: OpenModelOptions = {}): Promise<AgentModel> {
  if (spec.startsWith(SCRIPT_PREFIX)) {
    const file = spec.slice(SCRIPT_PREFIX.length);
    const size = typeof options.contextSize === 'object' ? options.contextSize.max : options.contextSize;
    return new ScriptedModel(await loadScript(file), `script:${file}`, size);
  }
  if (isEngineSpec(spec)) {
    const { openEngineModel } = await import('./engine/engine-model.js');
    const timeout = Number(process.env.LOCAL_CODER_SERVER_TIMEOUT);
    return openEngineModel(spec, {
      // Only a size the person gave: bounds are for fitting a local model, not a server's window.
      ...(typeof options.contextSize === 'number' ? { contextSize: options.contextSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.sampling ? { sampling: options.sampling } : {}),
      apiKey: options.engine?.apiKey ?? apiKeyFromEnv(),
      ...(options.engine?.toolMode ? { toolMode: options.engine.toolMode } : {}),
      ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
    });
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
