// One spill budget per folder counts every writer: the context's shaped results and a command's log.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planBudget } from '../../../src/main/context/budget.js';
import { Conversation } from '../../../src/main/context/conversation.js';
import { SpillBudget, spillBudgetFor } from '../../../src/main/workspace/spill-budget.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lc-spill-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SpillBudget', () => {
  it('is one per folder, shared by the context and a command log', async () => {
    const spill = path.join(dir, 'spill');
    expect(spillBudgetFor(spill)).toBe(spillBudgetFor(`${spill}/`));
    const conversation = new Conversation({
      system: 's',
      task: 't',
      tools: [],
      budget: { ...planBudget(8192), toolResult: 50 },
      countTokens: (text) => Math.ceil(text.length / 4),
      spillDir: spill,
    });
    const long = 'line of output\n'.repeat(200);
    const shaped = await conversation.pushToolResult({ id: 'c1', name: 'read_file', args: {} }, long);
    expect(shaped.content).toContain('@spill/c1.txt');
    const budget = spillBudgetFor(spill);
    expect(await budget.usedBytes()).toBe(long.length);

    // A command writes its log itself, then settles it: counted in the same budget.
    const slot = await budget.reserve('command', '.log');
    if (!slot) throw new Error('no slot');
    await writeFile(slot.abs, 'x'.repeat(1000));
    await budget.settle(slot, true);
    expect(await budget.usedBytes()).toBe(long.length + 1000);
    const dropped = await budget.reserve('command', '.log');
    if (!dropped) throw new Error('no slot');
    await writeFile(dropped.abs, 'small');
    await budget.settle(dropped, false);
    expect((await readdir(spill)).sort()).toEqual(['c1.txt', slot.name].sort());
  });

  it('refuses every writer once the budget is spent', async () => {
    const budget = new SpillBudget(dir, 100);
    expect(await budget.write('a.txt', 'x'.repeat(60))).toBe('a.txt');
    expect(await budget.write('b.txt', 'x'.repeat(60))).toBeUndefined();
    const slot = await budget.reserve('command', '.log');
    if (!slot) throw new Error('no slot');
    await writeFile(slot.abs, 'x'.repeat(60));
    await budget.settle(slot, true);
    expect(await budget.reserve('command', '.log')).toBeUndefined();
    expect(await budget.write('c.txt', 'y')).toBeUndefined();
  });

  it('counts what an earlier run left, and never overwrites it (a resumed session)', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'c1.txt'), 'from the first run');
    const budget = new SpillBudget(dir, 1000);
    expect(await budget.usedBytes()).toBe('from the first run'.length);
    expect(await budget.write('c1.txt', 'second run')).toBe('c1-2.txt');
    expect(await readFile(path.join(dir, 'c1.txt'), 'utf8')).toBe('from the first run');
    expect(await readFile(path.join(dir, 'c1-2.txt'), 'utf8')).toBe('second run');
  });

  it('makes no folder until something is written', async () => {
    const budget = new SpillBudget(path.join(dir, 'never'));
    expect(await budget.usedBytes()).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});
