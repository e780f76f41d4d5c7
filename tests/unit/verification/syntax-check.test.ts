import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyntaxChecker } from '../../../src/main/agent/verification/syntax-check.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { createCommandRunner } from '../../../src/main/workspace/command-runner.js';
import { makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

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
