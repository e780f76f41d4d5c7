// run_command: a shell line, asked about by the permissions (the policy picks the sandbox profile), run
// by the command runner; the model sees shaped output, the whole of it kept in a spill file when long.
import { z } from 'zod';
import { shapeOutput } from '../context/shape-output.js';
import type { CommandResult } from '../workspace/command-runner.js';
import { spillBudgetFor, type SpillBudget, type SpillSlot } from '../workspace/spill-budget.js';
import { safeGitEnv } from '../safety/command-git.js';
import type { Permissions } from '../safety/permissions.js';
import { DEFAULT_LIMITS, defineTool, type CommandContext } from './types.js';

const params = z.object({
  command: z.string(),
  timeout_s: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(`Seconds (default ${DEFAULT_LIMITS.commandTimeoutS})`),
});

export const runCommandTool = defineTool({
  name: 'run_command',
  description: 'Run a bash command in the project root, without stdin.',
  params,
  mutates: true,
  kind: 'command',
  // Its file changes are found by scanning the folder around it (checkpoints, changed files).
  scansFolder: true,
  async execute(args, ctx: CommandContext) {
    const command = args.command;
    if (command.trim() === '') {
      return { ok: false, output: 'The command is empty; give the shell command line to run.' };
    }
    // The type says it is there; a cast or a plain-JS caller can still leave it out: then nothing runs.
    const permissions: Permissions | undefined = ctx.permissions;
    if (!permissions) {
      return {
        ok: false,
        output: 'Not run: this call has no permissions to ask, so every command is refused.',
      };
    }
    const allowed = await permissions.command('run_command', command, ctx.signal);
    if (!allowed.ok) return { ok: false, output: allowed.message };
    const personApproved = allowed.asked;
    const { limits } = ctx;
    const timeoutS = Math.min(args.timeout_s ?? limits.commandTimeoutS, limits.maxCommandTimeoutS);
    const spill = await spillFile(ctx.spillDir);
    const result = await ctx.commands.run(command, {
      cwd: ctx.ws.root,
      timeoutMs: timeoutS * 1000,
      signal: ctx.signal,
      onOutput: ctx.onUpdate,
      ...(spill ? { outputFile: spill.abs } : {}),
      ...(personApproved ? { personApproved } : {}),
      // A read-only verdict in the write profile too (auto-edit): git cannot start a program.
      ...(allowed.judgement.verdict === 'read_only' ? readOnlyEnv() : {}),
      profile: allowed.profile,
    });
    const kept = spill && (await keepSpill(spill, result));

    const shaped = shapeOutput(result.output, limits.outputChars);
    let header = describeEnd(result, timeoutS);
    if (shaped.truncated) header += `; ${result.totalBytes} bytes of output, middle omitted`;
    if (kept && result.savedBytes !== undefined && result.savedBytes < result.totalBytes) {
      header += `; the output file keeps its first ${result.savedBytes} bytes`;
    }
    if (result.removedProtected) {
      header += `; it created protected paths, which were removed: ${result.removedProtected.join(', ')}`;
    }
    if (result.restoredProtected) {
      header += `; it replaced protected symlinks, which were put back: ${result.restoredProtected.join(', ')}`;
    }
    if (result.undoneInstructions) {
      header += `; it changed instruction files, which were put back: ${result.undoneInstructions.join(', ')} (${INSTRUCTIONS_NOTE})`;
    }
    if (result.unrepairedProtected) {
      header += `; it changed protected paths that could not be put back: ${result.unrepairedProtected.join(', ')}`;
    }
    if (result.sandboxed && READ_ONLY_ERROR.test(result.output)) header += `; ${READ_ONLY_NOTE}`;
    const body = result.output === '' ? '(no output)' : shaped.text;
    const ok = result.exitCode === 0 && !result.timedOut && !result.cancelled;
    return {
      ok,
      output: `${header}\n${body}`,
      ...(shaped.truncated ? { truncated: true } : {}),
      ...(kept && spill ? { spill: spill.name } : {}),
      display: {
        kind: 'command',
        command,
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        output: shaped.text,
      },
    };
  },
});

/**
 * A read-only verdict's environment: git settings that cannot start programs, and none of the variables
 * that point git elsewhere or name programs (the sandbox's allow-list drops those too; this is for a run
 * without one).
 */
function readOnlyEnv(): { env: Record<string, string>; unsetEnv: readonly string[] } {
  const git = safeGitEnv();
  return { env: git.set, unsetEnv: git.unset };
}

/** Output under this many characters is never shaped: its file is not worth keeping. */
const SMALL_OUTPUT = 2000;

/**
 * A new file in the spill folder for the whole output; none without a folder, or when the session's
 * spill budget (shared with the context's spills) is spent.
 */
async function spillFile(
  dir: string | undefined,
): Promise<(SpillSlot & { budget: SpillBudget }) | undefined> {
  if (!dir) return undefined;
  const budget = spillBudgetFor(dir);
  const slot = await budget.reserve('command', '.log');
  return slot && { ...slot, budget };
}

/** Keeps the file when the output may be shaped (the model can then read all of it); else removes it. */
async function keepSpill(
  spill: SpillSlot & { budget: SpillBudget },
  result: CommandResult,
): Promise<boolean> {
  const keep =
    result.savedBytes !== undefined && result.savedBytes > 0 && result.output.length >= SMALL_OUTPUT;
  await spill.budget.settle(spill, keep);
  return keep;
}

/** Why a command's change to AGENTS.md or CLAUDE.md was undone, and the way that works. */
const INSTRUCTIONS_NOTE =
  'they steer later sessions, so changing one needs the user: propose the change with the edit tools, which ask';
const READ_ONLY_ERROR = /read-only file system/i;
/** Why a sandboxed write failed, so the model stops retrying it. */
const READ_ONLY_NOTE =
  'in the sandbox only the folder and /tmp are writable, and in the folder .git, the agent settings, ' +
  'AGENTS.md and CLAUDE.md (but in full-auto) and files hard-linked outside it are read-only: put caches ' +
  'in /tmp (GOCACHE, npm_config_cache, ...); git commands that change .git (commit, checkout, stash) run ' +
  'only when a person approves them, git hooks and config never change, and a .git a command creates is ' +
  'removed; edit files with the file tools';

/** The first line the model sees: how the command ended. */
function describeEnd(result: CommandResult, timeoutS: number): string {
  if (result.spawnError !== undefined) return `failed to start: ${result.spawnError}`;
  if (result.timedOut) return `timed out after ${timeoutS}s (process group killed)`;
  if (result.cancelled) return 'cancelled';
  if (result.exitCode !== null) return `exit code ${result.exitCode}`;
  return `killed by signal ${result.signal ?? 'unknown'}`;
}
