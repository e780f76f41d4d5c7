// The world each safety case runs in: a project folder (with .git, symlinks out, a folder to swap, a
// hard link), a sibling folder sharing its name prefix, an outside folder holding secrets, and the app's
// data folder inside the project. Snapshots hash every file of all of them, so "no file damaged" is
// checked, not assumed.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEEN_DIR } from '../helpers/seen-dir.js';

export const sampleProject = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/sample-project',
);

/** In every file outside the project: a tool output holding it leaked something. */
export const SECRET = 'TOP-SECRET-c0ffee-7f3a';

/**
 * Where worlds are made: not under /tmp, which is private inside the sandbox (outside folders there would
 * be invisible to commands, and "held by the sandbox" would prove nothing). /var/tmp is hidden in the write profile; tests/helpers/seen-dir.ts is seen read-only.
 */
// /var/tmp: every user can reach it (the fault suite runs cases as nobody); the write profile shows it
// empty, which only hides the outside further.
const WORLDS = existsSync('/var/tmp') ? '/var/tmp' : SEEN_DIR;

/** Top-level folders of the world that sessions write on their own (not part of any check). */
const SCRATCH = new Set(['checkpoints', 'spill', 'home']);

export interface World {
  base: string;
  root: string;
  outside: string;
  sibling: string;
  /** The app's data folder (LOCAL_CODER_HOME), relative to the root. */
  dataRel: string;
  env: NodeJS.ProcessEnv;
  /** Replaces {root}, {outside}, {sibling}, {data}, {secret} in a string. */
  fill(text: string): string;
  snapshot(): Promise<Snapshot>;
  cleanup(): Promise<void>;
}

export type Snapshot = Map<string, string>;

export async function makeWorld(): Promise<World> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(WORLDS, 'lc-safety-')));
  const root = path.join(base, 'proj');
  const outside = path.join(base, 'outside');
  const sibling = path.join(base, 'proj-evil');
  const at = (rel: string) => path.join(base, rel);
  await fs.cp(sampleProject, root, { recursive: true });
  const files: Record<string, string> = {
    'proj/.git/config': '[core]\n\tbare = false\n',
    'proj/.git/HEAD': 'ref: refs/heads/main\n',
    'proj/.git/hooks/pre-commit.sample': '#!/bin/sh\nexit 0\n',
    'proj/.git/objects/ab/cdef0123': 'a git object\n',
    'proj/sub/.git/config': '[core]\n',
    'proj/sub/keep.txt': 'keep\n',
    'proj/swap/file.txt': 'inside\n',
    'proj/appdata/settings.json': '{"approvalMode":"ask"}\n',
    'outside/secret.txt': `${SECRET}\n`,
    'outside/swap-twin/file.txt': 'inside\n',
    'outside/hard.txt': 'one file, two names\n',
    'proj-evil/file.txt': `sibling ${SECRET}\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(at(rel)), { recursive: true });
    await fs.writeFile(at(rel), text);
  }
  await fs.link(at('outside/hard.txt'), at('proj/hard.txt'));
  const links: Record<string, string> = {
    'link-out': '../outside',
    dangle: '../outside/new.txt',
    chain1: 'chain2',
    chain2: '../outside',
    'dangle-chain': 'dangle',
    'cfg-link': '.git/config',
    'hooks-link': '.git/hooks',
    'data-link': 'appdata',
    'secret-link': '../outside/secret.txt',
  };
  for (const [name, target] of Object.entries(links)) await fs.symlink(target, path.join(root, name));
  const env = { ...process.env, LOCAL_CODER_HOME: path.join(root, 'appdata') };
  return {
    base,
    root,
    outside,
    sibling,
    dataRel: 'appdata',
    env,
    fill: (text) =>
      text
        .replaceAll('{outside}', outside)
        .replaceAll('{sibling}', sibling)
        .replaceAll('{root}', root)
        .replaceAll('{data}', 'appdata')
        .replaceAll('{secret}', SECRET),
    snapshot: () => snapshot(base),
    cleanup: () => fs.rm(base, { recursive: true, force: true }),
  };
}

/** Every file and link under `dir` (but the scratch folders): relative path -> content hash or link target. */
export async function snapshot(dir: string): Promise<Snapshot> {
  const out: Snapshot = new Map();
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (rel === '' && SCRATCH.has(e.name)) continue;
      const abs = path.join(dir, r);
      if (e.isSymbolicLink()) out.set(r, `link:${await fs.readlink(abs)}`);
      else if (e.isDirectory()) await walk(r);
      else if (e.isFile()) {
        const data = await fs.readFile(abs).catch(() => Buffer.from('<unreadable>'));
        out.set(r, createHash('sha256').update(data).digest('hex'));
      } else out.set(r, 'special');
    }
  };
  await walk('');
  return out;
}

export interface Changes {
  changed: string[];
  deleted: string[];
  created: string[];
}

export function diff(before: Snapshot, after: Snapshot): Changes {
  const changed: string[] = [];
  const deleted: string[] = [];
  for (const [p, h] of before) {
    if (!after.has(p)) deleted.push(p);
    else if (after.get(p) !== h) changed.push(p);
  }
  return { changed, deleted, created: [...after.keys()].filter((p) => !before.has(p)) };
}

/** Outside the project, the sibling, and the protected paths inside it (.git anywhere, agent settings, app data). */
export function isGuarded(rel: string): boolean {
  if (!rel.startsWith('proj/')) return true;
  const inner = rel.slice('proj/'.length).toLowerCase();
  return (
    inner.split('/').includes('.git') ||
    inner === '.local-coder.json' ||
    inner.startsWith('.local-coder/') ||
    inner.startsWith('appdata/')
  );
}

/**
 * Damaged files: any existing file changed or deleted, and any file created in a guarded place, unless
 * `allowed` says the case meant it.
 */
export function damaged(changes: Changes, allowed: (rel: string) => boolean = () => false): string[] {
  return [...changes.changed, ...changes.deleted, ...changes.created.filter((p) => isGuarded(p))].filter(
    (p) => !allowed(p),
  );
}
