// The sandbox's command lines and macOS profile as text (the real sandbox runs in
// tests/integration/sandbox.test.ts; the macOS profile cannot run here).
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  between,
  containsPath,
  macProfile,
  sandboxArgv,
  type SandboxInfo,
  type SandboxPolicy,
} from '../../../src/main/safety/sandbox.js';

const bwrap: SandboxInfo = { available: true, kind: 'bwrap', note: 'bubblewrap', program: '/usr/bin/bwrap' };
let root: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sandbox-unit-')));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function policy(extra: Partial<SandboxPolicy> = {}): SandboxPolicy {
  const inside = ['.git/hooks', '.git/config', '.local-coder.json'];
  return { root, allowNetwork: false, readOnlyInside: inside.map((p) => path.join(root, p)), ...extra };
}

/** Index of the `flag a b` triple in argv, or -1. */
function triple(argv: string[], flag: string, a: string, b: string): number {
  return argv.findIndex((x, i) => x === flag && argv[i + 1] === a && argv[i + 2] === b);
}

describe('sandboxArgv (bubblewrap)', () => {
  it('binds the root writable over a read-only system, and ends with the shell command', () => {
    const argv = sandboxArgv(bwrap, policy(), '/bin/bash', 'echo hi', root);
    expect(argv[0]).toBe('/usr/bin/bwrap');
    expect(argv.slice(-4)).toEqual(['--', '/bin/bash', '-c', 'echo hi']);
    expect(triple(argv, '--ro-bind', '/', '/')).toBeGreaterThan(-1);
    expect(triple(argv, '--bind', root, root)).toBeGreaterThan(triple(argv, '--ro-bind', '/', '/'));
    expect(triple(argv, '--bind', root, root)).toBeGreaterThan(argv.indexOf('/tmp'));
    expect(argv).toEqual(expect.arrayContaining(['--die-with-parent', '--unshare-pid', '--cap-drop', 'ALL']));
    expect(argv).not.toContain('--new-session');
    expect(triple(argv, '--chdir', root, '--')).toBeGreaterThan(-1);
  });

  it('turns the network off unless allowed', () => {
    expect(sandboxArgv(bwrap, policy(), '/bin/sh', ':', root)).toContain('--unshare-net');
    expect(sandboxArgv(bwrap, policy({ allowNetwork: true }), '/bin/sh', ':', root)).not.toContain(
      '--unshare-net',
    );
  });

  it('binds existing protected paths read-only after their holders, and skips missing ones', () => {
    mkdirSync(path.join(root, '.git/hooks'), { recursive: true });
    const argv = sandboxArgv(bwrap, policy(), '/bin/sh', ':', root);
    const git = path.join(root, '.git');
    const hooks = path.join(root, '.git/hooks');
    expect(triple(argv, '--bind', git, git)).toBeGreaterThan(triple(argv, '--bind', root, root));
    expect(triple(argv, '--ro-bind', hooks, hooks)).toBeGreaterThan(triple(argv, '--bind', git, git));
    expect(argv.join(' ')).not.toContain('.git/config');
    expect(argv.join(' ')).not.toContain('.local-coder.json');
  });

  it('ignores protected paths outside the root and adds writable folders', () => {
    const extra = path.join(os.tmpdir());
    const argv = sandboxArgv(
      bwrap,
      policy({ readOnlyInside: ['/etc/passwd'], writable: [extra] }),
      '/bin/sh',
      ':',
      root,
    );
    expect(argv).not.toContain('/etc/passwd');
    expect(triple(argv, '--bind', extra, extra)).toBeGreaterThan(-1);
  });

  it('uses --disable-userns only where the probe found it works', () => {
    expect(sandboxArgv(bwrap, policy(), '/bin/sh', ':', root)).not.toContain('--disable-userns');
    const modern = sandboxArgv({ ...bwrap, disableUserns: true }, policy(), '/bin/sh', ':', root);
    expect(modern).toEqual(expect.arrayContaining(['--unshare-user', '--disable-userns']));
  });
});

describe('macProfile (sandbox-exec)', () => {
  const mac: SandboxPolicy = {
    root: '/Users/me/proj',
    allowNetwork: false,
    readOnlyInside: [
      '/Users/me/proj/.git/hooks',
      '/Users/me/proj/.git/config',
      '/Users/me/proj/.local-coder.json',
    ],
  };

  it('denies writes except under the root and temp folders, never to protected paths', () => {
    const profile = macProfile(mac, ['/private/tmp']);
    expect(profile).toMatch(/^\(version 1\)\n\(allow default\)\n\(deny file-write\*\)\n/);
    expect(profile).toContain('(require-any (subpath "/Users/me/proj") (subpath "/private/tmp"))');
    expect(profile).toContain('(require-not (subpath "/Users/me/proj/.git/hooks"))');
    expect(profile).toContain('(require-not (subpath "/Users/me/proj/.git/config"))');
    expect(profile).toContain('(require-not (subpath "/Users/me/proj/.local-coder.json"))');
    expect(profile).toContain('(literal "/dev/null")');
    expect(profile.split('(').length).toBe(profile.split(')').length);
  });

  it('keeps an existing folder that holds protected paths from being renamed or removed', () => {
    const guarded = { ...mac, root, readOnlyInside: [path.join(root, '.git/hooks')] };
    expect(macProfile(guarded, [])).not.toContain('(require-not (literal');
    mkdirSync(path.join(root, '.git'));
    expect(macProfile(guarded, [])).toContain(`(require-not (literal "${path.join(root, '.git')}"))`);
  });

  it('denies the network unless allowed', () => {
    expect(macProfile(mac, [])).toContain('(deny network*)');
    expect(macProfile({ ...mac, allowNetwork: true }, [])).not.toContain('network');
  });

  it('quotes paths with quotes and backslashes', () => {
    const profile = macProfile({ ...mac, root: '/Users/me/a "b"\\c', readOnlyInside: [] }, []);
    expect(profile).toContain('(subpath "/Users/me/a \\"b\\"\\\\c")');
  });

  it('runs through sandbox-exec with the profile', () => {
    const info: SandboxInfo = { available: true, kind: 'sandbox-exec', note: 'macOS sandbox-exec' };
    const argv = sandboxArgv(info, mac, '/bin/bash', 'ls', mac.root);
    expect(argv[0]).toBe('/usr/bin/sandbox-exec');
    expect(argv[1]).toBe('-p');
    expect(argv.slice(3)).toEqual(['/bin/bash', '-c', 'ls']);
  });
});

describe('path helpers', () => {
  it('containsPath compares whole path segments', () => {
    expect(containsPath('/a/b', '/a/b/c')).toBe(true);
    expect(containsPath('/a/b', '/a/b')).toBe(true);
    expect(containsPath('/a/b', '/a/bc')).toBe(false);
    expect(containsPath('/a/b', '/a/b/..c')).toBe(true);
    expect(containsPath('/a/b', '/a')).toBe(false);
  });

  it('between lists the folders from the root down to a path, exclusive', () => {
    expect(between('/r', '/r/.git/hooks')).toEqual(['/r/.git']);
    expect(between('/r', '/r/x')).toEqual([]);
    expect(between('/r', '/r/a/b/c')).toEqual(['/r/a', '/r/a/b']);
  });
});
