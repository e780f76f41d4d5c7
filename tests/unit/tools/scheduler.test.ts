import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeCalls, ToolRegistry } from '../../../src/main/tools/scheduler.js';
import { defineTool, type Tool, type ToolContext } from '../../../src/main/tools/types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tracingTools(log: string[]) {
  const make = (name: string, mutates: boolean) =>
    defineTool({
      name,
      description: name,
      params: z.object({ id: z.string().describe('id'), ms: z.number().describe('delay') }),
      mutates,
      async execute({ id, ms }) {
        log.push(`start ${id}`);
        await sleep(ms);
        log.push(`end ${id}`);
        return { ok: true, output: id };
      },
    });
  const boom = defineTool({
    name: 'boom',
    description: 'throws',
    params: z.object({}),
    mutates: false,
    async execute() {
      throw new Error('kaboom');
    },
  });
  return new ToolRegistry([make('read', false), make('write', true), boom] as unknown as Tool[]);
}

const ctx = { signal: new AbortController().signal } as Omit<ToolContext, 'onUpdate'>;

describe('executeCalls', () => {
  it('runs reads in parallel, each mutation alone and in order, results in call order', async () => {
    const log: string[] = [];
    const calls = [
      { id: 'r1', name: 'read', args: { id: 'r1', ms: 30 } },
      { id: 'r2', name: 'read', args: { id: 'r2', ms: 10 } },
      { id: 'w1', name: 'write', args: { id: 'w1', ms: 10 } },
      { id: 'w2', name: 'write', args: { id: 'w2', ms: 5 } },
      { id: 'r3', name: 'read', args: { id: 'r3', ms: 5 } },
    ];
    const outcomes = await executeCalls(calls, tracingTools(log), ctx);
    expect(outcomes.map((o) => o.output)).toEqual(['r1', 'r2', 'w1', 'w2', 'r3']);
    // r1 and r2 overlap; w1 starts after both ended; w2 after w1; r3 after w2.
    expect(log.slice(0, 2)).toEqual(['start r1', 'start r2']);
    expect(log.slice(2)).toEqual([
      'end r2',
      'end r1',
      'start w1',
      'end w1',
      'start w2',
      'end w2',
      'start r3',
      'end r3',
    ]);
  });

  it('turns unknown tools, bad arguments and throwing tools into failed results', async () => {
    const outcomes = await executeCalls(
      [
        { id: 'a', name: 'missing', args: {} },
        { id: 'b', name: 'read', args: { id: 1 } },
        { id: 'c', name: 'boom', args: {} },
      ],
      tracingTools([]),
      ctx,
    );
    expect(outcomes.map((o) => o.ok)).toEqual([false, false, false]);
    expect(outcomes[0]?.output).toMatch(/Unknown tool "missing"/);
    expect(outcomes[1]?.output).toMatch(/Invalid arguments for read/);
    expect(outcomes[2]?.output).toMatch(/boom failed unexpectedly: kaboom/);
  });

  it('does not start tools once the run is cancelled', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const outcomes = await executeCalls(
      [{ id: 'a', name: 'read', args: { id: 'a', ms: 1 } }],
      tracingTools(log),
      { signal: controller.signal } as Omit<ToolContext, 'onUpdate'>,
    );
    expect(outcomes[0]).toMatchObject({ ok: false });
    expect(log).toEqual([]);
  });
});
