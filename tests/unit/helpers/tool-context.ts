// Builds a real ToolContext over a fresh temp folder for file-tool tests.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../../src/main/tools/types.js';
import type {
  Tool,
  ToolContext,
  ToolLimits,
  ToolOutcome,
  TurnContext,
} from '../../../src/main/tools/types.js';
import type { CommandRunner } from '../../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';
import type { Workspace } from '../../../src/main/workspace/workspace.js';
import { allowAllPermissions } from '../../helpers/allow-all.js';

export interface TempWorkspace {
  /** Real path of the workspace root. */
  root: string;
  ws: Workspace;
  /** Allows everything (see allow-all.ts); the scheduler also reads `checkpoints` from it. */
  ctx: ToolContext & TurnContext;
  /** Writes files (creating parents) relative to the root. */
  write(files: Record<string, string | Buffer>): Promise<void>;
  read(rel: string): Promise<string>;
  run<T extends Tool>(tool: T, args: Parameters<T['execute']>[0]): Promise<ToolOutcome>;
  cleanup(): Promise<void>;
}

export async function makeTempDir(prefix = 'lc-test-'): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
}

export async function writeFiles(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, content);
  }
}

export async function makeTempWorkspace(limits: Partial<ToolLimits> = {}): Promise<TempWorkspace> {
  const root = await makeTempDir();
  const opened = await openWorkspace(root);
  if (!opened.ok) throw new Error(opened.message);
  const ws = opened.workspace;
  const ctx: ToolContext & TurnContext = {
    ws,
    reads: new ReadTracker(),
    // File tools never run commands.
    commands: {} as CommandRunner,
    limits: { ...DEFAULT_LIMITS, ...limits },
    signal: new AbortController().signal,
    permissions: allowAllPermissions(),
  };
  return {
    root,
    ws,
    ctx,
    write: (files) => writeFiles(root, files),
    read: (rel) => fs.readFile(path.join(root, rel), 'utf8'),
    run: (tool, args) => tool.execute(args, ctx),
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}
