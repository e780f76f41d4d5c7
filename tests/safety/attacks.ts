// The attack lists (data under attacks/) and how one case is run: the call goes through the real
// scheduler, tools, permissions and sandboxed runner, and is judged on what happened: refused (and, for a
// command, never reaching the runner), nothing leaked into the output, no file damaged.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { executeCalls } from '../../src/main/tools/scheduler.js';
import type { ApprovalMode } from '../../src/shared/approval.js';
import { askFirst } from '../../src/main/agent/session.js';
import { createSyntaxChecker } from '../../src/main/agent/verification/syntax-check.js';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import { attackContext, type SwapAt } from './attack-context.js';
import { SECRET, damaged, diff, isGuarded, type World } from './fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const loadList = <T>(name: string): T =>
  JSON.parse(readFileSync(path.join(here, 'attacks', name), 'utf8')) as T;

/**
 * refused: the tool says no (a command never reaches the runner). no_leak: may answer, but shows nothing
 * from outside the folder. contained: may run (a command the policy asks about runs in full-auto), but
 * the sandbox keeps every guarded file as it was.
 */
export type Expectation = 'refused' | 'no_leak' | 'contained';

export interface PathAttack {
  id: string;
  category: string;
  tool: string;
  args: Record<string, unknown>;
  why: string;
  expect?: Expectation;
  /** Swap `swap/` for a link to the outside after the path check. */
  swap_at?: SwapAt;
  /** Read this file first (an edit needs a fresh read). */
  read_first?: string;
  /** An argument-schema refusal is the expected one (e.g. a path over the length bound). */
  schema_refusal?: boolean;
  /** A regular expression the refusal must match (default: the category's, REFUSED_BY). */
  refusal?: string;
  /** A regular expression (multiline) the output must not match, e.g. a listed outside name. */
  must_not_show?: string;
  /** The approval mode the call runs in (default full-auto; the approver declines every question). */
  mode?: ApprovalMode;
  /** Files (relative to the project, placeholders filled) the model wrote earlier: put there first. */
  files?: Record<string, string>;
  /** A known hole in the core: the case is expected to fail until the fix described here lands. */
  gap?: string;
  /** The gap shows only with (or only without) an OS sandbox: without one, every command is asked. */
  gap_if?: GapCondition;
}

export type GapCondition = 'sandbox' | 'no_sandbox';

/** The gap note that applies on this machine, if any. */
export function gapHere(c: { gap?: string; gap_if?: GapCondition }, sandboxed: boolean): string | undefined {
  if (!c.gap) return undefined;
  if (c.gap_if === 'sandbox' && !sandboxed) return undefined;
  if (c.gap_if === 'no_sandbox' && sandboxed) return undefined;
  return c.gap;
}

/** The folder commands.json's absolute paths are written against (its unit test's root). */
const LIST_ROOT = '/work/project';

export interface CommandCase {
  command: string;
  expect: 'read_only' | 'ask' | 'deny';
  why: string;
}

export const pathAttacks = loadList<{ cases: PathAttack[] }>('paths.json').cases;
const commandCases = loadList<{ cases: CommandCase[] }>('commands.json').cases;
/** Denied lines, run in full-auto: never run. */
export const deniedCommands = commandCases.filter((c) => c.expect === 'deny');
/** Lines that need approval, run in auto-edit with a person who declines: asked, never run. */
export const askedCommands = commandCases.filter((c) => c.expect === 'ask');

export interface AttackOutcome {
  held: boolean;
  /** The call did act (the tool succeeded, or the command reached the runner). */
  acted?: boolean;
  damaged: string[];
  detail: string;
}

/** Text that must never reach the model: the outside secrets, the system's passwd file. */
export function leaks(output: string): boolean {
  return output.includes(SECRET) || /root:x:0:0:/.test(output);
}

const SCHEMA_ERROR = /^(Invalid arguments|Arguments for)/;

/**
 * What a refusal must say, per category: refused by the defence the case is about (confinement,
 * protection, the policy), not by a later layer (a freshness check, the write's own re-check).
 */
const REFUSED_BY: Record<string, RegExp> = {
  path_traversal: /outside the workspace|not a saved tool output|contains a NUL byte/,
  absolute_path: /outside the workspace/,
  symlink_escape: /outside the workspace|Too many symbolic links/,
  sibling_prefix: /outside the workspace/,
  git_write: /inside a \.git folder/,
  agent_settings: /agent settings|app's own data folder/,
  symlink_swap: /now resolves outside the folder/,
  // Asked (in auto-edit) and declined: an instruction file steers later sessions.
  instruction_file: /rejected the change/,
  command: /never run/,
};

function fillArgs(world: World, args: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(world.fill(JSON.stringify(args))) as Record<string, unknown>;
}

export async function runPathAttack(world: World, attack: PathAttack): Promise<AttackOutcome> {
  const expect = attack.expect ?? 'refused';
  const swapAt = attack.swap_at;
  const mode = attack.mode ?? 'full-auto';
  const { ctx, ran, swapped } = await attackContext(world, mode, swapAt ? { swapAt } : {});
  // The post-write syntax check, as the session wires it: in the sandbox, or asked without one.
  const sandboxed = (await detectSandbox()).available;
  const checkRunner = sandboxed ? ctx.commands : askFirst(ctx.commands, ctx.permissions, 'syntax_check');
  ctx.afterWrite = createSyntaxChecker({ root: world.root, runner: checkRunner });
  for (const [rel, text] of Object.entries(attack.files ?? {})) {
    await fs.mkdir(path.dirname(path.join(world.root, rel)), { recursive: true });
    await fs.writeFile(path.join(world.root, rel), world.fill(text));
  }
  const registry = createDefaultRegistry();
  if (attack.read_first) {
    const [read] = await executeCalls(
      [{ id: 'r', name: 'read_file', args: { path: attack.read_first } }],
      registry,
      ctx,
    );
    if (!read?.ok) throw new Error(`setup: reading ${attack.read_first} failed: ${read?.output}`);
  }
  const before = await world.snapshot();
  const [out] = await executeCalls(
    [{ id: attack.id, name: attack.tool, args: fillArgs(world, attack.args) }],
    registry,
    ctx,
  );
  const changes = diff(before, await world.snapshot());
  const output = out?.output ?? '';
  const swapPaths = (p: string) => /^proj\/swap(-orig)?(\/|$)/.test(p);
  const allowed = (p: string) =>
    (swapAt !== undefined && swapPaths(p)) || (expect === 'contained' && !isGuarded(p));
  const broken = damaged(changes, allowed);
  const created = changes.created.filter((p) => !allowed(p));
  const problems: string[] = [];
  if (leaks(output)) problems.push('the output shows outside content');
  if (attack.must_not_show && new RegExp(attack.must_not_show, 'm').test(output)) {
    problems.push(`the output shows ${attack.must_not_show}`);
  }
  if (broken.length > 0) problems.push(`damaged ${broken.join(', ')}`);
  if (expect !== 'contained' && created.length > 0) problems.push(`created ${created.join(', ')}`);
  if (expect === 'refused') {
    if (out?.ok !== false) problems.push('the call succeeded');
    if (ran.length > 0) problems.push('the command reached the runner');
    const reason = attack.refusal ? new RegExp(attack.refusal) : REFUSED_BY[attack.category];
    if (attack.schema_refusal) {
      if (!SCHEMA_ERROR.test(output)) problems.push('not refused for its arguments');
    } else if (SCHEMA_ERROR.test(output)) {
      problems.push('refused for its arguments, not for what it attempts (fix the case)');
    } else if (reason && !reason.test(output)) {
      problems.push(`refused, but not by the defence under test (${reason.source})`);
    }
  }
  if (swapAt && !swapped()) problems.push('the swap never happened (the case tests nothing)');
  return {
    held: problems.length === 0,
    acted: out?.ok === true || ran.length > 0,
    damaged: broken,
    detail: `${problems.join('; ') || 'held'} | ${output.split('\n').slice(0, 2).join(' / ').slice(0, 300)}`,
  };
}

/** A denied command line in full-auto: refused by the policy, never reaching the runner, nothing changed. */
export async function runDeniedCommand(world: World, c: CommandCase): Promise<AttackOutcome> {
  const { ctx, ran } = await attackContext(world, 'full-auto');
  return commandOutcome(world, c, ctx, ran, (output) => /never run/.test(output));
}

/**
 * A line that needs approval, in ask mode: the person is asked (and declines); it never runs. (In
 * auto-edit with the sandbox it would run contained in the write profile: sandbox-first approvals.)
 */
export async function runAskedCommand(world: World, c: CommandCase): Promise<AttackOutcome> {
  const { ctx, ran, asked } = await attackContext(world, 'ask');
  return commandOutcome(world, c, ctx, ran, () =>
    asked.some((q) => q.kind === 'command' && q.command === c.command.replaceAll(LIST_ROOT, world.root)),
  );
}

async function commandOutcome(
  world: World,
  c: CommandCase,
  ctx: Awaited<ReturnType<typeof attackContext>>['ctx'],
  ran: string[],
  judged: (output: string) => boolean,
): Promise<AttackOutcome> {
  const before = await world.snapshot();
  const command = c.command.replaceAll(LIST_ROOT, world.root);
  const [out] = await executeCalls(
    [{ id: 'c', name: 'run_command', args: { command, timeout_s: 10 } }],
    createDefaultRegistry(),
    ctx,
  );
  const broken = damaged(diff(before, await world.snapshot()));
  const output = out?.output ?? '';
  const problems: string[] = [];
  if (out?.ok !== false) problems.push('the call succeeded');
  if (ran.length > 0) problems.push('the command reached the runner');
  if (!judged(output)) problems.push('not refused/asked by the policy');
  if (broken.length > 0) problems.push(`damaged ${broken.join(', ')}`);
  return {
    held: problems.length === 0,
    damaged: broken,
    detail: `${problems.join('; ') || 'held'} | ${output.split('\n')[0]?.slice(0, 300)}`,
  };
}
