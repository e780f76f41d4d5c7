// Speculation's decisions without a model: where lookup runs, how flags and settings combine, the
// label the window and runner show, and the gate that stops guessing after a run of rejected guesses.
import { describe, expect, it } from 'vitest';
import { TokenPredictor, type LlamaContextSequence, type Token } from 'node-llama-cpp';
import { speculationLabel } from '../../../src/shared/agent-events.js';
import {
  GatedPredictor,
  lookupEnabled,
  resolveSpeculation,
  type BackoffPolicy,
} from '../../../src/main/model/speculation.js';

describe('lookupEnabled', () => {
  it('auto is off on the CPU (measured slower there) and on with a GPU backend', () => {
    expect(lookupEnabled('auto', 'cpu')).toBe(false);
    for (const gpu of ['cuda', 'metal', 'vulkan'] as const) expect(lookupEnabled('auto', gpu)).toBe(true);
  });
  it('on and off are what they say, on any backend', () => {
    expect(lookupEnabled('on', 'cpu')).toBe(true);
    expect(lookupEnabled('off', 'cuda')).toBe(false);
  });
});

describe('resolveSpeculation', () => {
  const saved = { lookup: 'off' as const, draftModel: '/models/draft.gguf' };
  it('takes the saved settings where no flag is given', () => {
    expect(resolveSpeculation({}, saved)).toEqual({
      ok: true,
      speculation: { lookup: 'off', draftModelPath: '/models/draft.gguf' },
    });
  });
  it('flags win over the settings; --no-draft drops a saved draft', () => {
    expect(resolveSpeculation({ lookup: 'on', noDraft: true }, saved)).toEqual({
      ok: true,
      speculation: { lookup: 'on' },
    });
    expect(resolveSpeculation({ draftModel: '/x/other.gguf' }, saved)).toEqual({
      ok: true,
      speculation: { lookup: 'off', draftModelPath: '/x/other.gguf' },
    });
  });
  it('refuses an unknown lookup mode and a contradiction, with the accepted values', () => {
    expect(resolveSpeculation({ lookup: 'fast' }, saved)).toEqual({
      ok: false,
      message: '--lookup must be one of auto, on, off, got "fast".',
    });
    expect(resolveSpeculation({ draftModel: '/x.gguf', noDraft: true }, saved)).toMatchObject({ ok: false });
  });
});

describe('speculationLabel', () => {
  it('says the kind, the share confirmed and how many guesses', () => {
    expect(speculationLabel({ kind: 'lookup', validated: 31, refuted: 9 })).toBe('lookup 78% of 40 guesses');
    expect(speculationLabel({ kind: 'draft', validated: 1, refuted: 0 })).toBe('draft 100% of 1 guess');
  });
});

/** Guesses [7, 8] every time, and records what it was told. */
class FixedPredictor extends TokenPredictor {
  pushed: Token[] = [];
  resets = 0;
  reset(): void {
    this.resets++;
  }
  pushTokens(tokens: Token[]): void {
    this.pushed.push(...tokens);
  }
  predictTokens(): Token[] {
    return [7, 8] as Token[];
  }
}

/** A stand-in for the target sequence: only its prediction counters are read. */
function fakeSequence() {
  const counters = { used: 0, unused: 0, validated: 0, refuted: 0 };
  const sequence = { tokenPredictions: counters } as unknown as LlamaContextSequence;
  return { counters, sequence };
}

const policy: BackoffPolicy = { window: 10, minAcceptance: 0.3, pauseTokens: 5 };

function gated(backoff?: BackoffPolicy) {
  const inner = new FixedPredictor();
  const gate = new GatedPredictor(inner, backoff);
  const { counters, sequence } = fakeSequence();
  gate.reset({ targetSequence: sequence, stateTokens: [], evaluateOptions: {} });
  return { inner, gate, counters };
}

describe('GatedPredictor', () => {
  it('passes guesses through while active and none while not; the inner predictor still sees every token', () => {
    const { inner, gate } = gated();
    expect(gate.predictTokens()).toEqual([7, 8]);
    gate.active = false;
    expect(gate.predictTokens()).toEqual([]);
    gate.pushTokens([1, 2] as Token[]);
    expect(inner.pushed).toEqual([1, 2]);
    expect(inner.resets).toBe(1);
  });

  it('pauses for pauseTokens generated tokens after a window of mostly rejected guesses, then guesses again', () => {
    const { gate, counters } = gated(policy);
    counters.validated = 2;
    counters.refuted = 8; // 20% of 10: below 30%
    expect(gate.predictTokens()).toEqual([]);
    gate.pushTokens([1, 2, 3] as Token[]);
    expect(gate.predictTokens()).toEqual([]);
    gate.pushTokens([4, 5] as Token[]);
    // Paused for 5 tokens; the window restarts from the counters at the pause.
    expect(gate.predictTokens()).toEqual([7, 8]);
  });

  it('keeps guessing while enough guesses are confirmed, and judges only a full window', () => {
    const { gate, counters } = gated(policy);
    counters.validated = 0;
    counters.refuted = 9; // 9 < window: not judged yet
    expect(gate.predictTokens()).toEqual([7, 8]);
    counters.validated = 4;
    counters.refuted = 9; // 4 of 13 = 31%
    expect(gate.predictTokens()).toEqual([7, 8]);
  });

  it('a new generation (reset) ends a pause and counts from the sequence as it is', () => {
    const { gate, counters, inner } = gated(policy);
    counters.refuted = 10;
    expect(gate.predictTokens()).toEqual([]);
    gate.reset({
      targetSequence: { tokenPredictions: counters } as unknown as LlamaContextSequence,
      stateTokens: [],
      evaluateOptions: {},
    });
    expect(gate.predictTokens()).toEqual([7, 8]);
    expect(inner.resets).toBe(2);
  });
});
