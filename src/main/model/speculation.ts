// Speculative decoding on the local model: node-llama-cpp's token predictors, guessing the next tokens so
// that one evaluation checks several. Prompt lookup (InputLookupTokenPredictor) guesses from the prompt:
// an edit's old_text, the context lines of a patch, a function being rewritten. A draft model
// (DraftSequenceTokenPredictor) guesses with a smaller model of the same tokenizer.
//
// Measured on this project's 2-core CPU (bench/speculation.ts): lookup slowed every turn kind (an
// evaluation of several tokens costs nearly several evaluations there), so `auto` keeps it off on the
// CPU. On a GPU a batch costs about what one token does, which is what lookup decoding relies on; `auto`
// turns it on there, and a turn stops guessing for a while when its guesses keep failing.
import {
  DraftSequenceTokenPredictor,
  InputLookupTokenPredictor,
  TokenPredictor,
  type LlamaContextSequence,
  type LlamaModel,
  type SequenceEvaluateOptions,
  type Token,
} from 'node-llama-cpp';
import { LOOKUP_MODES, type LookupMode } from '../../shared/agent-events.js';
import type { RuntimeBackend } from './llama-runtime.js';

export { LOOKUP_MODES, type LookupMode };

export interface SpeculationOptions {
  /** Prompt-lookup speculation: `auto` (default) uses it where it was measured to help (a GPU). */
  lookup?: LookupMode;
  /** A smaller GGUF with the same tokenizer that drafts tokens for the model; replaces lookup. */
  draftModelPath?: string;
}

/** Whether prompt lookup runs on `backend` in `mode`. */
export function lookupEnabled(mode: LookupMode, backend: RuntimeBackend): boolean {
  if (mode === 'auto') return backend !== 'cpu';
  return mode === 'on';
}

/** Lookup's guesses: patterns of 2+ tokens (1-token patterns mostly guessed wrong), up to 4 tokens. */
export function createLookupPredictor(): InputLookupTokenPredictor {
  return new InputLookupTokenPredictor({ patternLength: { min: 2 }, predictionLength: { max: 4 } });
}

/** Draft: wait for at least one drafted token (with none, a busy CPU never used the draft's tokens). */
export function createDraftPredictor(draftSequence: LlamaContextSequence): DraftSequenceTokenPredictor {
  return new DraftSequenceTokenPredictor(draftSequence, { minTokens: 1, maxTokens: 16 });
}

export interface BackoffPolicy {
  /** Guesses looked at before judging (validated + refuted). */
  window: number;
  /** Below this share of validated guesses in the window, stop guessing... */
  minAcceptance: number;
  /** ...for this many generated tokens. */
  pauseTokens: number;
}

/** For lookup: a turn whose guesses mostly fail stops paying for them. */
export const LOOKUP_BACKOFF: BackoffPolicy = { window: 12, minAcceptance: 0.3, pauseTokens: 32 };

/**
 * Wraps a predictor: guesses only while `active` (set per turn), and, with a backoff policy, pauses
 * after a run of refuted guesses. Judged from the target sequence's own counters (validated, refuted).
 */
export class GatedPredictor extends TokenPredictor {
  active = true;
  private target: LlamaContextSequence | undefined;
  private seen = { validated: 0, refuted: 0 };
  private paused = 0;

  constructor(
    readonly inner: TokenPredictor,
    private readonly backoff?: BackoffPolicy,
  ) {
    super();
  }

  reset(params: {
    targetSequence: LlamaContextSequence;
    stateTokens: Token[];
    evaluateOptions: Readonly<SequenceEvaluateOptions>;
  }): Promise<void> | void {
    this.target = params.targetSequence;
    this.seen = { ...params.targetSequence.tokenPredictions };
    this.paused = 0;
    return this.inner.reset(params);
  }

  pushTokens(tokens: Token[]): void {
    if (this.paused > 0) this.paused = Math.max(0, this.paused - tokens.length);
    this.inner.pushTokens(tokens);
  }

  predictTokens(): Promise<Token[]> | Token[] {
    if (!this.active || this.paused > 0 || this.judge()) return [];
    return this.inner.predictTokens();
  }

  override stop(untilPredictionsExhausted?: boolean): Promise<void> | void {
    return this.inner.stop(untilPredictionsExhausted);
  }

  override updateInputTokens(tokens: Token[]): void {
    this.inner.updateInputTokens(tokens);
  }

  override dispose(): Promise<void> | void {
    return this.inner.dispose();
  }

  /** True when the guesses since the last judgement failed too often: a pause starts. */
  private judge(): boolean {
    if (!this.backoff || !this.target) return false;
    const now = this.target.tokenPredictions;
    const validated = now.validated - this.seen.validated;
    const refuted = now.refuted - this.seen.refuted;
    if (validated + refuted < this.backoff.window) return false;
    this.seen = { validated: now.validated, refuted: now.refuted };
    if (validated / (validated + refuted) >= this.backoff.minAcceptance) return false;
    this.paused = this.backoff.pauseTokens;
    return true;
  }
}

/** Text whose tokens two models must agree on to share guesses: code, prose, unicode, whitespace. */
const TOKENIZER_PROBE =
  'export function add(a: number, b = 2) {\n\treturn a + b; // sum\n}\n<|im_start|> Ünïcödé 漢字 🙂  \n\n';

/**
 * Null when `draft` can draft for `target` (same tokens for the same text and the same special tokens),
 * else why not, for a person.
 */
export function draftMismatch(target: LlamaModel, draft: LlamaModel): string | null {
  const vocab = (m: LlamaModel) => m.fileInfo.metadata.tokenizer?.ggml?.tokens?.length;
  if (vocab(target) !== vocab(draft))
    return `its vocabulary has ${vocab(draft) ?? 'an unknown number of'} tokens, the model's ${vocab(target) ?? 'unknown'}`;
  const a = target.tokenize(TOKENIZER_PROBE, true);
  const b = draft.tokenize(TOKENIZER_PROBE, true);
  if (a.length !== b.length || a.some((t, i) => t !== b[i])) return 'it splits text into different tokens';
  const specials = (m: LlamaModel) => [m.tokens.bos, m.tokens.eos, m.tokens.eot].join(',');
  if (specials(target) !== specials(draft)) return 'its start and end tokens differ';
  return null;
}

/** Per-turn figures from the sequence's counters. */
export interface PredictionCounts {
  validated: number;
  refuted: number;
}

export function countsSince(before: PredictionCounts, sequence: LlamaContextSequence): PredictionCounts {
  const now = sequence.tokenPredictions;
  return { validated: now.validated - before.validated, refuted: now.refuted - before.refuted };
}

/** What the runner's flags and the saved settings say, flags first. */
export function resolveSpeculation(
  flags: { lookup?: string; draftModel?: string; noDraft?: boolean },
  saved: { lookup: LookupMode; draftModel: string | null },
): { ok: true; speculation: SpeculationOptions } | { ok: false; message: string } {
  const lookup = flags.lookup ?? saved.lookup;
  if (!(LOOKUP_MODES as readonly string[]).includes(lookup))
    return { ok: false, message: `--lookup must be one of ${LOOKUP_MODES.join(', ')}, got "${lookup}".` };
  if (flags.noDraft && flags.draftModel !== undefined)
    return { ok: false, message: '--no-draft cannot go with --draft-model.' };
  const draft = flags.noDraft ? null : (flags.draftModel ?? saved.draftModel);
  return {
    ok: true,
    speculation: { lookup: lookup as LookupMode, ...(draft ? { draftModelPath: draft } : {}) },
  };
}
