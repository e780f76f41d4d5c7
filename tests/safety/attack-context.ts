// The tool context an attack runs in: the real workspace, tools, permissions, command policy and
// sandboxed runner, wired as a session wires them. Two honest hooks are added: the runner records every
// command that reaches it (so "never run" is observed, not inferred from the output), and a folder can be
// swapped for a symlink to the outside after the path check, at the read check or just before the write.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ApprovalMode, ApprovalRequest, CommandJudgement } from '../../src/shared/approval.js';
import { judgeCommand } from '../../src/main/safety/command-policy.js';
import { Permissions, type Approver } from '../../src/main/safety/permissions.js';
import { osSandbox } from '../../src/main/safety/os-sandbox.js';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import { folderPolicy, scanFolder } from '../../src/main/safety/sandbox-scan.js';
import { DEFAULT_LIMITS, type ToolContext } from '../../src/main/tools/types.js';
import {
  createCommandRunner,
  type CommandRunner,
  type SandboxProfile,
} from '../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import type { World } from './fixture.js';

/** When the folder `swap/` is replaced by a link to `outside/swap-twin/`. */
export type SwapAt = 'check' | 'save';

export interface AttackContext {
  ctx: ToolContext;
  /** Command lines that reached the runner (ran, or were about to). */
  ran: string[];
  /** The sandbox profile each of them was run with. */
  profiles: (SandboxProfile | undefined)[];
  /** Questions the approver was asked (it declines them all). */
  asked: ApprovalRequest[];
  /** Whether the swap hook fired. */
  swapped(): boolean;
}

/** Swaps `swap/` for a symlink to the outside twin folder, once. */
export function swapper(world: World): { swap(): Promise<void>; done(): boolean } {
  let done = false;
  return {
    async swap() {
      if (done) return;
      done = true;
      await fs.rename(path.join(world.root, 'swap'), path.join(world.root, 'swap-orig'));
      await fs.symlink(path.join(world.outside, 'swap-twin'), path.join(world.root, 'swap'));
    },
    done: () => done,
  };
}

/** A read tracker whose freshness check is where the swap happens (after resolve, before the write). */
class SwappingTracker extends ReadTracker {
  constructor(private readonly onCheck: () => Promise<void>) {
    super();
  }

  override async check(abs: string) {
    const result = await super.check(abs);
    await this.onCheck();
    return result;
  }
}

export async function attackContext(
  world: World,
  mode: ApprovalMode,
  options: {
    swapAt?: SwapAt;
    approver?: Approver;
    /** Instead of the command policy (sandbox-attacks.ts: a wrong read-only verdict, to see it contained). */
    judge?: (command: string) => Promise<CommandJudgement>;
    /** The environment the sandbox starts commands from (a fake home and fake tokens); default process.env. */
    sandboxEnv?: NodeJS.ProcessEnv;
  } = {},
): Promise<AttackContext> {
  const opened = await openWorkspace(world.root, world.env);
  if (!opened.ok) throw new Error(opened.message);
  const ws = opened.workspace;
  const info = await detectSandbox();
  const real = createCommandRunner(
    info.available
      ? {
          killGraceMs: 300,
          // As the session builds it (session.ts commandSetup).
          sandbox: osSandbox(
            info,
            folderPolicy(
              ws.root,
              { allowNetwork: false, extraProtected: ws.protectedDirs },
              await scanFolder(ws.root),
            ),
            {
              ...(options.sandboxEnv ? { env: options.sandboxEnv } : {}),
              instructionsWritable: mode === 'full-auto',
            },
          ),
        }
      : {},
  );
  const ran: string[] = [];
  const profiles: (SandboxProfile | undefined)[] = [];
  const commands: CommandRunner = {
    run(command, opts) {
      ran.push(command);
      profiles.push(opts.profile);
      return real.run(command, opts);
    },
  };
  const asked: ApprovalRequest[] = [];
  const approver: Approver =
    options.approver ??
    (async (request) => {
      asked.push(request);
      return { approved: false, note: 'declined by the safety suite' };
    });
  const swap = swapper(world);
  const ctx: ToolContext = {
    ws,
    reads: options.swapAt === 'check' ? new SwappingTracker(swap.swap) : new ReadTracker(),
    commands,
    limits: DEFAULT_LIMITS,
    signal: new AbortController().signal,
    permissions: new Permissions({
      mode,
      approver,
      judge: options.judge ?? ((c) => judgeCommand(c, { root: ws.root })),
      // Without a sandbox every command is asked (and declined), so nothing runs unsandboxed.
      sandbox: { available: info.available, note: info.note, whenMissing: 'ask' },
    }),
  };
  if (options.swapAt === 'save') {
    ctx.saveBefore = async () => {
      await swap.swap();
      return undefined;
    };
  }
  return { ctx, ran, profiles, asked, swapped: swap.done };
}
