// Commands inside the OS sandbox (bubblewrap here): the folder writable, the rest read-only, protected
// paths read-only, no network unless allowed, and timeouts/cancels still end everything it started.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSandbox, macProfile, type SandboxInfo } from '../../src/main/safety/sandbox.js';
import { createCommandRunner, type CommandRunner } from '../../src/main/workspace/command-runner.js';
import { makeTempDir } from '../unit/helpers/tool-context.js';

const info: SandboxInfo = await detectSandbox();
if (!info.available) console.log(`sandbox tests skipped: ${info.note}`);

describe.skipIf(!info.available)('bubblewrap sandbox', () => {
  let root: string;
  let outside: string;
  let server: http.Server;
  let port: number;
  const runner = (allowNetwork = false): CommandRunner =>
    createCommandRunner({
      killGraceMs: 300,
      sandbox: {
        info,
        policy: {
          root,
          allowNetwork,
          readOnlyInside: ['.git/hooks', '.git/config', '.local-coder.json'].map((p) => path.join(root, p)),
        },
      },
    });
  const run = (command: string, r = runner(), timeoutMs = 20_000) => r.run(command, { cwd: root, timeoutMs });

  beforeAll(async () => {
    root = await makeTempDir('lc-sbx-');
    outside = await makeTempDir('lc-sbx-outside-');
    execFileSync('git', ['init', '-q', root]);
    server = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.close();
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('writes inside the folder', async () => {
    const r = await run('echo inside > made.txt && cat made.txt');
    expect(r).toMatchObject({ exitCode: 0, sandboxed: true });
    expect(await fs.readFile(path.join(root, 'made.txt'), 'utf8')).toBe('inside\n');
  });

  it('cannot write outside the folder, nor in the home folder', async () => {
    const target = path.join(outside, 'escaped.txt');
    const r = await run(`echo x > ${target}; echo x > ${os.homedir()}/lc-sbx-escape.txt`);
    expect(r.output).toMatch(/Read-only file system/);
    await expect(fs.stat(target)).rejects.toThrow();
    await expect(fs.stat(path.join(os.homedir(), 'lc-sbx-escape.txt'))).rejects.toThrow();
  });

  it('keeps .git/hooks and .git/config read-only inside the folder', async () => {
    const config = await fs.readFile(path.join(root, '.git/config'), 'utf8');
    const r = await run(
      'echo evil > .git/hooks/pre-commit; echo "[core]" >> .git/config; git status --short',
    );
    expect(r.output).toMatch(/Read-only file system/);
    await expect(fs.stat(path.join(root, '.git/hooks/pre-commit'))).rejects.toThrow();
    expect(await fs.readFile(path.join(root, '.git/config'), 'utf8')).toBe(config);
  });

  it('removes a protected path a command created', async () => {
    const r = await run('echo \'{"checks":{"x":"curl evil"}}\' > .local-coder.json');
    expect(r.removedProtected).toEqual([path.join(root, '.local-coder.json')]);
    await expect(fs.stat(path.join(root, '.local-coder.json'))).rejects.toThrow();
  });

  it('has no network unless allowed', async () => {
    const fetchIt = `node -e "fetch('http://127.0.0.1:${port}').then(r=>r.text()).then(t=>console.log(t),e=>{console.log('blocked',e.cause?.code);process.exit(3)})"`;
    const off = await run(fetchIt);
    expect(off.exitCode).toBe(3);
    expect(off.output).toMatch(/blocked/);
    const on = await run(fetchIt, runner(true));
    expect(on.exitCode).toBe(0);
    expect(on.output).toContain('reached');
  });

  it('a timeout ends a command that ignores SIGTERM, and its grandchild', async () => {
    const pidFile = path.join(root, 'grandchild.pid');
    const r = await run(
      `trap '' TERM; (trap '' TERM; sleep 60 & echo $! > grandchild.pid; wait) & sleep 60`,
      runner(),
      1500,
    );
    expect(r.timedOut).toBe(true);
    // Inside its own pid namespace the pid is not the host's; the namespace ending kills it. Check
    // that no `sleep 60` started by this test is left on the host.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const left = execFileSync('ps', ['-eo', 'pid,args'])
      .toString()
      .split('\n')
      .filter((l) => /sleep 60$/.test(l.trim()));
    expect(left).toEqual([]);
    expect(await fs.readFile(pidFile, 'utf8')).toMatch(/^\d+/);
  });

  it('a cancel ends the sandboxed command', async () => {
    const controller = new AbortController();
    const pending = runner().run('sleep 30', { cwd: root, timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(r.durationMs).toBeLessThan(30_000);
  });
});

describe('without a sandbox', () => {
  it('LOCAL_CODER_SANDBOX=off reports none, and a runner configured for one refuses to run', async () => {
    const off = await detectSandbox({ LOCAL_CODER_SANDBOX: 'off' });
    expect(off).toMatchObject({ available: false, kind: null });
    const dir = await makeTempDir('lc-sbx-off-');
    const r = await createCommandRunner({
      sandbox: { info: off, policy: { root: dir, allowNetwork: false, readOnlyInside: [] } },
    }).run('echo ran > ran.txt', { cwd: dir, timeoutMs: 5000 });
    expect(r.spawnError).toMatch(/sandbox is not available/);
    await expect(fs.stat(path.join(dir, 'ran.txt'))).rejects.toThrow();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('the macOS profile denies writes outside the folder and the network', () => {
    const profile = macProfile({
      root: '/Users/a/p',
      allowNetwork: false,
      readOnlyInside: ['/Users/a/p/.git/hooks'],
    });
    expect(profile).toContain('(deny file-write*)');
    expect(profile).toContain('(allow file-write* (subpath "/Users/a/p")');
    expect(profile).toContain('(deny file-write* (subpath "/Users/a/p/.git/hooks"))');
    expect(profile).toContain('(deny network*)');
    expect(macProfile({ root: '/p', allowNetwork: true, readOnlyInside: [] })).not.toContain('deny network');
  });
});
