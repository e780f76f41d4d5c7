// Where integration tests find a real GGUF: $LOCAL_CODER_TEST_MODEL, else the shared fixture beside the
// repository (../shared/fixtures/models). A missing model fails loudly with how to get one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function testModelPath(): string {
  const file = path.resolve(
    repoRoot,
    process.env.LOCAL_CODER_TEST_MODEL ?? '../shared/fixtures/models/llama-2-tiny-random.gguf',
  );
  if (!existsSync(file)) {
    throw new Error(
      `Test model not found: ${file}. Set LOCAL_CODER_TEST_MODEL to a GGUF file, or put ` +
        'llama-2-tiny-random.gguf there (1.7 MB; from the ollama repository test data, originally ' +
        'aladar/llama-2-tiny-random-GGUF on Hugging Face).',
    );
  }
  return file;
}
