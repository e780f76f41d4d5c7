// Finds the checks a project already has: package.json scripts, pytest/ruff/mypy, cargo, go, maven,
// gradle, make targets. Reads a few files at the root only; runs nothing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sortChecks, type CheckKind, type CheckSpec } from './check-types.js';

const NPM_DEFAULT_TEST = 'no test specified';
const PY_FILES = [
  '.py',
  '.pyi',
  'pyproject.toml',
  'setup.cfg',
  'setup.py',
  'pytest.ini',
  'tox.ini',
  'conftest.py',
];
const RUST_FILES = ['.rs', 'Cargo.toml', 'Cargo.lock'];
const GO_FILES = ['.go', 'go.mod', 'go.sum'];
const JVM_FILES = ['.java', '.kt', '.kts', '.gradle', 'pom.xml'];

/** Script names per kind, first found wins. */
const SCRIPT_KINDS: readonly [CheckKind, readonly string[]][] = [
  ['typecheck', ['typecheck', 'type-check', 'types', 'tsc', 'check-types']],
  ['lint', ['lint']],
  ['test', ['test']],
  ['build', ['build']],
];

export async function detectChecks(root: string): Promise<CheckSpec[]> {
  const found = [
    ...(await nodeChecks(root)),
    ...(await pythonChecks(root)),
    ...(await rustChecks(root)),
    ...(await goChecks(root)),
    ...(await jvmChecks(root)),
  ];
  const kinds = new Set(found.map((c) => c.kind));
  for (const c of await makeChecks(root)) if (!kinds.has(c.kind)) found.push(c);
  return sortChecks(found);
}

async function readText(root: string, rel: string): Promise<string | null> {
  try {
    return await fs.readFile(path.join(root, rel), 'utf8');
  } catch {
    return null;
  }
}

async function exists(root: string, rel: string): Promise<boolean> {
  try {
    await fs.access(path.join(root, rel));
    return true;
  } catch {
    return false;
  }
}

async function nodeChecks(root: string): Promise<CheckSpec[]> {
  const text = await readText(root, 'package.json');
  if (text === null) return [];
  let scripts: Record<string, unknown>;
  try {
    const pkg = JSON.parse(text) as { scripts?: unknown };
    scripts =
      typeof pkg.scripts === 'object' && pkg.scripts !== null ? (pkg.scripts as Record<string, unknown>) : {};
  } catch {
    return []; // a broken package.json: the syntax check on the edit says so
  }
  const pm = await packageManager(root);
  const out: CheckSpec[] = [];
  for (const [kind, names] of SCRIPT_KINDS) {
    const name = names.find((n) => typeof scripts[n] === 'string' && (scripts[n] as string).trim() !== '');
    if (!name) continue;
    if (name === 'test' && (scripts[name] as string).includes(NPM_DEFAULT_TEST)) continue;
    out.push({ name: kind, command: runScript(pm, name), kind, source: 'package.json' });
  }
  return out;
}

async function packageManager(root: string): Promise<'npm' | 'pnpm' | 'yarn' | 'bun'> {
  if (await exists(root, 'pnpm-lock.yaml')) return 'pnpm';
  if (await exists(root, 'yarn.lock')) return 'yarn';
  if ((await exists(root, 'bun.lockb')) || (await exists(root, 'bun.lock'))) return 'bun';
  return 'npm';
}

function runScript(pm: 'npm' | 'pnpm' | 'yarn' | 'bun', script: string): string {
  if (pm === 'npm') return script === 'test' ? 'npm test' : `npm run ${script}`;
  if (pm === 'yarn') return `yarn ${script}`;
  return `${pm} run ${script}`;
}

async function pythonChecks(root: string): Promise<CheckSpec[]> {
  const pyproject = (await readText(root, 'pyproject.toml')) ?? '';
  const setupCfg = (await readText(root, 'setup.cfg')) ?? '';
  const tox = (await readText(root, 'tox.ini')) ?? '';
  const py = process.platform === 'win32' ? 'python' : 'python3';
  const out: CheckSpec[] = [];
  const usesPytest =
    /\[tool\.pytest/.test(pyproject) ||
    /\bpytest\b/.test(pyproject) ||
    /\[tool:pytest\]/.test(setupCfg) ||
    /\[pytest\]/.test(tox) ||
    (await exists(root, 'pytest.ini')) ||
    (await exists(root, 'conftest.py')) ||
    (await hasPythonTests(root));
  if (/\[tool\.mypy\]/.test(pyproject) || (await exists(root, 'mypy.ini'))) {
    out.push({
      name: 'mypy',
      command: `${py} -m mypy .`,
      kind: 'typecheck',
      source: 'pyproject.toml',
      appliesTo: PY_FILES,
    });
  }
  if (/\[tool\.ruff/.test(pyproject) || (await exists(root, 'ruff.toml'))) {
    out.push({
      name: 'ruff',
      command: 'ruff check .',
      kind: 'lint',
      source: 'pyproject.toml',
      appliesTo: PY_FILES,
    });
  }
  if (usesPytest) {
    out.push({
      name: 'pytest',
      command: `${py} -m pytest -q`,
      kind: 'test',
      source: 'pytest',
      appliesTo: PY_FILES,
    });
  }
  return out;
}

/** A tests/ folder with test_*.py or *_test.py files (pytest's default discovery). */
async function hasPythonTests(root: string): Promise<boolean> {
  for (const dir of ['tests', 'test']) {
    try {
      const names = await fs.readdir(path.join(root, dir));
      if (names.some((n) => /^test_.*\.py$|_test\.py$/.test(n))) return true;
    } catch {
      // no such folder
    }
  }
  return false;
}

async function rustChecks(root: string): Promise<CheckSpec[]> {
  if (!(await exists(root, 'Cargo.toml'))) return [];
  const base = { source: 'Cargo.toml', appliesTo: RUST_FILES };
  return [
    { name: 'cargo-check', command: 'cargo check --quiet', kind: 'typecheck', ...base },
    { name: 'cargo-test', command: 'cargo test --quiet', kind: 'test', ...base },
  ];
}

async function goChecks(root: string): Promise<CheckSpec[]> {
  if (!(await exists(root, 'go.mod'))) return [];
  const base = { source: 'go.mod', appliesTo: GO_FILES };
  return [
    { name: 'go-build', command: 'go build ./...', kind: 'build', ...base },
    { name: 'go-vet', command: 'go vet ./...', kind: 'lint', ...base },
    { name: 'go-test', command: 'go test ./...', kind: 'test', ...base },
  ];
}

async function jvmChecks(root: string): Promise<CheckSpec[]> {
  if (await exists(root, 'pom.xml')) {
    return [
      { name: 'mvn-test', command: 'mvn -q -B test', kind: 'test', source: 'pom.xml', appliesTo: JVM_FILES },
    ];
  }
  const gradle = (await exists(root, 'build.gradle')) || (await exists(root, 'build.gradle.kts'));
  if (!gradle) return [];
  const cmd = (await exists(root, 'gradlew')) ? './gradlew' : 'gradle';
  return [
    {
      name: 'gradle-test',
      command: `${cmd} test --quiet`,
      kind: 'test',
      source: 'build.gradle',
      appliesTo: JVM_FILES,
    },
  ];
}

/** `test`, `check` and `lint` targets of a Makefile (only for kinds nothing else covers). */
async function makeChecks(root: string): Promise<CheckSpec[]> {
  const text = (await readText(root, 'Makefile')) ?? (await readText(root, 'makefile'));
  if (text === null) return [];
  const targets = new Set([...text.matchAll(/^([A-Za-z][\w-]*)\s*:(?!=)/gm)].map((m) => m[1] as string));
  const out: CheckSpec[] = [];
  if (targets.has('lint'))
    out.push({ name: 'make-lint', command: 'make lint', kind: 'lint', source: 'Makefile' });
  if (targets.has('test'))
    out.push({ name: 'make-test', command: 'make test', kind: 'test', source: 'Makefile' });
  else if (targets.has('check'))
    out.push({ name: 'make-check', command: 'make check', kind: 'test', source: 'Makefile' });
  return out;
}
