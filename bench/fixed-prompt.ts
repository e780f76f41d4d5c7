// The fixed prompt (system prompt plus tool descriptions) in every catalog family's real tokenizer and
// chat template: what the model reads before the task, on every turn. DESIGN.md wants it under 1,000
// tokens. Prints, per family, the tokens with all tools and with none (the difference is the tools' share).
//   npx tsx bench/fixed-prompt.ts      (Gemma 3 and SmolLM2 need `npm run models:install` first)
// tests/unit/model/fixed-prompt.test.ts asserts the limit with the same measurement.
import { resolveAgentChatWrapper, toFunctions } from '../src/main/model/wrapper-settings.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LlamaLogLevel,
  type ChatHistoryItem,
  type ChatWrapper,
  type GgufArchitectureType,
  type Llama,
  type LlamaModel,
} from 'node-llama-cpp';
import type { Message, ToolSpec } from '../src/main/model/turn.js';
import { buildSystemPrompt } from '../src/main/agent/system-prompt.js';
import { toChatHistory } from '../src/main/model/chat-history.js';
import { getLlamaRuntime } from '../src/main/model/llama-runtime.js';
import { createDefaultRegistry } from '../src/main/tools/index.js';
import { toToolSpec } from '../src/main/tools/tool-spec.js';
import { testModelPath } from '../scripts/test-models.js';
import { FAMILIES, type Family } from '../tests/fixtures/templates/families.js';

export const FIXED_PROMPT_LIMIT = 1000;

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VOCAB = path.join(repo, 'tests/fixtures/vocab');
const TEMPLATES = path.join(repo, 'tests/fixtures/templates');

/** Where a family's real tokenizer comes from. */
export type TokenizerSource =
  | { kind: 'vocab'; file: string }
  | { kind: 'test-model'; id: string }
  /** None in the repo; a GGUF holding it may be named by the environment variable `env`. */
  | { kind: 'none'; why: string; env?: string };

export interface FamilyCase {
  id: string;
  stands: string;
  /** A .jinja file in tests/fixtures/templates; absent: the GGUF's own chat template. */
  template?: string;
  /** `wrapperName` the real GGUF resolves to (families.ts); absent: not known beforehand. */
  wrapper?: string;
  /**
   * What the family's real GGUF says about itself (families.ts): the vocab files are shared between
   * families, and node-llama-cpp picks among wrappers by architecture and model name (Llama 3.1 or 3.2).
   */
  gguf?: Family['gguf'];
  tokenizer: TokenizerSource;
}

const LLAMA3_WHY =
  'Llama 3 tokenizer not in the repo (its license must ship with it); set LOCAL_CODER_LLAMA3_VOCAB to a GGUF holding it';

const TOKENIZERS: Record<string, TokenizerSource> = {
  gemma3: { kind: 'test-model', id: 'gemma-3-270m' },
  'qwen2.5-coder': { kind: 'vocab', file: 'qwen2-vocab.gguf' },
  qwen3: { kind: 'vocab', file: 'qwen2-vocab.gguf' },
  qwen3moe: { kind: 'vocab', file: 'qwen2-vocab.gguf' },
  // Measured with a vocab built from Llama 3's tokenizer.json (Llama 3.1: 868 tokens, 1,209 before the
  // compact wrapper; Llama 3.2: 905). Not committed: the Llama 3.1 Community License must ship with it.
  'llama3.1': { kind: 'none', why: LLAMA3_WHY, env: 'LOCAL_CODER_LLAMA3_VOCAB' },
  'llama3.2': { kind: 'none', why: LLAMA3_WHY, env: 'LOCAL_CODER_LLAMA3_VOCAB' },
  'phi4-mini': { kind: 'none', why: 'o200k_base (no vocab GGUF in the repo)' },
  'mistral-small-3.1': { kind: 'none', why: 'Tekken (no vocab GGUF in the repo)' },
  'devstral-2507': { kind: 'none', why: 'Tekken (no vocab GGUF in the repo)' },
  'deepseek-coder-v2': { kind: 'vocab', file: 'ggml-vocab-deepseek-llm.gguf' },
};

/** The catalog's families (families.ts), then SmolLM2 (a test model, with the template in its GGUF). */
export const FAMILY_CASES: FamilyCase[] = [
  ...FAMILIES.map((family) => {
    const tokenizer = TOKENIZERS[family.id];
    if (tokenizer === undefined) throw new Error(`No tokenizer source for family ${family.id}`);
    return {
      id: family.id,
      stands: family.stands,
      template: family.template,
      wrapper: family.wrapper,
      gguf: tokenizer.kind === 'test-model' ? undefined : family.gguf,
      tokenizer,
    };
  }),
  {
    id: 'smollm2',
    stands: 'SmolLM2 135M Instruct (test model)',
    tokenizer: { kind: 'test-model', id: 'smollm2-135m-instruct' },
  },
];

/** The GGUF holding the family's tokenizer, or why there is none on this machine. */
export function tokenizerPath(
  source: TokenizerSource,
): { ok: true; path: string } | { ok: false; why: string } {
  if (source.kind === 'vocab') return { ok: true, path: path.join(VOCAB, source.file) };
  if (source.kind === 'none') {
    const local = source.env === undefined ? undefined : process.env[source.env];
    if (local !== undefined && local !== '') return { ok: true, path: local };
    return { ok: false, why: `no tokenizer available: ${source.why}` };
  }
  try {
    return { ok: true, path: testModelPath(source.id) };
  } catch {
    return { ok: false, why: `${source.id} not installed: run npm run models:install` };
  }
}

/** As the agent starts a session: the system prompt, then a one-character task. */
export function fixedMessages(): Message[] {
  return [
    { role: 'system', content: buildSystemPrompt({ folderName: 'project', os: 'linux' }) },
    { role: 'user', content: 'x' },
  ];
}

export function defaultToolSpecs(): ToolSpec[] {
  return createDefaultRegistry().tools.map(toToolSpec);
}

/** Tokens of the first-turn prompt, rendered as LlamaAgentModel.countPromptTokens renders it. */
export function countFixedPrompt(
  model: LlamaModel,
  wrapper: ChatWrapper,
  messages: readonly Message[],
  tools: readonly ToolSpec[],
): number {
  const history = toChatHistory(messages, {
    rawCallFor: () => undefined,
    descriptionFor: (name) => tools.find((tool) => tool.name === name)?.description,
    parallelCalls: wrapper.settings.functions.parallelism != null,
  });
  const chatHistory: ChatHistoryItem[] = [...history, { type: 'model', response: [] }];
  const { contextText } = wrapper.generateContextState({
    chatHistory,
    availableFunctions: toFunctions(tools),
    documentFunctionParams: true,
  });
  return contextText.tokenize(model.tokenizer).length;
}

export interface FamilyFigure {
  wrapper: string;
  withTools: number;
  withoutTools: number;
}

/** As the app resolves the real GGUF's wrapper: from its template, architecture and name. */
function resolveWrapper(
  llama: Llama,
  model: LlamaModel,
  family: FamilyCase,
  template: string | undefined,
): ChatWrapper {
  const extra = template === undefined ? {} : { jinjaTemplate: { template } };
  const gguf = family.gguf;
  if (gguf === undefined) return resolveAgentChatWrapper(model, extra);
  const fileInfo = model.fileInfo;
  const general = {
    ...fileInfo.metadata.general,
    // families.ts spells llama.cpp's architecture names (qwen2, deepseek2...), the enum's values.
    architecture: (gguf.architecture ?? fileInfo.metadata.general.architecture) as GgufArchitectureType,
    name: gguf.name,
    size_label: gguf.sizeLabel,
  };
  return resolveAgentChatWrapper(
    {
      bosString: model.tokens.bosString,
      architecture: general.architecture,
      fileInfo: { ...fileInfo, metadata: { ...fileInfo.metadata, general } },
      tokenizer: model.tokenizer,
      llama,
    },
    extra,
  );
}

/** Each GGUF loaded once (vocab only: ~1 s each), shared by the families that use it. */
export function openTokenizers(llama: Llama): {
  load: (modelPath: string) => Promise<LlamaModel>;
  dispose: () => Promise<void>;
} {
  const loaded = new Map<string, Promise<LlamaModel>>();
  return {
    load: (modelPath) => {
      let model = loaded.get(modelPath);
      if (model === undefined) {
        model = llama.loadModel({ modelPath, vocabOnly: true });
        loaded.set(modelPath, model);
      }
      return model;
    },
    dispose: async () => {
      const models = await Promise.allSettled(loaded.values());
      for (const model of models) if (model.status === 'fulfilled') await model.value.dispose();
      loaded.clear();
    },
  };
}

/** Resolves the family's chat wrapper over its tokenizer and counts the prompt with and without tools. */
export async function measureFamily(
  llama: Llama,
  model: LlamaModel,
  family: FamilyCase,
): Promise<FamilyFigure> {
  const template =
    family.template === undefined ? undefined : await readFile(path.join(TEMPLATES, family.template), 'utf8');
  const wrapper = resolveWrapper(llama, model, family, template);
  const messages = fixedMessages();
  return {
    wrapper: wrapper.wrapperName,
    withTools: countFixedPrompt(model, wrapper, messages, defaultToolSpecs()),
    withoutTools: countFixedPrompt(model, wrapper, messages, []),
  };
}

// A vocab-only file has no weights; node-llama-cpp's memory estimate of a full load then logs these.
const VOCAB_ONLY_NOISE = /missing tensor 'token_embd\.weight'|failed to load model/;

/**
 * The runtime, errors only, and without those a vocab-only file's missing weights log (loading still
 * succeeds; the warnings are about the vocabularies' token types, known and harmless for counting).
 */
export async function quietRuntime(): Promise<Llama> {
  const llama = await getLlamaRuntime();
  llama.logLevel = LlamaLogLevel.error;
  const log = llama.logger;
  llama.logger = (level, message) => {
    if (level === LlamaLogLevel.error && VOCAB_ONLY_NOISE.test(message)) return;
    log(level, message);
  };
  return llama;
}

async function main(): Promise<void> {
  const llama = await quietRuntime();
  const tokenizers = openTokenizers(llama);
  const system = fixedMessages()[0]?.content ?? '';
  const specs = defaultToolSpecs();
  const descriptions = specs.reduce((sum, spec) => sum + spec.description.length, 0);
  const schemas = specs.reduce((sum, spec) => sum + JSON.stringify(spec.parameters).length, 0);
  console.log(`System prompt: ${system.length} chars`);
  console.log(
    `Tools (${specs.length}): ${descriptions + schemas} chars (descriptions ${descriptions}, parameter schemas ${schemas} as JSON)`,
  );
  console.log(`Limit: fewer than ${FIXED_PROMPT_LIMIT} tokens with all tools\n`);

  const rows: string[][] = [];
  const notes: string[] = [];
  for (const family of FAMILY_CASES) {
    const source =
      family.tokenizer.kind === 'vocab'
        ? family.tokenizer.file
        : family.tokenizer.kind === 'test-model'
          ? family.tokenizer.id
          : '-';
    const found = tokenizerPath(family.tokenizer);
    if (!found.ok) {
      rows.push([family.id, source, '-', '-', '-', '-', found.why]);
      continue;
    }
    const figure = await measureFamily(llama, await tokenizers.load(found.path), family);
    const share = figure.withTools - figure.withoutTools;
    rows.push([
      family.id,
      source,
      figure.wrapper,
      String(figure.withTools),
      String(figure.withoutTools),
      `${share} (${Math.round((100 * share) / figure.withTools)}%)`,
      figure.withTools < FIXED_PROMPT_LIMIT ? 'yes' : 'NO',
    ]);
    if (family.wrapper !== undefined && family.wrapper !== figure.wrapper)
      notes.push(`${family.id}: resolved ${figure.wrapper}, the real GGUF resolves ${family.wrapper}`);
  }
  await tokenizers.dispose();
  printTable(['family', 'tokenizer', 'wrapper', 'with tools', 'no tools', 'tool share', '< 1000'], rows);
  for (const note of notes) console.log(`note: ${note}`);
}

function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
