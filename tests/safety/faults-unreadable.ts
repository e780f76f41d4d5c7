// Unreadable files and folders (mode 000). Root reads them anyway, so as root the run is the real CLI
// started as the unprivileged user `nobody` (setpriv), where the permission bits hold; as any other
// user the session runs in this process.
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../integration/run-cli.js';
import { runCliAs, SETPRIV } from '../helpers/safety-cli.js';
import { call, describeRun, done, session, type FaultCase, type Turn } from './fault-session.js';
import type { World } from './fixture.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

const turns: Turn[] = [
  call('read_file', { path: 'locked.txt' }),
  call('list_dir', { path: 'locked-dir' }),
  call('read_file', { path: 'locked-dir/in.txt' }),
  call('search', { pattern: 'locked' }),
  call('edit_file', { path: 'locked.txt', old_text: 'locked', new_text: 'open' }),
  call('read_file', { path: 'math.js' }),
  done,
];

interface Outcome {
  reason: string;
  results: { ok: boolean; output: string }[];
  detail: string;
}

/** The CLI as `nobody`, with the world opened for it to traverse and a data folder it may write. */
async function runAsNobody(world: World): Promise<Outcome> {
  await fs.chmod(world.base, 0o755);
  const home = path.join(world.base, 'home');
  await fs.mkdir(home, { recursive: true, mode: 0o777 });
  await fs.chmod(home, 0o777);
  const script = path.join(home, 'unreadable-script.json');
  await fs.writeFile(script, JSON.stringify({ turns }), { mode: 0o644 });
  const cli = await runCliAs(
    NOBODY,
    [
      '--folder',
      world.root,
      '--model',
      `script:${script}`,
      '--json',
      '--no-verify',
      '--no-transcript',
      '--approval',
      'full-auto',
      'look around',
    ],
    { home },
  );
  const results = cli.events
    .filter((e) => e.type === 'tool_result')
    .map((e) => ({ ok: e.ok === true, output: String(e.output) }));
  const stop = cli.events.find((e) => e.type === 'stop');
  const reason = String(stop?.reason ?? `no stop (exit ${cli.code}: ${cli.stderr.slice(0, 200)})`);
  return { reason, results, detail: `as nobody via setpriv; exit ${cli.code}` };
}

/** A folder above the checkout that `nobody` cannot enter (mktemp -d makes its folder 0700), if any. */
function closedToOthers(): string | undefined {
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export const unreadableFault: FaultCase = {
  name: 'unreadable files and folders (mode 000): refused with the reason, the session goes on',
  group: 'files',
  unavailable: () => {
    if (!asRoot) return undefined;
    if (!existsSync(SETPRIV))
      return 'running as root (permission bits do not stop root) and setpriv is missing to drop to nobody';
    const closed = closedToOthers();
    return closed
      ? `running as root, and the user nobody cannot enter ${closed} to start this checkout's CLI (a folder made by mktemp -d is 0700)`
      : undefined;
  },
  async setup(world) {
    await fs.writeFile(path.join(world.root, 'locked.txt'), 'locked\n');
    await fs.mkdir(path.join(world.root, 'locked-dir'));
    await fs.writeFile(path.join(world.root, 'locked-dir/in.txt'), 'locked inside\n');
    await fs.chmod(path.join(world.root, 'locked.txt'), 0o000);
    await fs.chmod(path.join(world.root, 'locked-dir'), 0o000);
  },
  async run(world) {
    try {
      const out: Outcome = asRoot
        ? await runAsNobody(world)
        : await session(world, turns).then((r) => ({ ...r, detail: describeRun(r) }));
      const denied = [0, 1, 2].every((i) => {
        const r = out.results[i];
        return !!r && !r.ok && /permission denied/i.test(r.output);
      });
      const edit = out.results[4];
      const last = out.results[5];
      return {
        alive: out.reason === 'done' && denied && !!edit && !edit.ok && !!last?.ok,
        detail: `${out.detail}; stop ${out.reason}; ${out.results.map((r) => r.output.split('\n')[0]).join(' | ')}`,
      };
    } finally {
      await fs.chmod(path.join(world.root, 'locked.txt'), 0o644);
      await fs.chmod(path.join(world.root, 'locked-dir'), 0o755);
    }
  },
};
