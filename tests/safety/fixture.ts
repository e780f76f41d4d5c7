// The world each safety case runs in: a project folder (with .git, symlinks out, a folder to swap), a
// sibling folder sharing its name prefix, an outside folder with a secret, and the app's data folder
// inside the project. Snapshots hash every file of all of them, so "no file damaged" is checked, not
// assumed.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sampleProject = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/sample-project',
);

export interface World {
  base: string;
  root: string;
  outside: string;
  sibling: string;
  /** The app's data folder (LOCAL_CODER_HOME), relative to the root. */
  dataRel: string;
  env: NodeJS.ProcessEnv;
  fill(text: string): string;
  snapshot(): Promise<Map<string, string>>;
  cleanup(): Promise<void>;
}

export async function makeWorld(): Promise<World> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lc-safety-')));
  const root = path.join(base, 'proj');
  const outside = path.join(base, 'outside');
  const sibling = path.join(base, 'proj-evil');
  await fs.cp(sampleProject, root, { recursive: true });
  await fs.mkdir(path.join(root, '.git/hooks'), { recursive: true });
  await fs.writeFile(path.join(root, '.git/config'), '[core]\n\tbare = false\n');
  await fs.writeFile(path.join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
  await fs.mkdir(path.join(root, 'sub/.git'), { recursive: true });
  await fs.mkdir(path.join(root, 'swap'));
  await fs.writeFile(path.join(root, 'swap/file.txt'), 'inside\n');
  await fs.mkdir(path.join(root, 'appdata'));
  await fs.writeFile(path.join(root, 'appdata/settings.json'), '{"approvalMode":"ask"}\n');
  await fs.mkdir(outside);
  await fs.writeFile(path.join(outside, 'secret.txt'), 'secret\n');
  await fs.mkdir(sibling);
  await fs.writeFile(path.join(sibling, 'file.txt'), 'sibling\n');
  await fs.symlink('../outside', path.join(root, 'link-out'));
  await fs.symlink('../outside/new.txt', path.join(root, 'dangle'));
  await fs.symlink('chain2', path.join(root, 'chain1'));
  await fs.symlink('../outside', path.join(root, 'chain2'));
  await fs.symlink('dangle', path.join(root, 'dangle-chain'));
  const env = { ...process.env, LOCAL_CODER_HOME: path.join(root, 'appdata') };
  return {
    base,
    root,
    outside,
    sibling,
    dataRel: 'appdata',
    env,
    fill: (text) =>
      text.replaceAll('{outside}', outside).replaceAll('{root}', root).replaceAll('{data}', 'appdata'),
    snapshot: () => snapshot(base),
    cleanup: () => fs.rm(base, { recursive: true, force: true }),
  };
}

/** Every file and link under `dir`: relative path -> content hash (or link target). */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(dir, r);
      if (e.isSymbolicLink()) out.set(r, `link:${await fs.readlink(abs)}`);
      else if (e.isDirectory()) await walk(r);
      else if (e.isFile()) {
        const data = await fs.readFile(abs).catch(() => Buffer.from('<unreadable>'));
        out.set(r, createHash('sha256').update(data).digest('hex'));
      }
    }
  };
  await walk('');
  return out;
}

/** Paths whose content changed or vanished (new files are listed separately). */
export function compare(
  before: Map<string, string>,
  after: Map<string, string>,
): { damaged: string[]; created: string[] } {
  const damaged = [...before].filter(([p, h]) => after.get(p) !== h).map(([p]) => p);
  const created = [...after.keys()].filter((p) => !before.has(p));
  return { damaged, created };
}
