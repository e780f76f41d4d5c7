// The sandbox's own attack list (attacks/sandbox.json) and how one case runs: through the real tools,
// permissions and sandboxed runner, in a world with fake secrets (a fake home of credential files, fake
// tokens in the environment) and listening servers (a daemon's Unix socket under /var/tmp, an abstract
// socket, a loopback TCP port). Judged on what happened: secrets shown, servers reached, files changed
// (anything in the folder, in the read-only profile; a guarded file, in the write profile), a file left
// in the host's /tmp, and the profile the command ran in.
import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ApprovalMode, CommandJudgement } from '../../src/shared/approval.js';
import { judgeCommand } from '../../src/main/safety/command-policy.js';
import { isInstructionFile } from '../../src/main/workspace/instruction-files.js';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import { createDefaultRegistry } from '../../src/main/tools/index.js';
import { executeCalls } from '../../src/main/tools/scheduler.js';
import type { SandboxProfile } from '../../src/main/workspace/command-runner.js';
import { attackContext } from './attack-context.js';
import { loadList } from './attacks.js';
import { damaged, diff, isGuarded, type World } from './fixture.js';
import { SEEN_DIR } from '../helpers/seen-dir.js';

export interface SandboxCase {
  id: string;
  category: string;
  command: string;
  why: string;
  /** An everyday line: never denied, and in full-auto it runs and exits 0 (else an over-denial). */
  must_run?: boolean;
  /** A known hole of the write profile: the case fails there until the fix described here lands. */
  gap?: string;
  /** More modes to run it in with a forced read-only verdict (auto-edit: the write profile, instructions protected). */
  forced_in?: ApprovalMode[];
}

export const sandboxCases = loadList<{ cases: SandboxCase[] }>('sandbox.json').cases;
export const SANDBOX_MODES: ApprovalMode[] = ['plan', 'ask', 'auto-edit', 'full-auto'];
/** Where a wrong read-only verdict is forced: one mode per profile. */
export const FORCED_MODES: ApprovalMode[] = ['ask', 'full-auto'];

/** Fake tokens in the environment the sandbox starts from. */
const FAKE_ENV: Record<string, string> = {
  HF_TOKEN: 'hf_FAKEhug0001',
  GITHUB_TOKEN: 'ghp_FAKEgh0002',
  OPENAI_API_KEY: 'sk-FAKEoai0003',
  ANTHROPIC_API_KEY: 'sk-ant-FAKE0004',
  AWS_ACCESS_KEY_ID: 'AKIAFAKE0005',
  AWS_SECRET_ACCESS_KEY: 'FAKEawssecret0006',
  NPM_TOKEN: 'npm_FAKE0007',
  STRIPE_SECRET: 'sk_live_FAKE0008',
  DATABASE_PASSWORD: 'FAKEdbpw0009',
  npm_config__authToken: 'FAKEnpmauth0010',
};
/** Fake credential files of the fake home, each holding a fake secret of its own. */
const FAKE_FILES = [
  '.ssh/id_rsa',
  '.ssh/id_ed25519',
  '.ssh/config',
  '.gnupg/private-keys-v1.d/k.key',
  '.aws/credentials',
  '.npmrc',
  '.netrc',
  '.pypirc',
  '.git-credentials',
  '.config/gh/hosts.yml',
  '.docker/config.json',
  '.kube/config',
  '.config/local-coder/settings.json',
];
const fileSecret = (rel: string) => `FAKE-FILE-${rel.replace(/[^a-z0-9]/gi, '')}-${FAKE_FILES.indexOf(rel)}`;
/** In the project's app data folder (hidden inside the sandbox too). */
const APPDATA_SECRET = 'FAKE-APPDATA-token-77';
const SECRETS = [...Object.values(FAKE_ENV), ...FAKE_FILES.map(fileSecret), APPDATA_SECRET];

/** The servers a case may try to reach; `accepted` counts connections they took. */
export interface Listeners {
  socket: string;
  abstract: string;
  port: number;
  accepted(): number;
  close(): Promise<void>;
}

export async function startListeners(): Promise<Listeners> {
  // Where daemons' sockets are: shown empty in the write profile, refused by the filter in read-only.
  const dir = realpathSync(
    mkdtempSync(path.join(existsSync('/var/tmp') ? '/var/tmp' : SEEN_DIR, 'lc-daemon-')),
  );
  let accepted = 0;
  const serve = () =>
    net.createServer((c) => {
      accepted++;
      c.end('DAEMON-REACHED\n');
    });
  const servers = [serve(), serve(), serve()];
  const socket = path.join(dir, 'daemon.sock');
  const abstract = `lc-abstract-${randomUUID()}`;
  const listen = (s: net.Server, ...args: unknown[]) =>
    new Promise<void>((resolve) => (s.listen as (...a: unknown[]) => void)(...args, resolve));
  await listen(servers[0] as net.Server, socket);
  await listen(servers[1] as net.Server, `\0${abstract}`);
  await listen(servers[2] as net.Server, 0, '127.0.0.1');
  const port = ((servers[2] as net.Server).address() as net.AddressInfo).port;
  return {
    socket,
    abstract,
    port,
    accepted: () => accepted,
    async close() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Plants the fake home and the app data secret; returns the environment commands start from. */
async function plantSecrets(world: World): Promise<NodeJS.ProcessEnv> {
  const home = path.join(world.base, 'fakehome');
  for (const rel of FAKE_FILES) {
    await fs.mkdir(path.dirname(path.join(home, rel)), { recursive: true });
    await fs.writeFile(path.join(home, rel), `${fileSecret(rel)}\n`);
  }
  await fs.writeFile(path.join(world.root, world.dataRel, 'token.json'), `{"t":"${APPDATA_SECRET}"}\n`);
  await fs.writeFile(path.join(world.root, 'AGENTS.md'), 'The person wrote these instructions.\n');
  const { XDG_CONFIG_HOME: _x, ...rest } = world.env;
  return { ...rest, ...FAKE_ENV, HOME: home };
}

export interface SandboxOutcome {
  held: boolean;
  /** Never reached the runner (the policy refused, or the person was asked and declined). */
  refused: boolean;
  profile: SandboxProfile | 'none';
  secretsShown: string[];
  serversReached: number;
  damaged: string[];
  /** An everyday line refused or failed. */
  overDenied: boolean;
  detail: string;
}

/**
 * One case in one mode. `forced`: the verdict is read_only whatever the line (a wrong verdict), so the
 * command runs unasked and only the sandbox holds it.
 */
export async function runSandboxCase(
  world: World,
  c: SandboxCase,
  mode: ApprovalMode,
  listeners: Listeners,
  forced = false,
): Promise<SandboxOutcome> {
  const sandboxEnv = await plantSecrets(world);
  const info = await detectSandbox();
  const privateTmp = info.kind === 'bwrap';
  const real = (line: string) =>
    judgeCommand(line, { root: world.root, ...(privateTmp ? { privateTmp } : {}) });
  const wrong = async (line: string): Promise<CommandJudgement> => ({
    verdict: 'read_only',
    reasons: ['forced by the safety suite'],
    segments: [line],
  });
  const { ctx, ran, profiles } = await attackContext(world, mode, {
    sandboxEnv,
    judge: forced ? wrong : real,
  });
  const canary = `lc-canary-${randomUUID()}`;
  const command = world
    .fill(c.command)
    .replaceAll('{socket}', listeners.socket)
    .replaceAll('{abstract}', listeners.abstract)
    .replaceAll('{port}', String(listeners.port))
    .replaceAll('{canary}', canary);
  const before = await world.snapshot();
  const reachedBefore = listeners.accepted();
  const [out] = await executeCalls(
    [{ id: c.id, name: 'run_command', args: { command, timeout_s: 20 } }],
    createDefaultRegistry(),
    ctx,
  );
  const output = out?.output ?? '';
  const changes = diff(before, await world.snapshot());
  const profile = profiles[0] ?? (ran.length > 0 ? 'read-only' : 'none');
  // Read-only profile: nothing in the world may change. Write profile: nothing guarded, and no
  // instruction file but in full-auto.
  const steers = (p: string) =>
    mode !== 'full-auto' && p.startsWith('proj/') && isInstructionFile(p.slice(5));
  const broken = damaged(changes, (p) => profile === 'write' && !isGuarded(p) && !steers(p));
  const created = profile === 'write' ? changes.created.filter(steers) : changes.created;
  const hostTmp = existsSync(path.join('/tmp', canary));
  const secretsShown = SECRETS.filter((s) => output.includes(s));
  const serversReached = Math.max(
    listeners.accepted() - reachedBefore,
    output.includes('DAEMON-REACHED') ? 1 : 0,
  );
  const unasked = mode === 'plan' || mode === 'ask' ? 'read-only' : 'write';
  const denied = /never run/.test(output);
  const overDenied =
    c.must_run === true && !forced && (denied || (mode === 'full-auto' && !/^exit code 0/.test(output)));
  const problems: string[] = [];
  if (secretsShown.length) problems.push(`secrets shown: ${secretsShown.join(', ')}`);
  if (serversReached > 0) problems.push(`a server outside was reached ${serversReached} time(s)`);
  if (broken.length || created.length) problems.push(`changed ${[...broken, ...created].join(', ')}`);
  if (hostTmp) problems.push(`wrote the host's /tmp/${canary}`);
  if (ran.length > 0 && profile !== unasked) problems.push(`ran in the ${profile} profile, not ${unasked}`);
  if (overDenied) problems.push('an everyday line was refused or failed');
  if (hostTmp) await fs.rm(path.join('/tmp', canary), { recursive: true, force: true });
  return {
    held: problems.length === 0,
    refused: ran.length === 0,
    profile,
    secretsShown,
    serversReached,
    damaged: [...broken, ...created, ...(hostTmp ? [`/tmp/${canary}`] : [])],
    overDenied,
    detail: `${problems.join('; ') || 'held'} | ${output.split('\n').slice(0, 2).join(' / ').slice(0, 300)}`,
  };
}
