// Runs the tool calls of one model turn. Read-only calls run in parallel; a mutating call waits for
// everything before it and runs alone, so mutations happen one at a time and in order. Results come
// back in call order. Nothing here throws for a bad call: it becomes a failed tool result.
import type { ToolCall } from '../agent/model.js';
import { parseToolArgs } from './tool-spec.js';
import type { Tool, ToolContext, ToolOutcome } from './types.js';

export interface CallOutcome extends ToolOutcome {
  call: ToolCall;
  durationMs: number;
}

export interface ScheduleHooks {
  onStart?: (call: ToolCall) => void;
  onUpdate?: (call: ToolCall, text: string) => void;
  onEnd?: (outcome: CallOutcome) => void;
}

export class ToolRegistry {
  private readonly byName: ReadonlyMap<string, Tool>;

  constructor(readonly tools: readonly Tool[]) {
    this.byName = new Map(tools.map((t) => [t.name, t]));
  }

  get(name: string): Tool | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return this.tools.map((t) => t.name);
  }
}

export async function executeCalls(
  calls: readonly ToolCall[],
  registry: ToolRegistry,
  ctx: Omit<ToolContext, 'onUpdate'>,
  hooks: ScheduleHooks = {},
): Promise<CallOutcome[]> {
  const outcomes: CallOutcome[] = new Array(calls.length);
  let batch: Promise<void>[] = [];
  for (const [index, call] of calls.entries()) {
    const run = async () => {
      outcomes[index] = await executeOne(call, registry, ctx, hooks);
    };
    if (registry.get(call.name)?.mutates) {
      await Promise.all(batch);
      batch = [];
      await run();
    } else {
      batch.push(run());
    }
  }
  await Promise.all(batch);
  return outcomes;
}

async function executeOne(
  call: ToolCall,
  registry: ToolRegistry,
  ctx: Omit<ToolContext, 'onUpdate'>,
  hooks: ScheduleHooks,
): Promise<CallOutcome> {
  const started = performance.now();
  hooks.onStart?.(call);
  const outcome = await runTool(call, registry, {
    ...ctx,
    onUpdate: (text) => hooks.onUpdate?.(call, text),
  });
  const result: CallOutcome = { ...outcome, call, durationMs: Math.round(performance.now() - started) };
  hooks.onEnd?.(result);
  return result;
}

async function runTool(call: ToolCall, registry: ToolRegistry, ctx: ToolContext): Promise<ToolOutcome> {
  const tool = registry.get(call.name);
  if (!tool) {
    return {
      ok: false,
      output: `Unknown tool "${call.name}". Available tools: ${registry.names().join(', ')}.`,
    };
  }
  if (ctx.signal.aborted) return { ok: false, output: 'Cancelled before the tool ran.' };
  const parsed = parseToolArgs(tool, call.args);
  if (!parsed.ok) return { ok: false, output: parsed.message };
  try {
    return await tool.execute(parsed.args, ctx);
  } catch (error) {
    // A throwing tool is a bug in the tool, not in the model's call; the session goes on.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, output: `Tool ${call.name} failed unexpectedly: ${message}` };
  }
}
