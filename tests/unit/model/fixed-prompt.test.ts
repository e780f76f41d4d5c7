// DESIGN.md: the fixed prompt (system prompt plus tool descriptions) stays under 1,000 tokens. Counted in
// each catalog family's real tokenizer (the vocab GGUFs in tests/fixtures/vocab, always; Gemma 3 and
// SmolLM2 from the models:install cache, when there) through the chat wrapper node-llama-cpp resolves from
// the family's real template. The figures: `npx tsx bench/fixed-prompt.ts`.
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAMILY_CASES,
  FIXED_PROMPT_LIMIT,
  measureFamily,
  openTokenizers,
  quietRuntime,
  tokenizerPath,
} from '../../../bench/fixed-prompt.js';

let llama: Llama;
let tokenizers: ReturnType<typeof openTokenizers>;

beforeAll(async () => {
  llama = await quietRuntime();
  tokenizers = openTokenizers(llama);
});

afterAll(async () => {
  await tokenizers?.dispose();
});

// Phi-4 mini (o200k_base) and Mistral/Devstral (Tekken) have no tokenizer in the repo, Llama 3.x has one
// only where LOCAL_CODER_LLAMA3_VOCAB names a GGUF holding it: not counted without one.
const counted = FAMILY_CASES.filter(
  (family) => family.tokenizer.kind !== 'none' || tokenizerPath(family.tokenizer).ok,
);

describe.each(counted)('$id ($stands)', (family) => {
  const found = tokenizerPath(family.tokenizer);
  if (family.tokenizer.kind === 'vocab' && !found.ok) throw new Error(`${family.id}: ${found.why}`);

  it.skipIf(!found.ok)(
    `renders the fixed prompt in fewer than ${FIXED_PROMPT_LIMIT} tokens${found.ok ? '' : ` (skipped: ${found.why})`}`,
    async () => {
      if (!found.ok) return;
      const figure = await measureFamily(llama, await tokenizers.load(found.path), family);
      if (family.wrapper !== undefined) expect(figure.wrapper).toBe(family.wrapper);
      expect(figure.withoutTools).toBeGreaterThan(0);
      expect(figure.withTools).toBeGreaterThan(figure.withoutTools);
      expect(figure.withTools, `${family.id} with ${figure.wrapper}`).toBeLessThan(FIXED_PROMPT_LIMIT);
    },
  );
});
