// Where integration tests find a real GGUF: $LOCAL_CODER_TEST_MODEL, else the tiny random-weight fixture
// committed in tests/fixtures/models. A missing model fails loudly with how to get one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function testModelPath(): string {
  const file = path.resolve(
    repoRoot,
    process.env.LOCAL_CODER_TEST_MODEL ?? 'tests/fixtures/models/llama-2-tiny-random.gguf',
  );
  if (!existsSync(file)) {
    throw new Error(
      `Test model not found: ${file}. Set LOCAL_CODER_TEST_MODEL to a GGUF file; the default, ` +
        'tests/fixtures/models/llama-2-tiny-random.gguf, is part of the repository.',
    );
  }
  return file;
}
