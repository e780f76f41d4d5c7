// Commands in the real OS sandbox (bubblewrap here): the folder writable, the rest read-only, protected
// paths kept, the network off unless allowed, and timeouts and cancels still ending everything.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectSandbox, type SandboxPolicy } from '../../src/main/safety/sandbox.js';
import { osSandbox } from '../../src/main/safety/os-sandbox.js';
import { folderPolicy, scanFolder } from '../../src/main/safety/sandbox-scan.js';
import { createCommandRunner, type RunOptions } from '../../src/main/workspace/command-runner.js';
import { connects, isAlive, waitFor } from '../unit/helpers/process.js';

const info = await detectSandbox();
if (!info.available) console.log(`Sandbox tests skipped: ${info.note}`);
const sandboxIt = info.available ? it : it.skip;

let base: string;
let root: string;

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sandbox-it-')));
  root = path.join(base, 'project');
  mkdirSync(root);
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

/** The policy a session builds (session.ts): its protected paths, and the folder scan's binds. */
async function policy(allowNetwork = false): Promise<SandboxPolicy> {
  return folderPolicy(root, { allowNetwork }, await scanFolder(root));
}

async function run(
  command: string,
  opts: Partial<RunOptions> & { allowNetwork?: boolean; killGraceMs?: number } = {},
) {
  const { allowNetwork = false, killGraceMs = 500, ...rest } = opts;
  // The write profile (a person approved, or auto-edit): these cases are about what it still holds.
  const sandbox = osSandbox(info, await policy(allowNetwork), { profile: 'write' });
  const runner = createCommandRunner({ killGraceMs, sandbox });
  return runner.run(command, { cwd: root, timeoutMs: 10_000, ...rest });
}

/** A marker no other process has: a sleep of an odd number of seconds. */
function marker(): string {
  return `${1000 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1e6)}`;
}

/** Host pids of processes whose command line contains `needle` (sandbox pids are of another namespace). */
function hostPids(needle: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(needle)) pids.push(Number(name));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

async function allGone(pids: number[]): Promise<void> {
  await waitFor(() => (pids.every((p) => !isAlive(p)) ? true : undefined), 3000);
}

function gitInit(): void {
  execFileSync('git', ['init', '-q'], { cwd: root });
}

describe('detectSandbox', () => {
  it('reports no sandbox, with the reason, when turned off', async () => {
    const off = await detectSandbox({ LOCAL_CODER_SANDBOX: 'off' });
    expect(off).toEqual({
      available: false,
      kind: null,
      note: expect.stringContaining('LOCAL_CODER_SANDBOX=off'),
    });
  });

  it('a runner that must sandbox refuses to run when there is none', async () => {
    const off = await detectSandbox({ LOCAL_CODER_SANDBOX: 'off' });
    const runner = createCommandRunner({ sandbox: osSandbox(off, await policy()) });
    const r = await runner.run('touch ran', { cwd: root, timeoutMs: 5000 });
    expect(r.errorCode).toBe('sandbox_unavailable');
    expect(r.spawnError).toContain('turned off');
    expect(r.sandboxed).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(existsSync(path.join(root, 'ran'))).toBe(false);
  });

  sandboxIt('finds bubblewrap on Linux and can run it', () => {
    expect(info).toMatchObject({
      available: true,
      kind: process.platform === 'linux' ? 'bwrap' : 'sandbox-exec',
    });
  });
});

describe('sandboxed commands: files', () => {
  sandboxIt('write inside the folder, and nowhere else', async () => {
    const sibling = path.join(base, 'outside');
    mkdirSync(sibling);
    const inHome = path.join(os.homedir(), `.sandbox-it-${marker()}`);
    const r = await run(`echo hi > inside.txt; echo x > "${sibling}/f"; echo x > "${inHome}"; echo done`);
    try {
      expect(r.sandboxed).toBe(true);
      expect(r.exitCode).toBe(0);
      expect(readFileSync(path.join(root, 'inside.txt'), 'utf8')).toBe('hi\n');
      expect(existsSync(path.join(sibling, 'f'))).toBe(false);
      expect(existsSync(inHome)).toBe(false);
      expect(r.output).toMatch(new RegExp(`${inHome.replace(/[.]/g, '\\.')}: Read-only file system`));
    } finally {
      rmSync(inHome, { force: true });
    }
  });

  sandboxIt('has a private /tmp (TMPDIR) that does not reach the host', async () => {
    const name = `sandbox-it-${marker()}`;
    const r = await run(`echo x > "$TMPDIR/${name}" && cat "/tmp/${name}"`);
    expect(r.output).toBe('x\n');
    expect(existsSync(path.join('/tmp', name))).toBe(false);
  });

  sandboxIt('runs without capabilities, even as root (no unmounting the read-only binds)', async () => {
    const r = await run('grep CapEff /proc/self/status');
    expect(r.output).toMatch(/^CapEff:\s+0+\n$/);
  });

  sandboxIt('keeps all of .git read-only (hooks, config, history) while git can still read', async () => {
    gitInit();
    writeFileSync(path.join(root, 'a.txt'), 'a\n');
    execFileSync('git', ['add', 'a.txt'], { cwd: root });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'first'], {
      cwd: root,
    });
    const configBefore = readFileSync(path.join(root, '.git/config'), 'utf8');
    const r = await run(
      [
        'echo evil > .git/hooks/pre-commit',
        'echo "[core] hooksPath = /tmp" >> .git/config',
        'x=.git; rm -rf $x/objects',
        'mv .git .git-old',
        'echo b > a.txt',
        'git status --porcelain',
        'git log --format=%s',
        'git -c user.name=t -c user.email=t@t commit -qam second || echo commit refused',
      ].join('; '),
    );
    expect(r.output).toContain('.git/hooks/pre-commit: Read-only file system');
    expect(r.output).toContain('.git/config: Read-only file system');
    expect(r.output).toMatch(/cannot remove '\.git\/objects[^']*': Read-only file system/);
    expect(r.output).toMatch(/cannot move '\.git'.*Device or resource busy/);
    expect(r.output).toContain(' M a.txt\nfirst\n');
    expect(r.output).toContain('commit refused');
    expect(existsSync(path.join(root, '.git/hooks/pre-commit'))).toBe(false);
    expect(readFileSync(path.join(root, '.git/config'), 'utf8')).toBe(configBefore);
    expect(existsSync(path.join(root, '.git-old'))).toBe(false);
    expect(execFileSync('git', ['log', '--format=%s'], { cwd: root, encoding: 'utf8' })).toBe('first\n');
    expect(execFileSync('git', ['fsck', '--no-progress'], { cwd: root, encoding: 'utf8' })).toBe('');
  });

  sandboxIt("keeps nested repositories' .git read-only too, and survives `find . -delete`", async () => {
    gitInit();
    mkdirSync(path.join(root, 'sub'));
    execFileSync('git', ['init', '-q'], { cwd: path.join(root, 'sub') });
    writeFileSync(path.join(root, 'sub/file.txt'), 'x\n');
    const r = await run('find . -delete; echo "[core] hooksPath = /tmp" >> sub/.git/config');
    expect(r.output).toContain('sub/.git/config: Read-only file system');
    expect(existsSync(path.join(root, 'sub/file.txt'))).toBe(false);
    for (const p of ['.git/HEAD', '.git/config', 'sub/.git/HEAD', 'sub/.git/config']) {
      expect(existsSync(path.join(root, p)), p).toBe(true);
    }
    expect(readFileSync(path.join(root, 'sub/.git/config'), 'utf8')).not.toContain('hooksPath');
  });

  sandboxIt(
    'keeps a file hard-linked to one outside the folder read-only; the outside twin is untouched',
    async () => {
      const outside = path.join(base, 'outside');
      mkdirSync(outside);
      writeFileSync(path.join(outside, 'store.js'), 'original\n');
      linkSync(path.join(outside, 'store.js'), path.join(root, 'linked.js'));
      const r = await run('echo owned >> linked.js; echo fine > other.js; cat other.js');
      expect(r.output).toContain('linked.js: Read-only file system');
      expect(r.output).toContain('fine');
      expect(readFileSync(path.join(outside, 'store.js'), 'utf8')).toBe('original\n');
    },
  );

  sandboxIt('removes protected paths a command created where there were none', async () => {
    const r = await run(
      'mkdir -p .git/hooks && echo evil > .git/hooks/pre-commit && echo "{}" > .local-coder.json && echo wrote',
    );
    expect(r.output).toBe('wrote\n');
    expect(existsSync(path.join(root, '.git'))).toBe(false);
    expect(existsSync(path.join(root, '.local-coder.json'))).toBe(false);
    expect(r.removedProtected?.sort()).toEqual([
      path.join(root, '.git'),
      path.join(root, '.local-coder.json'),
    ]);
  });

  sandboxIt('undoes a `git init`: repositories are for the person to create', async () => {
    writeFileSync(path.join(root, 'a.txt'), 'a\n');
    const r = await run('git init -q && git add a.txt && echo ok');
    expect(r.output).toBe('ok\n');
    expect(r.removedProtected).toEqual([path.join(root, '.git')]);
    expect(existsSync(path.join(root, '.git'))).toBe(false);
    expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('a\n');
  });

  sandboxIt('puts back a protected symlink the command replaced', async () => {
    mkdirSync(path.join(root, 'agent-settings'));
    symlinkSync('agent-settings', path.join(root, '.local-coder'));
    const r = await run(
      'echo evil > agent-settings/instructions.md; rm .local-coder && mkdir .local-coder && echo evil > .local-coder/instructions.md && echo swapped',
    );
    expect(r.output).toContain('agent-settings/instructions.md: Read-only file system');
    expect(r.output).toContain('swapped');
    expect(r.restoredProtected).toEqual([path.join(root, '.local-coder')]);
    expect(readlinkSync(path.join(root, '.local-coder'))).toBe('agent-settings');
    expect(readdirSync(path.join(root, 'agent-settings'))).toEqual([]);
  });
});

describe('sandboxed commands: network', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchScript = () =>
    `"${process.execPath}" -e "fetch('http://127.0.0.1:${port}/').then((r) => r.text()).then((t) => console.log('got', t), (e) => { console.log('failed', e.cause?.code ?? e.message); process.exit(3); })"`;

  sandboxIt('is off by default: a server on the host is unreachable', async () => {
    const r = await run(fetchScript());
    expect(r.exitCode).toBe(3);
    expect(r.output).toMatch(/^failed /);
  });

  sandboxIt('is on when allowed', async () => {
    const r = await run(fetchScript(), { allowNetwork: true });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('got hello\n');
  });
});

describe('sandboxed commands: ending them', () => {
  sandboxIt(
    'on timeout, signals the command (it may clean up), then kills it and its grandchildren',
    async () => {
      const [a, b] = [marker(), marker()];
      // The clean-up takes a while: it only completes if SIGTERM does not kill the sandbox at once.
      const pending = run(
        `trap 'sleep 0.3; echo cleaned > cleaned.txt' TERM; sleep ${a} & (trap "" TERM; sleep ${b}) & wait; wait`,
        { timeoutMs: 1000, killGraceMs: 2000 },
      );
      const pids = await waitFor(() => {
        const found = [...hostPids(a), ...hostPids(b)];
        return found.length === 2 ? found : undefined;
      });
      const r = await pending;
      expect(r).toMatchObject({ timedOut: true, cancelled: false, exitCode: null, sandboxed: true });
      expect(readFileSync(path.join(root, 'cleaned.txt'), 'utf8')).toBe('cleaned\n');
      await allGone(pids);
    },
  );

  sandboxIt('cancels via AbortSignal and kills everything', async () => {
    const [a, b] = [marker(), marker()];
    const controller = new AbortController();
    const pending = run(`sleep ${a} & sleep ${b}`, { signal: controller.signal });
    const pids = await waitFor(() => {
      const found = [...hostPids(a), ...hostPids(b)];
      return found.length === 2 ? found : undefined;
    });
    controller.abort();
    const r = await pending;
    expect(r).toMatchObject({ cancelled: true, timedOut: false, sandboxed: true });
    await allGone(pids);
  });

  sandboxIt('ends what the command left behind, even a process that started its own session', async () => {
    const [a, b] = [marker(), marker()];
    const r = await run(`sleep ${a} & setsid sleep ${b} & sleep 0.2; echo started`);
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('started\n');
    await waitFor(() => (hostPids(a).length + hostPids(b).length === 0 ? true : undefined), 3000);
  });

  sandboxIt('with the network allowed, frees the port of a server it started once cancelled', async () => {
    writeFileSync(
      path.join(root, 'server.cjs'),
      `const s = require('http').createServer((q, r) => r.end('hi'));
       s.listen(0, '127.0.0.1', () => require('fs').writeFileSync('port', String(s.address().port)));`,
    );
    const controller = new AbortController();
    const pending = run(`"${process.execPath}" server.cjs & wait`, {
      signal: controller.signal,
      allowNetwork: true,
    });
    const file = path.join(root, 'port');
    const port = await waitFor(() =>
      existsSync(file) && readFileSync(file, 'utf8') !== '' ? Number(readFileSync(file, 'utf8')) : undefined,
    );
    expect(await connects(port)).toBe(true);
    controller.abort();
    expect((await pending).cancelled).toBe(true);
    expect(await connects(port)).toBe(false);
  });

  sandboxIt('without the network, a server it starts is not reachable from the host at all', async () => {
    writeFileSync(
      path.join(root, 'server.cjs'),
      `const s = require('http').createServer((q, r) => r.end('hi'));
       s.listen(0, '127.0.0.1', () => require('fs').writeFileSync('port', String(s.address().port)));`,
    );
    const controller = new AbortController();
    const pending = run(`"${process.execPath}" server.cjs & wait`, { signal: controller.signal });
    const file = path.join(root, 'port');
    const port = await waitFor(() =>
      existsSync(file) && readFileSync(file, 'utf8') !== '' ? Number(readFileSync(file, 'utf8')) : undefined,
    );
    const reachable = await connects(port);
    controller.abort();
    await pending;
    expect(reachable).toBe(false);
  });
});
