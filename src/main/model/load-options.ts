// How a model load's context size request becomes node-llama-cpp's option, and what a person is told
// when memory runs out.
import type { LlamaContextOptions } from 'node-llama-cpp';
import { DEFAULT_CONTEXT_BOUNDS, type ContextBounds } from './fit.js';

/** LoadLlamaModelOptions.contextSize: a size, bounds, or `auto`. */
export type ContextSizeRequest = number | 'auto' | Partial<ContextBounds> | undefined;

/** What to change, by where memory ran out. Contract: never a stack trace, always an action. */
export function insufficientMemoryMessage(
  name: string,
  stage: 'model' | 'context',
  bounds: ContextBounds,
): string {
  if (stage === 'model') {
    return (
      `Not enough memory to load ${name}. Choose a smaller quant of it (e.g. Q4_K_M instead of Q8_0) or a ` +
      'smaller model, or close other programs using the GPU or RAM.'
    );
  }
  return (
    `${name} loaded, but no context of at least ${bounds.min} tokens fits in the memory left. Lower the ` +
    'minimum context size, or choose a smaller quant or model.'
  );
}

export function isOutOfMemory(error: unknown): boolean {
  return (
    error instanceof Error && /out of memory|failed to allocate|insufficient memory/i.test(error.message)
  );
}

export function contextBounds(requested: ContextSizeRequest): ContextBounds {
  if (typeof requested === 'object') {
    const max = Math.max(1, Math.floor(requested.max ?? DEFAULT_CONTEXT_BOUNDS.max));
    return { min: Math.max(1, Math.min(Math.floor(requested.min ?? DEFAULT_CONTEXT_BOUNDS.min), max)), max };
  }
  const max = typeof requested === 'number' ? Math.max(1, Math.floor(requested)) : DEFAULT_CONTEXT_BOUNDS.max;
  return { min: Math.min(DEFAULT_CONTEXT_BOUNDS.min, max), max };
}

export function contextSizeOption(
  requested: ContextSizeRequest,
  bounds: ContextBounds,
  train: number,
): LlamaContextOptions['contextSize'] {
  if (requested === 'auto') return 'auto';
  const max = train > 0 ? Math.min(bounds.max, train) : bounds.max;
  return { min: Math.min(bounds.min, max), max };
}
