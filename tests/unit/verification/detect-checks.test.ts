import { promises as fs } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectChecks } from '../../../src/main/agent/verification/detect-checks.js';
import { loadProjectChecks } from '../../../src/main/agent/verification/project-checks.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir('lc-detect-');
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const commands = async () => (await detectChecks(root)).map((c) => `${c.name}: ${c.command}`);

describe('detectChecks', () => {
  it('node: package.json scripts in cheap-first order, the package manager from the lockfile', async () => {
    await writeFiles(root, {
      'package.json': JSON.stringify({
        scripts: {
          build: 'tsc -b',
          test: 'vitest run',
          lint: 'eslint .',
          typecheck: 'tsc --noEmit',
          dev: 'vite',
        },
      }),
    });
    expect(await commands()).toEqual([
      'typecheck: npm run typecheck',
      'lint: npm run lint',
      'test: npm test',
      'build: npm run build',
    ]);
    await writeFiles(root, { 'pnpm-lock.yaml': '' });
    expect(await commands()).toContain('test: pnpm run test');
  });

  it("node: npm init's placeholder test script is not a check", async () => {
    await writeFiles(root, {
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
    });
    expect(await commands()).toEqual([]);
  });

  it('python: pytest, ruff and mypy from pyproject.toml, only for Python files', async () => {
    await writeFiles(root, {
      'pyproject.toml': '[tool.pytest.ini_options]\n[tool.ruff]\nline-length = 100\n[tool.mypy]\n',
    });
    const checks = await detectChecks(root);
    expect(checks.map((c) => c.name)).toEqual(['mypy', 'ruff', 'pytest']);
    expect(checks[2]?.appliesTo).toContain('.py');
  });

  it('python: a tests/ folder of test_*.py is enough for pytest', async () => {
    await writeFiles(root, { 'tests/test_x.py': 'def test_x(): pass\n' });
    expect(await commands()).toEqual([expect.stringMatching(/^pytest: python3? -m pytest -q$/)]);
  });

  it('rust, go, and make targets only for kinds nothing else covers', async () => {
    await writeFiles(root, {
      'Cargo.toml': '[package]\nname = "x"\n',
      'go.mod': 'module x\n',
      Makefile: 'lint:\n\tgolint\ntest: build\n\tgo test\nVAR := 1\n',
    });
    expect(await commands()).toEqual([
      'cargo-check: cargo check --quiet',
      'go-vet: go vet ./...',
      'cargo-test: cargo test --quiet',
      'go-test: go test ./...',
      'go-build: go build ./...',
    ]);
    await fs.rm(`${root}/Cargo.toml`);
    await fs.rm(`${root}/go.mod`);
    expect(await commands()).toEqual(['make-lint: make lint', 'make-test: make test']);
  });

  it('the project file overrides, removes and adds checks; the user has the last word', async () => {
    await writeFiles(root, {
      'package.json': JSON.stringify({ scripts: { test: 'jest', lint: 'eslint .' } }),
      '.local-coder.json': JSON.stringify({
        checks: {
          lint: null,
          test: 'npm test -- --ci',
          e2e: { command: 'make e2e', kind: 'test', timeoutS: 60 },
        },
      }),
    });
    const loaded = await loadProjectChecks(root, { e2e: null, types: 'tsc --noEmit' });
    expect(loaded.checks.map((c) => `${c.name}/${c.kind}/${c.source}: ${c.command}`)).toEqual([
      'types/typecheck/user: tsc --noEmit',
      'test/test/.local-coder.json: npm test -- --ci',
    ]);
    await writeFiles(root, { '.local-coder.json': '{"checks": {"test": 5}}' });
    const bad = await loadProjectChecks(root);
    expect(bad.warning).toMatch(/\.local-coder\.json: checks\.test/);
    expect(bad.checks.map((c) => c.name)).toEqual(['lint', 'test']); // the file is ignored, detection stays
    await writeFiles(root, { '.local-coder.json': '{"onlyListedChecks": true, "checks": {"t": "make t"}}' });
    expect((await loadProjectChecks(root)).checks.map((c) => c.name)).toEqual(['t']);
  });
});
