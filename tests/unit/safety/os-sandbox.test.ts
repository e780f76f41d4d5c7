// The OS sandbox as the runner takes it, without running anything: the environment each profile gets
// (git that cannot start programs in the read-only one), the instruction files bound read-only in the
// write profile, and what was undone after a command, as the result and the model's text say it.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { osSandbox, type OsSandboxOptions } from '../../../src/main/safety/os-sandbox.js';
import type { SandboxInfo } from '../../../src/main/safety/sandbox.js';
import { folderPolicy } from '../../../src/main/safety/sandbox-scan.js';
import { Permissions } from '../../../src/main/safety/permissions.js';
import { runCommandTool } from '../../../src/main/tools/run-command.js';
import { DEFAULT_LIMITS } from '../../../src/main/tools/types.js';
import type {
  CommandResult,
  CommandRunner,
  SandboxLaunch,
} from '../../../src/main/workspace/command-runner.js';
import { ReadTracker } from '../../../src/main/workspace/read-tracker.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';
import { allowAllPermissions } from '../../helpers/allow-all.js';

const bwrap: SandboxInfo = { available: true, kind: 'bwrap', note: 'bubblewrap', program: '/usr/bin/bwrap' };
let root: string;

beforeEach(() => {
  root = path.join(realpathSync(mkdtempSync(path.join(os.tmpdir(), 'os-sandbox-'))), 'proj');
  mkdirSync(path.join(root, '.git'), { recursive: true });
  mkdirSync(path.join(root, 'docs'));
  writeFileSync(path.join(root, 'AGENTS.md'), 'the person wrote this\n');
  writeFileSync(path.join(root, 'docs/CLAUDE.md'), 'nested\n');
});
afterEach(() => rmSync(path.dirname(root), { recursive: true, force: true }));

async function launch(profile: 'read-only' | 'write', options: OsSandboxOptions = {}) {
  const sandbox = osSandbox(bwrap, folderPolicy(root, { allowNetwork: false }, undefined), {
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', GIT_DIR: '/elsewhere', GIT_CONFIG_COUNT: '9' },
    ...options,
  });
  const launched = await sandbox.launch('/bin/sh', ':', { cwd: root, timeoutMs: 1000, profile });
  if ('unavailable' in launched) throw new Error(launched.unavailable);
  return launched;
}

const result = (over: Partial<CommandResult> = {}): CommandResult => ({
  exitCode: 0,
  signal: null,
  timedOut: false,
  cancelled: false,
  output: '',
  totalBytes: 0,
  durationMs: 1,
  sandboxed: true,
  ...over,
});

const roBound = (l: SandboxLaunch, p: string) =>
  l.argv.some((x, i) => x === '--ro-bind' && l.argv[i + 1] === p && l.argv[i + 2] === p);

describe('the environment per profile', () => {
  it('read-only: git gets settings that start no program, and nothing that points it elsewhere', async () => {
    const { env } = await launch('read-only');
    expect(env.GIT_CONFIG_NOSYSTEM).toBe('1');
    expect(env.GIT_CONFIG_GLOBAL).toBe('/dev/null');
    const count = Number(env.GIT_CONFIG_COUNT);
    const settings = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]),
    );
    expect(settings).toMatchObject({
      'core.fsmonitor': 'false',
      'core.hooksPath': '/dev/null',
      'core.pager': 'cat',
      'core.sshCommand': 'false',
      'protocol.allow': 'never',
    });
    expect(env.GIT_DIR).toBeUndefined();
  });

  it('write: the allow-listed environment only', async () => {
    const { env } = await launch('write');
    expect(env.GIT_CONFIG_COUNT).toBeUndefined();
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin:/bin');
  });
});

describe('instruction files in the write profile', () => {
  it('are bound read-only, but in full-auto and in the read-only profile (all of it is)', async () => {
    const write = await launch('write');
    expect(roBound(write, path.join(root, 'AGENTS.md'))).toBe(true);
    expect(roBound(write, path.join(root, 'docs/CLAUDE.md'))).toBe(true);
    const auto = await launch('write', { instructionsWritable: true });
    expect(roBound(auto, path.join(root, 'AGENTS.md'))).toBe(false);
    const ro = await launch('read-only');
    expect(roBound(ro, path.join(root, 'AGENTS.md'))).toBe(false);
  });

  it('reports what it undid after the command: a new .git and an instruction file', async () => {
    const launched = await launch('write');
    mkdirSync(path.join(root, 'lib/.git'), { recursive: true });
    writeFileSync(path.join(root, 'CLAUDE.md'), 'obey\n');
    const settled = await launched.settle(result());
    expect(settled.removedProtected).toEqual([path.join(root, 'lib/.git')]);
    expect(settled.undoneInstructions).toEqual([path.join(root, 'CLAUDE.md')]);
    expect(existsSync(path.join(root, 'lib/.git'))).toBe(false);
  });
});

describe('run_command on a read-only verdict', () => {
  it('gives git settings that start no program, in whatever profile it runs; not on other verdicts', async () => {
    const opened = await openWorkspace(root);
    if (!opened.ok) throw new Error(opened.message);
    const seen: (Record<string, string> | undefined)[] = [];
    const commands: CommandRunner = {
      run: async (_command, opts) => {
        seen.push(opts.env);
        return result();
      },
    };
    const ctx = (permissions: Permissions) => ({
      ws: opened.workspace,
      reads: new ReadTracker(),
      commands,
      limits: DEFAULT_LIMITS,
      signal: new AbortController().signal,
      permissions,
    });
    await runCommandTool.execute({ command: 'git status' }, ctx(allowAllPermissions()));
    const asking = new Permissions({
      mode: 'full-auto',
      judge: async (command) => ({ verdict: 'ask', reasons: ['writes'], segments: [command] }),
      sandbox: { available: true, note: 'tests', whenMissing: 'ask' },
    });
    await runCommandTool.execute({ command: 'git commit -m x' }, ctx(asking));
    expect(seen[0]).toMatchObject({ GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
    expect(seen[1]).toBeUndefined();
  });
});

describe('run_command tells the model', () => {
  it('that instruction files were put back and how a change to one is made', async () => {
    const opened = await openWorkspace(root);
    if (!opened.ok) throw new Error(opened.message);
    const commands: CommandRunner = {
      run: async () =>
        result({
          undoneInstructions: [path.join(root, 'AGENTS.md')],
          removedProtected: [path.join(root, 'lib/.git')],
        }),
    };
    const r = await runCommandTool.execute(
      { command: 'make docs' },
      {
        ws: opened.workspace,
        reads: new ReadTracker(),
        commands,
        limits: DEFAULT_LIMITS,
        signal: new AbortController().signal,
        permissions: allowAllPermissions(),
      },
    );
    const header = r.output.split('\n')[0] ?? '';
    expect(header).toContain(`instruction files, which were put back: ${path.join(root, 'AGENTS.md')}`);
    expect(header).toMatch(/needs the user: propose the change with the edit tools/);
    expect(header).toContain(`protected paths, which were removed: ${path.join(root, 'lib/.git')}`);
  });
});
