import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approxTokens, planBudget } from '../../../src/main/context/budget.js';
import { Conversation } from '../../../src/main/context/conversation.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lc-conv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function conversation(window = 4096) {
  return new Conversation({
    system: 'You are a coding agent.',
    task: 'Fix the bug.',
    tools: [],
    budget: planBudget(window),
    countTokens: approxTokens,
    spillDir: path.join(dir, 'spill'),
  });
}

const call = (id: string) => ({ id, name: 'run_command', args: { command: 'npm test' } });

describe('Conversation', () => {
  it('points at the file a tool already wrote with its whole output, writing no copy', async () => {
    const conv = conversation();
    const output = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}`).join('\n');
    const shaped = await conv.pushToolResult(call('c8'), output, undefined, 'command-x.log');
    expect(shaped.truncated).toBe(true);
    expect(shaped.content).toMatch(/omitted; full output: read_file @spill\/command-x\.log \.\.\.\]/);
    expect(existsSync(path.join(dir, 'spill', 'c8.txt'))).toBe(false);
  });

  it('caps a long tool result in tokens, keeps head and tail, and spills the full text for read_file', async () => {
    const conv = conversation();
    const output = Array.from({ length: 2000 }, (_, i) => `line ${i + 1} of the build log`).join('\n');
    const shaped = await conv.pushToolResult(call('c7'), output);
    expect(shaped.truncated).toBe(true);
    expect(approxTokens(shaped.content)).toBeLessThanOrEqual(conv.budget.toolResult);
    expect(shaped.content).toMatch(/^line 1 of the build log/);
    expect(shaped.content).toMatch(/line 2000 of the build log$/);
    expect(shaped.content).toMatch(
      /\[\.\.\. \d+ lines \(\d+ chars\) omitted; full output: read_file @spill\/c7\.txt \.\.\.\]/,
    );
    expect(await readFile(path.join(dir, 'spill', 'c7.txt'), 'utf8')).toBe(output);

    // The agent can page through the full output with read_file.
    const temp = await makeTempWorkspace();
    try {
      const ctx = { ...temp.ctx, spillDir: path.join(dir, 'spill') };
      const read = await readFileTool.execute(
        { path: '@spill/c7.txt', start_line: 1500, end_line: 1501 },
        ctx,
      );
      expect(read.ok).toBe(true);
      expect(read.output).toContain('line 1500 of the build log');
      const escape = await readFileTool.execute({ path: '@spill/../../etc/passwd' }, ctx);
      expect(escape).toMatchObject({
        ok: false,
        output: '@spill/../../etc/passwd is not a saved tool output of this session.',
      });
      const noSpill = await readFileTool.execute({ path: '@spill/c7.txt' }, temp.ctx);
      expect(noSpill.ok).toBe(false);
    } finally {
      await temp.cleanup();
    }
  });

  it('leaves short results alone and appends harness notes after shaping', async () => {
    const conv = conversation();
    const shaped = await conv.pushToolResult(call('c1'), 'ok', '[warning] repeated call');
    expect(shaped).toEqual({ content: 'ok\n[warning] repeated call', truncated: false });
  });

  it('is append-only: earlier messages stay byte-identical as the conversation grows', async () => {
    const conv = conversation();
    conv.pushAssistant('Running the tests.', [call('c1')]);
    await conv.pushToolResult(call('c1'), 'FAIL');
    const before = JSON.stringify(conv.messages);
    conv.pushAssistant('Reading.', [call('c2')]);
    await conv.pushToolResult(call('c2'), 'PASS');
    expect(JSON.stringify(conv.messages).startsWith(before.slice(0, -1))).toBe(true);
  });

  it('estimates from the last measured prompt plus what was appended since', async () => {
    const conv = conversation();
    const unanchored = conv.estimate();
    conv.calibrate(500, conv.messages.length);
    expect(conv.estimate()).toBe(Math.ceil(500 * 1.02));
    conv.pushUser('more words here');
    const added = conv.messageTokens(conv.messages.at(-1)!);
    expect(conv.estimate()).toBe(Math.ceil((500 + added) * 1.02));
    expect(unanchored).toBeGreaterThan(0);
  });
});
