// KV reuse over the same 30-turn tool session (bench/prefix-reuse.ts), in the same run, once with the
// GGUF in-process (the baseline) and once through llama.cpp's server (npm run engine:install) serving
// the same GGUF with the same window: the share of prompt tokens the server's prompt cache served,
// from its own usage counts, next to node-llama-cpp's.
//   npx tsx bench/engine-reuse.ts       (LOCAL_CODER_BENCH_MODEL=/path/to/model.gguf; default the
//                                        installed real test models)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineSkipReason, startLlamaServer } from '../tests/engine/helpers/llama-server.js';
import { installedTestModels } from './installed-models.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const skip = engineSkipReason();
if (skip) {
  console.error(`error: ${skip}`);
  process.exit(1);
}
const fromEnv = process.env.LOCAL_CODER_BENCH_MODEL;
const models = fromEnv
  ? [{ id: path.basename(fromEnv), modelPath: fromEnv }]
  : installedTestModels(['smollm2-135m-instruct', 'gemma-3-270m']);
if (models.length === 0) {
  console.error('error: no model: run npm run models:install or set LOCAL_CODER_BENCH_MODEL');
  process.exit(1);
}

for (const { id, modelPath } of models) {
  console.log(`\n=== ${id}: in-process (node-llama-cpp) ===`);
  await session(modelPath);
  const server = await startLlamaServer({ model: modelPath, alias: id, contextSize: 4096 });
  try {
    console.log(`\n=== ${id}: llama-server ===`);
    await session(server.spec);
  } finally {
    await server.stop();
  }
}

function session(model: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'prefix-reuse.ts')], {
      env: { ...process.env, LOCAL_CODER_BENCH_MODEL: model },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prefix-reuse exited ${code}`))));
  });
}
