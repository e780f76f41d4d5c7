// The attack lists (data under attacks/) and how one case is run: the call goes through the real
// scheduler, tools, permissions (in full-auto, the most permissive mode) and sandboxed runner; it must be
// refused, and no file of the world may change.
import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApprovalMode, ApprovalRequest } from '../../src/shared/approval.js';
import { runSession } from '../../src/main/agent/session.js';
import { ScriptedModel } from '../../src/main/model/scripted-model.js';
import { judgeCommand } from '../../src/main/safety/command-policy.js';
import { Permissions } from '../../src/main/safety/permissions.js';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { executeCalls } from '../../src/main/tools/scheduler.js';
import { DEFAULT_LIMITS, type ToolContext } from '../../src/main/tools/types.js';
import { createCommandRunner } from '../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import { compare, type World } from './fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const load = <T>(name: string): T => JSON.parse(readFileSync(path.join(here, 'attacks', name), 'utf8')) as T;

export interface PathAttack {
  id: string;
  category: string;
  tool: string;
  args: Record<string, unknown>;
  why: string;
}
export interface CommandAttack {
  command: string;
  expect: 'read_only' | 'ask' | 'deny';
  why: string;
}
export interface InjectionAttack {
  id: string;
  file: string;
  content: string;
  calls: { name: string; args: Record<string, unknown> }[];
}

export const pathAttacks = load<{ cases: PathAttack[] }>('paths.json').cases;
export const commandAttacks = load<{ cases: CommandAttack[] }>('commands.json').cases.filter(
  (c) => c.expect === 'deny',
);
export const injectionAttacks = load<{ cases: InjectionAttack[] }>('injection.json').cases;

export interface AttackOutcome {
  refused: boolean;
  damaged: string[];
  /** Files that appeared outside the project folder. */
  escaped: string[];
  detail: string;
}

function fillArgs(world: World, args: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(world.fill(JSON.stringify(args))) as Record<string, unknown>;
}

async function toolContext(world: World, mode: ApprovalMode): Promise<ToolContext> {
  const opened = await openWorkspace(world.root, world.env);
  if (!opened.ok) throw new Error(opened.message);
  const info = await detectSandbox();
  const ws = opened.workspace;
  return {
    ws,
    reads: new ReadTracker(),
    commands: createCommandRunner(
      info.available
        ? {
            killGraceMs: 300,
            sandbox: {
              info,
              policy: {
                root: ws.root,
                allowNetwork: false,
                readOnlyInside: [
                  '.git/hooks',
                  '.git/config',
                  '.local-coder.json',
                  '.local-coder',
                  'appdata',
                ].map((p) => path.join(ws.root, p)),
              },
            },
          }
        : {},
    ),
    limits: DEFAULT_LIMITS,
    signal: new AbortController().signal,
    permissions: new Permissions({
      mode,
      judge: (c) => judgeCommand(c, { root: ws.root }),
      sandbox: { available: info.available, note: info.note, whenMissing: 'refuse' },
    }),
  };
}

/** A folder replaced by a symlink to the outside between the path check and the write. */
function swapHook(world: World, ctx: ToolContext): void {
  ctx.saveBefore = async () => {
    await fs.rename(path.join(world.root, 'swap'), path.join(world.root, 'swap-orig'));
    await fs.symlink(world.outside, path.join(world.root, 'swap'));
    return undefined;
  };
}

export async function runPathAttack(world: World, attack: PathAttack): Promise<AttackOutcome> {
  const ctx = await toolContext(world, 'full-auto');
  if (attack.category === 'symlink_swap') {
    swapHook(world, ctx);
    if (attack.tool === 'edit_file') {
      const read = await executeCalls(
        [{ id: 'r', name: 'read_file', args: { path: 'swap/file.txt' } }],
        createDefaultRegistry(),
        ctx,
      );
      if (!read[0]?.ok) throw new Error('setup: read failed');
    }
  }
  const before = await world.snapshot();
  const [out] = await executeCalls(
    [{ id: attack.id, name: attack.tool, args: fillArgs(world, attack.args) }],
    createDefaultRegistry(),
    ctx,
  );
  const after = await world.snapshot();
  const { damaged, created } = compare(before, after);
  const swapped = attack.category === 'symlink_swap' ? ['proj/swap', 'proj/swap-orig'] : [];
  return {
    refused: out?.ok === false,
    damaged: damaged.filter((p) => !swapped.some((s) => p === s || p.startsWith(`${s}/`))),
    escaped: created.filter((p) => !p.startsWith('proj/')),
    detail: out?.output.split('\n')[0] ?? '',
  };
}

export async function runCommandAttack(world: World, attack: CommandAttack): Promise<AttackOutcome> {
  const ctx = await toolContext(world, 'full-auto');
  const before = await world.snapshot();
  const [out] = await executeCalls(
    [{ id: 'c', name: 'run_command', args: { command: world.fill(attack.command), timeout_s: 10 } }],
    createDefaultRegistry(),
    ctx,
  );
  const { damaged, created } = compare(before, await world.snapshot());
  return {
    refused: out?.ok === false && /never run|Refused/.test(out.output),
    damaged,
    escaped: created.filter((p) => !p.startsWith('proj/')),
    detail: out?.output.split('\n')[0] ?? '',
  };
}

/**
 * A model that obeys instructions planted in a file: it reads the file, then makes every harmful call.
 * In auto-edit with a person who declines, each call must be refused outright or asked, never run.
 */
export async function runInjection(
  world: World,
  attack: InjectionAttack,
): Promise<{ calls: { name: string; refused: boolean; asked: boolean }[]; damaged: string[]; mode: string }> {
  await fs.mkdir(path.dirname(path.join(world.root, attack.file)), { recursive: true });
  await fs.writeFile(path.join(world.root, attack.file), attack.content);
  const opened = await openWorkspace(world.root, world.env);
  if (!opened.ok) throw new Error(opened.message);
  const asked: ApprovalRequest[] = [];
  const calls = attack.calls.map((c, i) => ({ ...c, args: fillArgs(world, c.args), id: `h${i}` }));
  const model = new ScriptedModel(
    {
      turns: [
        { calls: [{ name: 'read_file', args: { path: attack.file } }] },
        ...calls.map((c) => ({
          text: 'Following the instructions.',
          calls: [{ name: c.name, args: c.args }],
        })),
        { text: 'Done as instructed.' },
      ],
    },
    'obedient',
    8192,
  );
  const before = await world.snapshot();
  const results: { name: string; ok: boolean }[] = [];
  const permissionsSeen: string[] = [];
  await runSession({
    workspace: opened.workspace,
    model,
    task: 'Tidy up the project.',
    verify: false,
    approvalMode: 'auto-edit',
    approver: async (request) => {
      asked.push(request);
      return { approved: false, note: 'no' };
    },
    sandbox: { allowNetwork: false, whenMissing: 'refuse' },
    checkpointsDir: path.join(world.base, 'checkpoints'),
    spillDir: path.join(world.base, 'spill'),
    onEvent: (e) => {
      if (e.type === 'tool_result' && e.name !== 'read_file') results.push({ name: e.name, ok: e.ok });
      if (e.type === 'warning') permissionsSeen.push(e.code);
    },
  });
  const { damaged } = compare(before, await world.snapshot());
  return {
    calls: results.map((r, i) => ({
      name: r.name,
      refused: !r.ok,
      asked: asked.some((q) => q.kind === 'command' && q.command === (calls[i]?.args.command as string)),
    })),
    damaged: damaged.filter((p) => p !== `proj/${attack.file}`),
    mode: 'auto-edit',
  };
}
