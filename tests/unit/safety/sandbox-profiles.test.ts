// The sandbox's profiles, hidden credentials, allow-listed environment and Unix socket filter, as text
// and bytes (the real sandbox runs them in tests/integration/sandbox-profiles.test.ts).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  hiddenMounts,
  macProfile,
  profilePolicy,
  sandboxArgv,
  socketFilter,
  type SandboxInfo,
  type SandboxPolicy,
} from '../../../src/main/safety/sandbox.js';
import { credentialPaths, sandboxEnv } from '../../../src/main/safety/sandbox-secrets.js';
import { socketFilterSupported, unixSocketFilter } from '../../../src/main/safety/sandbox-seccomp.js';
import { SEEN_DIR } from '../../helpers/seen-dir.js';

const bwrap: SandboxInfo = {
  available: true,
  kind: 'bwrap',
  note: 'bubblewrap',
  program: '/usr/bin/bwrap',
  unixSocketFilter: true,
};
/** Not under /tmp: paths there are never hidden (the sandbox's /tmp is its own already). */
const SEEN = SEEN_DIR;
let root: string;
let home: string;

beforeEach(() => {
  const base = realpathSync(mkdtempSync(path.join(SEEN, 'sandbox-profiles-unit-')));
  root = path.join(base, 'proj');
  home = path.join(base, 'home');
  mkdirSync(path.join(root, '.git'), { recursive: true });
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  writeFileSync(path.join(home, '.npmrc'), 'x');
});
afterEach(() => rmSync(path.dirname(root), { recursive: true, force: true }));

function policy(extra: Partial<SandboxPolicy> = {}): SandboxPolicy {
  return {
    root,
    allowNetwork: true,
    readOnlyInside: [path.join(root, '.git')],
    writable: ['/var/cache'],
    ...extra,
  };
}

const triple = (argv: string[], flag: string, a: string, b: string) =>
  argv.findIndex((x, i) => x === flag && argv[i + 1] === a && argv[i + 2] === b);

describe('profiles', () => {
  it('read-only: the folder bound read-only, no writable folders, no network, the filter on', () => {
    const ro = profilePolicy(policy(), 'read-only');
    const argv = sandboxArgv(bwrap, ro, '/bin/sh', ':', root);
    expect(triple(argv, '--ro-bind', root, root)).toBeGreaterThan(argv.indexOf('/tmp'));
    expect(triple(argv, '--bind', root, root)).toBe(-1);
    expect(argv).not.toContain('/var/cache');
    expect(argv).toContain('--unshare-net');
    expect(argv.join(' ')).toContain('--seccomp 3');
    expect(socketFilter(bwrap, ro)).toBeInstanceOf(Buffer);
  });

  it('write: the policy as given (folder writable, network as set, no filter with the network on)', () => {
    const w = profilePolicy(policy(), 'write');
    expect(w).toEqual(policy());
    const argv = sandboxArgv(bwrap, w, '/bin/sh', ':', root);
    expect(triple(argv, '--bind', root, root)).toBeGreaterThan(-1);
    expect(argv).not.toContain('--unshare-net');
    expect(argv).not.toContain('--seccomp');
    expect(socketFilter(bwrap, w)).toBeUndefined();
    // Network off in the write profile: no filter (it would break tools' own sockets, e.g. tsx), the
    // host's socket folders hidden instead.
    const off = profilePolicy(policy({ allowNetwork: false }), 'write');
    const offArgv = sandboxArgv(bwrap, off, '/bin/sh', ':', root).join(' ');
    expect(offArgv).not.toContain('--seccomp');
    expect(offArgv).toContain('--tmpfs /var/tmp');
  });

  it('reads no filter where the probe found none (or on macOS)', () => {
    const ro = profilePolicy(policy(), 'read-only');
    expect(socketFilter({ ...bwrap, unixSocketFilter: false }, ro)).toBeUndefined();
    expect(sandboxArgv({ ...bwrap, unixSocketFilter: false }, ro, '/bin/sh', ':', root)).not.toContain(
      '--seccomp',
    );
    expect(socketFilter({ available: true, kind: 'sandbox-exec', note: '' }, ro)).toBeUndefined();
  });

  it('macOS: the read-only profile writes only the temp folders and has no network', () => {
    const text = macProfile(profilePolicy(policy(), 'read-only'), ['/private/tmp']);
    expect(text).toContain('(require-any (subpath "/private/tmp"))');
    expect(text).toContain('(deny network*)');
    const hidden = macProfile(policy({ hide: [path.join(home, '.ssh')] }), []);
    expect(hidden).toContain(`(deny file-read* file-write* (subpath "${path.join(home, '.ssh')}"))`);
  });
});

describe('hidden paths', () => {
  it('folders become an empty tmpfs and files an empty file, after the folder binds', () => {
    const hide = [path.join(home, '.ssh'), path.join(home, '.npmrc'), path.join(home, '.aws')];
    const argv = sandboxArgv(bwrap, policy({ hide }), '/bin/sh', ':', root);
    const ssh = argv.findIndex((x, i) => x === '--tmpfs' && argv[i + 1] === path.join(home, '.ssh'));
    expect(ssh).toBeGreaterThan(triple(argv, '--bind', root, root));
    expect(triple(argv, '--ro-bind', '/dev/null', path.join(home, '.npmrc'))).toBeGreaterThan(-1);
    expect(argv).not.toContain(path.join(home, '.aws')); // missing: nothing to hide
  });

  it('never hides what holds the folder, a path under /tmp, or one inside another hidden one', () => {
    const p = policy({ root: path.join(home, '.ssh', 'proj'), readOnlyInside: [] });
    mkdirSync(p.root);
    mkdirSync(path.join(home, '.ssh', 'inner'));
    const hide = [path.join(home, '.ssh'), '/tmp', path.join(home, '.ssh', 'inner')];
    // Its sibling beside the folder is still hidden.
    expect(hiddenMounts({ ...p, hide })).toEqual([{ target: path.join(home, '.ssh', 'inner'), dir: true }]);
    expect(hiddenMounts({ ...policy(), hide: [home, path.join(home, '.ssh')] })).toEqual([
      { target: home, dir: true },
    ]);
  });
});

describe('sandboxEnv', () => {
  it('keeps allow-listed names only: no token passes under any name', () => {
    const env = sandboxEnv({
      PATH: '/usr/bin',
      HOME: '/home/me',
      LANG: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      TERM: 'xterm',
      TZ: 'UTC',
      HF_TOKEN: 'x',
      GITHUB_TOKEN: 'x',
      OPENAI_API_KEY: 'x',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      MY_APP_SECRET: 'x',
      npm_config__authToken: 'x',
      SSH_AUTH_SOCK: '/run/user/1000/ssh',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
      LC_TOKEN_ish: 'not a locale name',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/me',
      LANG: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      TERM: 'xterm',
      TZ: 'UTC',
    });
  });
});

describe('credentialPaths', () => {
  it("lists the home's credential files and folders and the app's data folder", () => {
    const paths = credentialPaths({ HOME: '/home/me', LOCAL_CODER_HOME: '/data/lc' });
    for (const rel of ['.ssh', '.gnupg', '.aws', '.npmrc', '.netrc', '.config/gh', '.docker', '.kube']) {
      expect(paths).toContain(`/home/me/${rel}`);
    }
    expect(paths).toContain('/home/me/.git-credentials');
    expect(paths).toContain('/home/me/.config/local-coder');
    expect(paths).toContain('/data/lc');
  });

  it('follows XDG_CONFIG_HOME when it is elsewhere', () => {
    const paths = credentialPaths({ HOME: '/home/me', XDG_CONFIG_HOME: '/cfg' });
    expect(paths).toContain('/cfg/gh');
    expect(paths).toContain('/cfg/local-coder');
  });
});

describe('unixSocketFilter', () => {
  /** Decoded instructions: [code, jt, jf, k]. */
  const decode = (b: Buffer) =>
    Array.from({ length: b.length / 8 }, (_, i) => [
      b.readUInt16LE(i * 8),
      b.readUInt8(i * 8 + 2),
      b.readUInt8(i * 8 + 3),
      b.readUInt32LE(i * 8 + 4),
    ]);

  it('checks the architecture first and kills other ABIs (x86-64, x32 included)', () => {
    const prog = decode(unixSocketFilter('x64'));
    expect(prog[0]).toEqual([0x20, 0, 0, 4]);
    expect(prog[1]?.[3]).toBe(0xc000003e);
    expect(prog.at(-1)).toEqual([0x06, 0, 0, 0x80000000]);
    expect(prog.some(([code, , , k]) => code === 0x45 && k === 0x40000000)).toBe(true);
  });

  it('refuses socket(AF_UNIX) and io_uring_setup with EPERM, allows the rest', () => {
    for (const [arch, socket] of [
      ['x64', 41],
      ['arm64', 198],
    ] as const) {
      const prog = decode(unixSocketFilter(arch));
      expect(prog.some(([code, , , k]) => code === 0x15 && k === socket)).toBe(true);
      expect(prog.some(([code, , , k]) => code === 0x15 && k === 425)).toBe(true);
      expect(prog).toContainEqual([0x06, 0, 0, 0x00050001]);
      expect(prog).toContainEqual([0x06, 0, 0, 0x7fff0000]);
      // Every jump lands inside the program.
      prog.forEach(([code, jt, jf], i) => {
        if (code === 0x15 || code === 0x45)
          expect(i + 1 + Math.max(jt ?? 0, jf ?? 0)).toBeLessThan(prog.length);
      });
    }
  });

  it('exists for x86-64 and arm64 only', () => {
    expect(socketFilterSupported('x64')).toBe(true);
    expect(socketFilterSupported('arm64')).toBe(true);
    expect(socketFilterSupported('riscv64')).toBe(false);
    expect(() => unixSocketFilter('riscv64')).toThrow();
  });
});
