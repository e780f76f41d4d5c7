// Writes small, valid GGUF v3 files for tests: a llama-architecture model (tiny dimensions, F32 random
// weights, a byte-level SentencePiece vocabulary) with the chat template of a chosen family. llama.cpp
// loads them for real; `padBytes` adds an extra tensor so download tests get a file of a useful size
// (such a file still reads as GGUF but llama.cpp refuses to load it: wrong tensor count).
// A real model's template can be carried instead (`chatTemplate`), with the control tokens it uses
// (`specials`), its BOS/EOS texts and its architecture's name: such a file is meant for `vocabOnly`
// loading (the weights stay llama-shaped), which is enough for chat wrappers and tokenizing.
import { writeFile } from 'node:fs/promises';

export type TemplateFamily = 'chatml' | 'llama3' | 'gemma' | 'none';

export interface GgufWriterOptions {
  /** `general.architecture`; anything other than `llama` makes an unsupported-architecture file. */
  architecture?: string;
  name?: string;
  family?: TemplateFamily;
  contextLength?: number;
  embeddingLength?: number;
  blockCount?: number;
  /** Bytes of an extra, unused tensor appended to the data (download tests). */
  padBytes?: number;
  /** Seed of the weights, so two files can differ. */
  seed?: number;
  /** A chat template of its own (e.g. a real model's); replaces the family's. */
  chatTemplate?: string;
  /** Control tokens (tokenized as one special token each), added to the family's. */
  specials?: readonly string[];
  /** Whole tokens that are plain text, not control (llama.cpp USER_DEFINED), e.g. Qwen's `<tool_call>`. */
  userDefined?: readonly string[];
  /** Text of the BOS and EOS tokens (default `<s>`, `</s>`). */
  bos?: string;
  eos?: string;
  /** End-of-turn token (`tokenizer.ggml.eot_token_id`); added as a control token when not listed. */
  eot?: string;
  /** `tokenizer.ggml.add_bos_token`; unset leaves llama.cpp's default. */
  addBos?: boolean;
  /** `general.size_label` (`3B`, ...): node-llama-cpp reads it to tell Llama 3.2 1B/3B apart. */
  sizeLabel?: string;
}

const TEMPLATES: Record<Exclude<TemplateFamily, 'none'>, { template: string; specials: string[] }> = {
  chatml: {
    template:
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
    specials: ['<|im_start|>', '<|im_end|>'],
  },
  llama3: {
    template:
      "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}",
    specials: ['<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'],
  },
  gemma: {
    template:
      "{{ bos_token }}{% for message in messages %}{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}",
    specials: ['<start_of_turn>', '<end_of_turn>'],
  },
};

const enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

type Value =
  | { type: 'u32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'f32'; value: number }
  | { type: 'str'; value: string }
  | { type: 'strs'; value: string[] }
  | { type: 'f32s'; value: number[] }
  | { type: 'i32s'; value: number[] };

const ALIGNMENT = 32;

class Bytes {
  private readonly parts: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.parts.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  i32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  str(value: string): void {
    const b = Buffer.from(value, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(): void {
    const rest = this.length % ALIGNMENT;
    if (rest !== 0) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function writeValue(out: Bytes, v: Value): void {
  switch (v.type) {
    case 'u32':
      out.u32(ValueType.UINT32);
      return out.u32(v.value);
    case 'f32':
      out.u32(ValueType.FLOAT32);
      return out.f32(v.value);
    case 'bool':
      out.u32(ValueType.BOOL);
      return out.push(Buffer.from([v.value ? 1 : 0]));
    case 'str':
      out.u32(ValueType.STRING);
      return out.str(v.value);
    case 'strs':
      out.u32(ValueType.ARRAY);
      out.u32(ValueType.STRING);
      out.u64(v.value.length);
      return v.value.forEach((s) => out.str(s));
    case 'f32s':
      out.u32(ValueType.ARRAY);
      out.u32(ValueType.FLOAT32);
      out.u64(v.value.length);
      return v.value.forEach((n) => out.f32(n));
    case 'i32s':
      out.u32(ValueType.ARRAY);
      out.u32(ValueType.INT32);
      out.u64(v.value.length);
      return v.value.forEach((n) => out.i32(n));
  }
}

interface VocabOptions {
  bos: string;
  eos: string;
  specials: readonly string[];
  userDefined: readonly string[];
}

function vocabulary(options: VocabOptions): { tokens: string[]; types: number[]; scores: number[] } {
  // SentencePiece token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 6 byte.
  const tokens = ['<unk>', options.bos];
  const types = [2, 3];
  for (const [list, type] of [
    [[options.eos], 3],
    [options.specials, 3],
    [options.userDefined, 4],
  ] as const) {
    for (const token of list) {
      if (tokens.includes(token)) continue;
      tokens.push(token);
      types.push(type);
    }
  }
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6);
  }
  for (const piece of ['▁', 'e', 't', 'a', 'o', '▁the', '▁a', 'in', 'er']) {
    tokens.push(piece);
    types.push(1);
  }
  return { tokens, types, scores: tokens.map((_, i) => -i) };
}

/** A GGUF file's bytes. */
export function buildGguf(options: GgufWriterOptions = {}): Buffer {
  const family = options.family ?? 'chatml';
  const nEmbd = options.embeddingLength ?? 64;
  const nLayer = options.blockCount ?? 2;
  const nFf = nEmbd * 2;
  const heads = 4;
  const familyTemplate = family === 'none' ? undefined : TEMPLATES[family];
  const chatTemplate = options.chatTemplate ?? familyTemplate?.template;
  const specials = [...(familyTemplate?.specials ?? []), ...(options.specials ?? [])];
  if (options.eot !== undefined && !specials.includes(options.eot)) specials.push(options.eot);
  const vocab = vocabulary({
    bos: options.bos ?? '<s>',
    eos: options.eos ?? '</s>',
    specials,
    userDefined: options.userDefined ?? [],
  });
  const nVocab = vocab.tokens.length;
  const arch = options.architecture ?? 'llama';

  const metadata: [string, Value][] = [
    ['general.architecture', { type: 'str', value: arch }],
    ['general.name', { type: 'str', value: options.name ?? `test-${family}` }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ...(options.sizeLabel === undefined
      ? []
      : [['general.size_label', { type: 'str', value: options.sizeLabel }] as [string, Value]]),
    [`${arch}.context_length`, { type: 'u32', value: options.contextLength ?? 4096 }],
    [`${arch}.embedding_length`, { type: 'u32', value: nEmbd }],
    [`${arch}.block_count`, { type: 'u32', value: nLayer }],
    [`${arch}.feed_forward_length`, { type: 'u32', value: nFf }],
    [`${arch}.rope.dimension_count`, { type: 'u32', value: nEmbd / heads }],
    [`${arch}.attention.head_count`, { type: 'u32', value: heads }],
    [`${arch}.attention.head_count_kv`, { type: 'u32', value: heads }],
    [`${arch}.attention.layer_norm_rms_epsilon`, { type: 'f32', value: 1e-5 }],
    ['tokenizer.ggml.model', { type: 'str', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'strs', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'f32s', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'i32s', value: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: 0 }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: vocab.tokens.indexOf(options.eos ?? '</s>') }],
  ];
  if (options.eot !== undefined) {
    metadata.push(['tokenizer.ggml.eot_token_id', { type: 'u32', value: vocab.tokens.indexOf(options.eot) }]);
  }
  if (options.addBos !== undefined) {
    metadata.push(['tokenizer.ggml.add_bos_token', { type: 'bool', value: options.addBos }]);
  }
  if (chatTemplate !== undefined)
    metadata.push(['tokenizer.chat_template', { type: 'str', value: chatTemplate }]);

  const tensors: { name: string; dims: number[] }[] = [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab] },
    { name: 'output_norm.weight', dims: [nEmbd] },
    { name: 'output.weight', dims: [nEmbd, nVocab] },
  ];
  for (let i = 0; i < nLayer; i++) {
    const b = `blk.${i}`;
    tensors.push(
      { name: `${b}.attn_norm.weight`, dims: [nEmbd] },
      { name: `${b}.attn_q.weight`, dims: [nEmbd, nEmbd] },
      { name: `${b}.attn_k.weight`, dims: [nEmbd, nEmbd] },
      { name: `${b}.attn_v.weight`, dims: [nEmbd, nEmbd] },
      { name: `${b}.attn_output.weight`, dims: [nEmbd, nEmbd] },
      { name: `${b}.ffn_norm.weight`, dims: [nEmbd] },
      { name: `${b}.ffn_gate.weight`, dims: [nEmbd, nFf] },
      { name: `${b}.ffn_down.weight`, dims: [nFf, nEmbd] },
      { name: `${b}.ffn_up.weight`, dims: [nEmbd, nFf] },
    );
  }
  if (options.padBytes) tensors.push({ name: 'pad.weight', dims: [Math.ceil(options.padBytes / 4)] });

  const out = new Bytes();
  out.push(Buffer.from('GGUF', 'latin1'));
  out.u32(3);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.str(key);
    writeValue(out, value);
  }
  let offset = 0;
  const sizes = tensors.map((t) => t.dims.reduce((a, b) => a * b, 1) * 4);
  tensors.forEach((tensor, i) => {
    out.str(tensor.name);
    out.u32(tensor.dims.length);
    tensor.dims.forEach((d) => out.u64(d));
    out.u32(0); // GGML_TYPE_F32
    out.u64(offset);
    offset += Math.ceil((sizes[i] ?? 0) / ALIGNMENT) * ALIGNMENT;
  });
  out.pad();
  let state = (options.seed ?? 1) >>> 0;
  tensors.forEach((tensor, i) => {
    const size = sizes[i] ?? 0;
    const data = Buffer.alloc(Math.ceil(size / ALIGNMENT) * ALIGNMENT);
    const isNorm = tensor.name.endsWith('norm.weight');
    if (tensor.name === 'pad.weight') return out.push(data.fill(0x5a)); // fast, and not all zeros
    for (let at = 0; at < size; at += 4) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      data.writeFloatLE(isNorm ? 1 : (state / 2 ** 32 - 0.5) * 0.1, at);
    }
    out.push(data);
  });
  return out.toBuffer();
}

export async function writeGguf(file: string, options: GgufWriterOptions = {}): Promise<Buffer> {
  const bytes = buildGguf(options);
  await writeFile(file, bytes);
  return bytes;
}
