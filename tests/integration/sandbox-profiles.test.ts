// The sandbox's profiles and what it keeps out of reach, in the real sandbox (bubblewrap here): the
// read-only profile (the folder read-only, a private /tmp, no network), the environment's and the home's
// secrets (a fake home under /var/tmp, which the sandbox would otherwise show read-only, with fake
// credentials and fake tokens in the environment), and Unix sockets of the host while the network is off.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import { osSandbox, type OsSandboxOptions } from '../../src/main/safety/os-sandbox.js';
import { folderPolicy, scanFolder } from '../../src/main/safety/sandbox-scan.js';
import { createCommandRunner, type RunOptions } from '../../src/main/workspace/command-runner.js';
import { SEEN_DIR } from '../helpers/seen-dir.js';

const info = await detectSandbox();
const sandboxIt = info.available ? it : it.skip;
/** Outside the sandbox's private /tmp, so that what it hides would otherwise be seen. */
const SEEN = SEEN_DIR;

let base: string;
let root: string;

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(SEEN, 'sandbox-profiles-')));
  root = path.join(base, 'project');
  mkdirSync(root);
  writeFileSync(path.join(root, 'a.txt'), 'a\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

async function run(
  command: string,
  opts: Partial<RunOptions> & { allowNetwork?: boolean; sandbox?: OsSandboxOptions } = {},
) {
  const { allowNetwork = false, sandbox, ...rest } = opts;
  const policy = folderPolicy(root, { allowNetwork }, await scanFolder(root));
  const runner = createCommandRunner({ killGraceMs: 300, sandbox: osSandbox(info, policy, sandbox) });
  return runner.run(command, { cwd: root, timeoutMs: 10_000, ...rest });
}

describe('the read-only profile', () => {
  sandboxIt('is the default: the folder cannot be written, the private /tmp can', async () => {
    const r = await run(
      'echo x > a.txt; rm -f a.txt; touch new.txt; echo log > /tmp/test.log && cat /tmp/test.log',
    );
    expect(r.sandboxed).toBe(true);
    expect(r.output).toContain('a.txt: Read-only file system');
    expect(r.output).toContain('new.txt');
    expect(r.output).toContain('log\n');
    expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('a\n');
    expect(existsSync(path.join(root, 'new.txt'))).toBe(false);
  });

  sandboxIt('runs the everyday redirections into /tmp that the tools suggest', async () => {
    const r = await run(
      'cat a.txt > /tmp/out.log 2>&1 && cat a.txt 2>&1 | tee /tmp/tee.log >/dev/null && cat /tmp/out.log /tmp/tee.log',
      {
        profile: 'read-only',
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('a\na\n');
  });

  sandboxIt('has no network even where the policy allows it', async () => {
    const host = net.createServer((c) => c.end('host says hi\n'));
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const { port } = host.address() as net.AddressInfo;
    try {
      const connect = `require('net').connect(${port}, '127.0.0.1').on('data', (d) => console.log(String(d))).on('error', (e) => console.log(e.code))`;
      const r = await run(`"${process.execPath}" -e "${connect}"`, {
        allowNetwork: true,
        profile: 'read-only',
      });
      expect(r.output).toMatch(/^E[A-Z]+\n$/);
      const allowed = await run(`"${process.execPath}" -e "${connect}"`, {
        allowNetwork: true,
        profile: 'write',
      });
      expect(allowed.output).toContain('host says hi');
    } finally {
      await new Promise<void>((resolve) => host.close(() => resolve()));
    }
  });

  sandboxIt('is left for the write profile when the run asks for it', async () => {
    const r = await run('echo b > a.txt', { profile: 'write' });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('b\n');
    const maker = await run('echo c > a.txt', { sandbox: { profile: 'write' } });
    expect(maker.exitCode).toBe(0);
  });
});

/** Fake secrets: none may show inside the sandbox. */
const FAKE = {
  HF_TOKEN: 'hf_FAKEhuggingface0001',
  GITHUB_TOKEN: 'ghp_FAKEgithub0002',
  OPENAI_API_KEY: 'sk-FAKEopenai0003',
  AWS_SECRET_ACCESS_KEY: 'FAKEaws0004',
  MY_SERVICE_SECRET: 'FAKEservice0005',
  npm_config__authToken: 'FAKEnpm0006',
  DATABASE_URL: 'postgres://u:FAKEdbpass0007@h/db',
};
const FILES: Record<string, string> = {
  '.ssh/id_ed25519': 'FAKE-SSH-KEY-0101',
  '.ssh/id_rsa': 'FAKE-SSH-KEY-0102',
  '.aws/credentials': 'aws_secret_access_key = FAKE-AWS-0103',
  '.npmrc': '//registry.npmjs.org/:_authToken=FAKE-NPM-0104',
  '.netrc': 'machine h login u password FAKE-NETRC-0105',
  '.config/gh/hosts.yml': 'oauth_token: FAKE-GH-0106',
  '.git-credentials': 'https://u:FAKE-GITCRED-0107@github.com',
  '.docker/config.json': '{"auths":{"x":{"auth":"FAKE-DOCKER-0108"}}}',
  '.kube/config': 'token: FAKE-KUBE-0109',
  '.pypirc': 'password = FAKE-PYPI-0110',
  '.gnupg/private-keys-v1.d/k.key': 'FAKE-GPG-0111',
  '.config/local-coder/settings.json': '{"note":"FAKE-APPDATA-0112"}',
};
const SECRET_VALUES = [
  ...Object.values(FAKE),
  ...Object.values(FILES).map((t) => /FAKE-[A-Z-]+\d+/.exec(t)?.[0] ?? t),
];

describe('secrets', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    home = path.join(base, 'home');
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
      writeFileSync(path.join(home, rel), `${text}\n`);
    }
    writeFileSync(path.join(home, 'notes.txt'), 'plain file\n');
    const { XDG_CONFIG_HOME: _x, LOCAL_CODER_HOME: _l, ...rest } = process.env;
    env = { ...rest, ...FAKE, HOME: home, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  });

  const leaks = (output: string) => SECRET_VALUES.filter((s) => output.includes(s));
  const probe = [
    'printenv',
    'cat /proc/self/environ | tr "\\0" "\\n"',
    'cat ~/.ssh/id_* ~/.aws/credentials ~/.npmrc ~/.netrc ~/.config/gh/hosts.yml ~/.git-credentials',
    'cat ~/.docker/config.json ~/.kube/config ~/.pypirc ~/.config/local-coder/settings.json',
    'grep -r FAKE ~ 2>/dev/null',
    'ls -A ~/.ssh ~/.gnupg ~/.aws',
    'cat ~/notes.txt',
  ].join('; ');

  for (const profile of ['read-only', 'write'] as const) {
    sandboxIt(`none reach a command in the ${profile} profile`, async () => {
      const r = await run(probe, { profile, sandbox: { env } });
      expect(r.sandboxed).toBe(true);
      expect(leaks(r.output)).toEqual([]);
      // What is not a secret still passes, and the rest of the home is still there.
      expect(r.output).toContain(`HOME=${home}`);
      expect(r.output).toContain('LC_ALL=C.UTF-8');
      expect(r.output).toMatch(/^PATH=/m);
      expect(r.output).toContain('plain file');
    });
  }

  sandboxIt('the files stay as they were outside', async () => {
    await run('echo x > ~/.ssh/id_rsa; rm -rf ~/.aws', { profile: 'write', sandbox: { env } });
    expect(readFileSync(path.join(home, '.ssh/id_rsa'), 'utf8')).toBe('FAKE-SSH-KEY-0102\n');
    expect(existsSync(path.join(home, '.aws/credentials'))).toBe(true);
  });
});

describe('Unix sockets of the host', () => {
  let server: net.Server;
  let abstract: net.Server;
  let socketPath: string;
  const abstractName = `\0lc-sandbox-test-${process.pid}`;
  let accepted = 0;
  let dir: string;

  beforeAll(async () => {
    // Where a daemon's socket would be: a folder the sandbox sees (read-only) when nothing hides it.
    // Where daemons' sockets are: read-only profile, refused by the seccomp filter; write profile, the
    // folder shown empty.
    dir = realpathSync(mkdtempSync(path.join(existsSync('/var/tmp') ? '/var/tmp' : SEEN, 'sandbox-sock-')));
    socketPath = path.join(dir, 'daemon.sock');
    const onConnection = (c: net.Socket) => {
      accepted++;
      c.end('daemon says hi\n');
    };
    server = net.createServer(onConnection);
    abstract = net.createServer(onConnection);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    await new Promise<void>((resolve) => abstract.listen(abstractName, resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => abstract.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (target: string) =>
    `"${process.execPath}" -e "require('net').connect(${JSON.stringify(target).replace(/"/g, "'")}).on('data', (d) => process.stdout.write('got ' + d)).on('error', (e) => console.log('refused', e.code))"`;

  for (const profile of ['read-only', 'write'] as const) {
    sandboxIt(`cannot be reached with the network off (${profile} profile)`, async () => {
      const before = accepted;
      const r = await run(
        `${client(socketPath)}; ${client(abstractName)}; curl -s --unix-socket ${socketPath} http://x/ || echo curl failed`,
        { profile },
      );
      expect(r.output).not.toContain('daemon says hi');
      // Read-only: the seccomp filter refuses the socket; write: the socket's folder is shown empty.
      expect(r.output).toMatch(profile === 'read-only' ? /refused EPERM/ : /refused ENOENT/);
      expect(accepted).toBe(before);
    });
  }

  sandboxIt('socket pairs and pipes still work (a child process with pipes)', async () => {
    const r = await run(
      `"${process.execPath}" -e "console.log(require('child_process').execFileSync('echo', ['child ok']).toString().trim())"`,
    );
    expect(r.output).toBe('child ok\n');
  });

  sandboxIt(
    'is reached outside the sandbox, and without the filter only the hidden folder holds',
    async () => {
      // Outside: the daemon answers (the case tests something).
      const direct = createCommandRunner();
      expect((await direct.run(client(socketPath), { cwd: root, timeoutMs: 10_000 })).output).toContain(
        'daemon says hi',
      );
      const policy = folderPolicy(root, { allowNetwork: false }, undefined);
      const bare = { ...info, unixSocketFilter: false };
      const runner = createCommandRunner({ sandbox: osSandbox(bare, policy) });
      const r = await runner.run(client(socketPath), { cwd: root, timeoutMs: 10_000 });
      expect(r.output).not.toContain('daemon says hi');
      expect(r.output).toMatch(/refused ENOENT/);
    },
  );

  sandboxIt('can be reached when the network is allowed (the setting covers local sockets too)', async () => {
    const r = await run(client(socketPath), { profile: 'write', allowNetwork: true });
    expect(r.output).toContain('daemon says hi');
  });
});
