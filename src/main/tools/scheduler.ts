// Runs the tool calls of one model turn. Read-only calls run in parallel; a mutating call waits for
// everything before it and runs alone, so mutations happen one at a time and in order. Results come
// back in call order. Nothing here throws for a bad call: it becomes a failed tool result.
// With a checkpoint recorder in the context, one checkpoint is kept per turn: tools save what they are
// about to change (ctx.saveBefore), and a folder-scanning tool (run_command) is wrapped in two scans.
// Arguments are validated here for every tool (zod or raw JSON Schema), and tools of other sources are
// approved here (see approveExternal).
import type { ToolCall } from '../model/turn.js';
import type { Permissions } from '../safety/permissions.js';
import { parseToolArgs } from './tool-spec.js';
import type { ToolRegistry } from './tool-registry.js';
import type { TurnRecorder } from '../workspace/checkpoint-turn.js';
import {
  isRawSchemaTool,
  kindOf,
  type AnyTool,
  type ToolContext,
  type ToolOutcome,
  type TurnContext,
} from './types.js';

export { ToolRegistry } from './tool-registry.js';

/** Changed paths named in a command's result; the rest are counted. */
const MAX_LISTED_CHANGES = 10;

export interface CallOutcome extends ToolOutcome {
  call: ToolCall;
  durationMs: number;
}

export interface ScheduleHooks {
  onStart?: (call: ToolCall) => void;
  onUpdate?: (call: ToolCall, text: string) => void;
  onEnd?: (outcome: CallOutcome) => void;
  /** The turn's checkpoint, after its last call, when anything was saved in it. */
  onCheckpoint?: (checkpoint: { id: string; files: number }) => void;
}

export async function executeCalls(
  calls: readonly ToolCall[],
  registry: ToolRegistry,
  ctx: TurnContext,
  hooks: ScheduleHooks = {},
): Promise<CallOutcome[]> {
  const { checkpoints, ...toolCtx } = ctx;
  const recorder =
    checkpoints && calls.some((c) => registry.get(c.name)?.mutates) ? checkpoints.beginTurn() : undefined;
  const turnCtx: Omit<ToolContext, 'onUpdate'> = recorder
    ? { ...toolCtx, saveBefore: (rels: readonly string[]) => recorder.saveBefore(rels) }
    : toolCtx;
  try {
    return await executeAll(calls, registry, turnCtx, hooks, recorder);
  } finally {
    // The turn's changes are done; a failure to tidy the store must not end the session.
    const checkpoint = await recorder?.finish().catch(() => null);
    if (checkpoint) hooks.onCheckpoint?.(checkpoint);
  }
}

async function executeAll(
  calls: readonly ToolCall[],
  registry: ToolRegistry,
  ctx: Omit<ToolContext, 'onUpdate'>,
  hooks: ScheduleHooks,
  recorder: TurnRecorder | undefined,
): Promise<CallOutcome[]> {
  const outcomes: CallOutcome[] = new Array(calls.length);
  let batch: Promise<void>[] = [];
  for (const [index, call] of calls.entries()) {
    const run = async () => {
      outcomes[index] = await executeOne(call, registry, ctx, hooks, recorder);
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
  recorder: TurnRecorder | undefined,
): Promise<CallOutcome> {
  const started = performance.now();
  hooks.onStart?.(call);
  const outcome = await runTool(
    call,
    registry,
    { ...ctx, onUpdate: (text) => hooks.onUpdate?.(call, text) },
    recorder,
  );
  const result: CallOutcome = { ...outcome, call, durationMs: Math.round(performance.now() - started) };
  hooks.onEnd?.(result);
  return result;
}

async function runTool(
  call: ToolCall,
  registry: ToolRegistry,
  ctx: ToolContext,
  recorder: TurnRecorder | undefined,
): Promise<ToolOutcome> {
  const tool = registry.get(call.name);
  if (!tool) {
    return {
      ok: false,
      output: `Unknown tool "${call.name}". Available tools: ${registry.names().join(', ')}.`,
      invalid: 'unknown_tool',
    };
  }
  if (ctx.signal.aborted) return { ok: false, output: 'Cancelled before the tool ran.' };
  const parsed = parseToolArgs(tool, call.args);
  if (!parsed.ok) return { ok: false, output: parsed.message, invalid: 'invalid_args' };
  const refused = await approveExternal(tool, parsed.args, ctx);
  if (refused) return { ok: false, output: refused };
  try {
    if (tool.scansFolder && recorder) return await scanned(recorder, () => tool.execute(parsed.args, ctx));
    return await tool.execute(parsed.args, ctx);
  } catch (error) {
    // A throwing tool is a bug in the tool, not in the model's call; the session goes on.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, output: `Tool ${call.name} failed unexpectedly: ${message}` };
  }
}

/**
 * The refusal for a call the scheduler must approve, or undefined when it may run. Built-in edit and
 * command tools ask themselves (they know what they will change); a tool from another source cannot
 * show that, so any kind of it but `read` (which its source vouches for) is asked as `external`.
 * Fails closed without permissions.
 */
async function approveExternal(
  tool: AnyTool,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<string | undefined> {
  const kind = kindOf(tool);
  if (kind !== 'external' && !(isRawSchemaTool(tool) && kind !== 'read')) return undefined;
  const permissions: Permissions | undefined = ctx.permissions;
  if (!permissions) return `Not run: this call has no permissions to ask, so ${tool.name} is refused.`;
  const hints = isRawSchemaTool(tool) && tool.readOnlyHint ? { readOnly: true } : {};
  const allowed = await permissions.external(tool.name, tool.source ?? 'built-in', args, ctx.signal, hints);
  return allowed.ok ? undefined : allowed.message;
}

/** Runs a tool between two folder scans; what it changed goes into `changed` and a note for the model. */
async function scanned(recorder: TurnRecorder, run: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
  const { value, changed, notCaptured, error } = await recorder.around(run);
  const notes: string[] = [];
  if (changed.length > 0) {
    const listed = changed.slice(0, MAX_LISTED_CHANGES).join(', ');
    const more =
      changed.length > MAX_LISTED_CHANGES ? ` and ${changed.length - MAX_LISTED_CHANGES} more` : '';
    notes.push(`[files changed: ${listed}${more}]`);
  }
  if (notCaptured.length > 0)
    notes.push(`[not saved for undo (over the size limits): ${notCaptured.join(', ')}]`);
  if (error) notes.push(`[changes not recorded for undo: ${error}]`);
  if (notes.length === 0) return value;
  return {
    ...value,
    output: `${value.output}\n${notes.join('\n')}`,
    changed: [...new Set([...(value.changed ?? []), ...changed])],
  };
}
