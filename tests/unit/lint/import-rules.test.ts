// The dependency direction is enforced by eslint.config.js; these fixtures break it on purpose and are
// linted as if they stood in the room they name, so a rule that stops firing fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: repo });
const DIRECTION_RULES = new Set([
  'import-x/no-restricted-paths',
  'import-x/no-nodejs-modules',
  'import-x/no-unresolved',
]);

/** Line and module of each import the direction rules report, in source order. */
async function reported(fixture: string, asFile: string): Promise<string[]> {
  const code = readFileSync(path.join(repo, 'tests/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, asFile) });
  const lines = code.split('\n');
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && DIRECTION_RULES.has(m.ruleId))
    .map((m) => `${m.line} ${/(?:from |import\()'([^']+)'/.exec(lines[m.line - 1] ?? '')?.[1] ?? '?'}`);
}

describe('import rules', () => {
  it('agent/ imports neither node-llama-cpp nor electron, nor services/ or ipc/', async () => {
    expect(await reported('agent-imports-upward.ts.txt', 'src/main/agent/probe.ts')).toEqual([
      '2 node-llama-cpp',
      '3 electron',
      '4 ../services/backend.js',
      '5 ../ipc/register.js',
      '10 node-llama-cpp',
    ]);
  });

  it('workspace/ imports nothing above it', async () => {
    expect(await reported('workspace-imports-upward.ts.txt', 'src/main/workspace/probe.ts')).toEqual([
      '2 ../agent/agent-loop.js',
      '3 ../context/budget.js',
      '4 ../tools/index.js',
      '5 ../safety/sandbox.js',
      '6 ../model/turn.js',
    ]);
  });

  it('tools/ imports nothing from agent/ or services/', async () => {
    expect(await reported('tools-imports-agent.ts.txt', 'src/main/tools/probe.ts')).toEqual([
      '2 ../agent/agent-loop.js',
      '3 ../services/backend.js',
    ]);
  });

  it('shared/ imports nothing from node, react, electron or main', async () => {
    expect(await reported('shared-imports-runtime.ts.txt', 'src/shared/probe.ts')).toEqual([
      '2 node:fs',
      '3 react',
      '4 electron',
      '5 ../main/model/turn.js',
    ]);
  });

  it('the renderer imports only shared/ of the rest', async () => {
    expect(await reported('renderer-imports-main.ts.txt', 'src/renderer/src/probe.ts')).toEqual([
      '2 ../../main/agent/agent-loop',
      '3 ../../main/model/turn',
    ]);
  });

  it('model/ may import node-llama-cpp and workspace/', async () => {
    expect(await reported('model-imports-runtime.ts.txt', 'src/main/model/probe.ts')).toEqual([]);
  });

  it('an import that does not resolve is reported, since the zones cannot judge it', async () => {
    const code = "import { gone } from '../workspace/no-such-file.js';\nexport const used = gone;\n";
    const [result] = await eslint.lintText(code, { filePath: path.join(repo, 'src/main/agent/probe.ts') });
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['import-x/no-unresolved']);
  });
});
