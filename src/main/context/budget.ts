// Token budgets sized to the context window (2k to 32k). Every figure is in tokens of the loaded
// model's tokenizer.

export interface ContextBudget {
  /** The model's context window. */
  window: number;
  /** Kept free for the answer; also the per-turn generation cap. */
  reserve: number;
  /** Cap on one tool result as the model sees it (the full output is spilled to a file). */
  toolResult: number;
  /** Room for the repository map in the first message (0 in very small windows). */
  repoMap: number;
  /** The latest part of the conversation that compaction never touches. */
  protectedRecent: number;
  /** Compaction starts when the prompt would pass this... */
  compactAt: number;
  /** ...and aims to bring it down to this, so the cached prefix then lasts a while. */
  compactTo: number;
}

export const MIN_WINDOW = 2048;
export const MAX_WINDOW = 32768;

const clamp = (value: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(value)));

export function planBudget(contextSize: number): ContextBudget {
  const window = clamp(contextSize, MIN_WINDOW, MAX_WINDOW);
  const reserve = clamp(window * 0.2, 384, 4096);
  const usable = window - reserve;
  return {
    window,
    reserve,
    toolResult: clamp(window * 0.12, 200, 4000),
    repoMap: window < 4096 ? 0 : clamp(window * 0.08, 0, 2000),
    protectedRecent: clamp(window * 0.15, 300, 6000),
    compactAt: Math.floor(usable * 0.9),
    compactTo: Math.floor(usable * 0.55),
  };
}

/** A conservative stand-in when no tokenizer is loaded (scripted runs): about 3 characters a token. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** The model's own tokenizer where it has one, else the stand-in. */
export function tokenCounter(model: { countTokens?(text: string): number }): (text: string) => number {
  return model.countTokens ? (text) => model.countTokens!(text) : approxTokens;
}
