import { chmod, rm, symlink } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyntaxChecker } from '../../../src/main/agent/verification/syntax-check.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import {
  createCommandRunner,
  notRunResult,
  type CommandRunner,
  type RunOptions,
} from '../../../src/main/workspace/command-runner.js';
import { findProgram, trustedPathVar } from '../../../src/main/workspace/find-program.js';
import { makeTempDir, makeTempWorkspace, writeFiles, type TempWorkspace } from '../helpers/tool-context.js';
import { hasPython } from '../../helpers/python.js';

let t: TempWorkspace;
let check: (rel: string) => Promise<string | undefined>;
beforeEach(async () => {
  t = await makeTempWorkspace();
  check = createSyntaxChecker({ root: t.root, runner: createCommandRunner() });
});
afterEach(async () => {
  await t.cleanup();
});

describe('syntax check after a write', () => {
  it('says nothing for good files and names the problem in broken ones', async () => {
    await t.write({
      'good.js': 'export const a = 1;\n',
      'bad.js': 'const a = ;\n',
      'good.json': '{"a": 1}',
      'bad.json': '{"a": 1,}',
      'tsconfig.json': '{ // comments are allowed here\n}',
      'good.ts': 'const n: number = 1;\n',
      'bad.ts': 'const n: number = (1;\n',
      'bad.sh': 'if then fi\n',
      'notes.md': '# anything',
    });
    for (const ok of ['good.js', 'good.json', 'tsconfig.json', 'good.ts', 'notes.md', 'missing.js']) {
      expect(await check(ok), ok).toBeUndefined();
    }
    expect(await check('bad.js')).toMatch(
      /^Syntax check of bad\.js failed:\n[\s\S]*SyntaxError: Unexpected token/,
    );
    expect(await check('bad.json')).toMatch(/^Syntax check of bad\.json failed:/);
    expect(await check('bad.ts')).toMatch(/bad\.ts:1:\d+: '\)' expected/);
    expect(await check('bad.sh')).toMatch(/syntax error/);
  });

  it('is appended to the edit result (the edit itself still succeeds)', async () => {
    await t.write({ 'x.js': 'export const x = 1;\n' });
    t.ctx.afterWrite = check;
    await t.run((await import('../../../src/main/tools/read-file.js')).readFileTool, { path: 'x.js' });
    const out = await t.run(editFileTool, { path: 'x.js', old_text: '= 1;', new_text: '= (1;' });
    expect(out.ok).toBe(true);
    expect(out.output).toContain('Syntax check of x.js failed');
  });
});

/**
 * Files a model could write so that a checker runs them instead of only parsing. Each payload only
 * touches a marker file inside the temp folder: its presence says the folder's code ran.
 */
describe('syntax checkers run nothing from the folder', () => {
  const saved: Record<string, string | undefined> = {};
  const setEnv = (name: string, value: string) => {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      delete saved[name];
    }
  });
  const ran = async () => (await t.read('ran.txt').catch(() => '')).trim();
  const marker = (tag: string) => `open(${JSON.stringify(`${t.root}/ran.txt`)}, "a").write("${tag}\\n")\n`;

  it.runIf(hasPython)(
    'python: a model-written ast.py, sitecustomize.py or encodings shadow is never imported',
    async () => {
      await t.write({
        'ast.py': marker('ast'),
        'sitecustomize.py': marker('site'),
        'usercustomize.py': marker('user'),
        'sys.py': marker('sys'),
        'bad.py': 'def f(:\n',
        'good.py': 'x = 1\n',
        'pkg/ast.py': marker('pkg-ast'),
        'pkg/bad.py': 'def g(:\n',
      });
      expect(await check('good.py')).toBeUndefined();
      expect(await check('bad.py')).toMatch(/^Syntax check of bad\.py failed:[\s\S]*SyntaxError/);
      expect(await check('pkg/bad.py')).toMatch(/pkg\/bad\.py[\s\S]*SyntaxError/);
      expect(await ran()).toBe('');
    },
  );

  it.runIf(hasPython)(
    'python: PYTHONPATH and PYTHONSTARTUP aimed at the folder are ignored (-I)',
    async () => {
      await t.write({
        'lib/ast.py': marker('pythonpath'),
        'start.py': marker('startup'),
        'bad.py': 'def f(:\n',
      });
      setEnv('PYTHONPATH', `${t.root}/lib`);
      setEnv('PYTHONSTARTUP', `${t.root}/start.py`);
      expect(await check('bad.py')).toMatch(/SyntaxError/);
      expect(await ran()).toBe('');
    },
  );

  it('node: a NODE_OPTIONS preload from the folder does not run', async () => {
    await t.write({
      'pre.cjs': `require('fs').appendFileSync(${JSON.stringify(`${t.root}/ran.txt`)}, 'node\\n');\n`,
      'bad.js': 'const a = ;\n',
    });
    setEnv('NODE_OPTIONS', `--require ${t.root}/pre.cjs`);
    expect(await check('bad.js')).toMatch(/SyntaxError/);
    expect(await ran()).toBe('');
  });

  it('bash: a BASH_ENV script from the folder does not run', async () => {
    await t.write({
      'env.sh': `echo bash >> ${JSON.stringify(`${t.root}/ran.txt`)}\n`,
      'bad.sh': 'if then fi\n',
    });
    setEnv('BASH_ENV', `${t.root}/env.sh`);
    expect(await check('bad.sh')).toMatch(/syntax error/);
    expect(await ran()).toBe('');
  });

  it.runIf(hasPython)('a python3 or bash the folder puts on PATH is never the checker', async () => {
    const fake = `#!/bin/sh\necho fake >> ${JSON.stringify(`${t.root}/ran.txt`)}\nexit 1\n`;
    await t.write({ 'bin/python3': fake, 'bin/bash': fake, 'bad.py': 'def f(:\n', 'bad.sh': 'if then fi\n' });
    await chmod(`${t.root}/bin/python3`, 0o755);
    await chmod(`${t.root}/bin/bash`, 0o755);
    setEnv('PATH', `${t.root}/bin:.:bin:${process.env.PATH ?? ''}`);
    const fresh = createSyntaxChecker({ root: t.root, runner: createCommandRunner() });
    expect(await fresh('bad.py')).toMatch(/SyntaxError/);
    expect(await fresh('bad.sh')).toMatch(/syntax error/);
    expect(await ran()).toBe('');
  });

  it('asks the runner for the read-only profile, from outside the folder, with preloads emptied', async () => {
    const seen: { command: string; opts: RunOptions }[] = [];
    const spy: CommandRunner = {
      run: async (command, opts) => {
        seen.push({ command, opts });
        return notRunResult('refused by the test');
      },
    };
    await t.write({ 'a.js': 'x(\n', 'a.sh': 'if\n', 'a.py': 'def(\n' });
    const spied = createSyntaxChecker({ root: t.root, runner: spy });
    for (const rel of ['a.js', 'a.sh', 'a.py']) expect(await spied(rel), rel).toBeUndefined(); // refused: silence
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const { command, opts } of seen) {
      expect(opts.profile).toBe('read-only');
      expect(opts.cwd).toBe('/');
      expect(opts.env).toMatchObject({ NODE_OPTIONS: '', BASH_ENV: '', ENV: '' });
      expect(opts.env?.PATH?.split(':').every((d) => d.startsWith('/') && !d.startsWith(t.root))).toBe(true);
      expect(command).toContain(`'${t.root}/a.`);
      if (command.includes('a.py')) expect(command).toMatch(/' -I -S -c /);
    }
  });
});

describe('findProgram', () => {
  it('skips relative PATH entries and folders inside the opened folder, links into it included', async () => {
    const outside = await makeTempDir('lc-prog-');
    try {
      await writeFiles(outside, { 'good/tool': '#!/bin/sh\n' });
      await writeFiles(t.root, { 'bin/tool': '#!/bin/sh\n' });
      await chmod(`${outside}/good/tool`, 0o755);
      await chmod(`${t.root}/bin/tool`, 0o755);
      await symlink(`${t.root}/bin`, `${outside}/linked`);
      const pathVar = [`${t.root}/bin`, 'bin', '.', `${outside}/linked`, `${outside}/good`].join(':');
      expect(await findProgram('tool', { avoid: [t.root], pathVar })).toBe(`${outside}/good/tool`);
      expect(await findProgram('tool', { avoid: [t.root], pathVar: `${t.root}/bin:.` })).toBeNull();
      expect(trustedPathVar({ avoid: [t.root], pathVar })).toBe(`${outside}/linked:${outside}/good`);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
