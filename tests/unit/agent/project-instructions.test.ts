import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProjectInstructions } from '../../../src/main/agent/project-instructions.js';
import { buildSystemPrompt } from '../../../src/main/agent/system-prompt.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lc-instr-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('project instructions', () => {
  it('takes the first instruction file found and puts it in the system prompt', async () => {
    await mkdir(path.join(dir, '.local-coder'));
    await writeFile(path.join(dir, '.local-coder', 'instructions.md'), 'Use tabs.');
    await writeFile(path.join(dir, 'AGENTS.md'), 'Run `make check` before finishing.\n');
    const found = await loadProjectInstructions(dir);
    expect(found).toEqual({ file: 'AGENTS.md', text: 'Run `make check` before finishing.\n' });
    const prompt = buildSystemPrompt({ folderName: 'p', projectInstructions: found });
    expect(prompt).toMatch(/Project instructions \(AGENTS\.md\):\nRun `make check` before finishing\.$/);
  });

  it('caps a long file and skips empty ones', async () => {
    await writeFile(path.join(dir, 'AGENTS.md'), '   \n');
    await writeFile(path.join(dir, 'CLAUDE.md'), 'y'.repeat(10_000));
    const found = await loadProjectInstructions(dir);
    expect(found?.file).toBe('CLAUDE.md');
    expect(found?.text.length).toBeLessThan(4100);
    expect(found?.text).toMatch(/cut at 4000 characters\]$/);
  });

  it('returns nothing when the project has none', async () => {
    expect(await loadProjectInstructions(dir)).toBeUndefined();
    expect(buildSystemPrompt({ folderName: 'p' })).not.toContain('Project instructions');
  });
});
