// The environment a read-only verdict runs with (command-git.ts safeGitEnv): the sandbox's allow-list
// never passes the variables that point git elsewhere or name programs, and without a sandbox the runner
// removes them (RunOptions.unsetEnv). And the session's view of its repository (git-trust.ts): once
// `.git` or its config appears or changes, the fingerprint says so.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeGitEnv } from '../../../src/main/safety/command-git.js';
import { watchGitTrust } from '../../../src/main/safety/git-trust.js';
import { sandboxEnv } from '../../../src/main/safety/sandbox-secrets.js';
import { createCommandRunner } from '../../../src/main/workspace/command-runner.js';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'read-only-git-')));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the environment of a read-only verdict', () => {
  const unsafe = safeGitEnv().unset;

  it('the sandbox allow-list drops every variable safeGitEnv unsets, and every other GIT_ one', () => {
    const parent: NodeJS.ProcessEnv = { PATH: '/usr/bin', HOME: '/home/x' };
    for (const name of unsafe) parent[name] = '/tmp/evil';
    Object.assign(parent, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: '/tmp/evil',
      GIT_CONFIG_GLOBAL: '/tmp/evil.gitconfig',
      GIT_TRACE: '/tmp/trace',
    });
    const env = sandboxEnv(parent);
    expect(unsafe.filter((name) => name in env)).toEqual([]);
    expect(Object.keys(env).filter((name) => /^(GIT_|SSH_)/.test(name))).toEqual([]);
    expect(env.PATH).toBe('/usr/bin');
  });

  it('the runner removes what unsetEnv names, after the variables it adds', async () => {
    const runner = createCommandRunner();
    const added = Object.fromEntries(unsafe.map((name) => [name, 'from-the-parent']));
    const r = await runner.run('env', {
      cwd: dir,
      timeoutMs: 5000,
      env: { ...added, ...safeGitEnv().set },
      unsetEnv: unsafe,
    });
    const names = r.output.split('\n').map((line) => line.split('=')[0]);
    expect(unsafe.filter((name) => names.includes(name))).toEqual([]);
    expect(r.output).toContain('GIT_CONFIG_KEY_0=core.fsmonitor');
    expect(r.output).not.toContain('from-the-parent');
  });
});

describe('watchGitTrust', () => {
  const git = (rel = '') => path.join(dir, '.git', rel);

  it('a repository left alone stays trusted, whatever git writes besides its config', async () => {
    mkdirSync(git('refs'), { recursive: true });
    writeFileSync(git('config'), '[core]\n\tbare = false\n');
    const trust = await watchGitTrust(dir);
    writeFileSync(git('index'), 'an index');
    writeFileSync(git('HEAD'), 'ref: refs/heads/other\n');
    expect(await trust.changed()).toBe(false);
  });

  it('a changed config is noticed, and stays noticed when it is put back', async () => {
    mkdirSync(git(), { recursive: true });
    writeFileSync(git('config'), '[core]\n');
    const trust = await watchGitTrust(dir);
    writeFileSync(git('config'), '[core]\n\tfsmonitor = ./x.sh\n');
    expect(await trust.changed()).toBe(true);
    writeFileSync(git('config'), '[core]\n');
    expect(await trust.changed()).toBe(true);
  });

  it('a .git that appears, a config.worktree or commondir added, or .git made a file are noticed', async () => {
    const none = await watchGitTrust(dir);
    mkdirSync(git(), { recursive: true });
    expect(await none.changed()).toBe(true);

    for (const name of ['config.worktree', 'commondir']) {
      const trust = await watchGitTrust(dir);
      writeFileSync(git(name), 'x\n');
      expect(await trust.changed(), name).toBe(true);
    }

    const before = await watchGitTrust(dir);
    rmSync(git(), { recursive: true });
    writeFileSync(path.join(dir, '.git'), 'gitdir: /elsewhere\n');
    expect(await before.changed()).toBe(true);
    const file = await watchGitTrust(dir);
    writeFileSync(path.join(dir, '.git'), 'gitdir: /another\n');
    expect(await file.changed()).toBe(true);
  });
});
