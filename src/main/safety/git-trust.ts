// Whether the folder's own repository is still the one the session started with. Its `.git` (a folder,
// a file pointing elsewhere, or none) and the files that configure git there (config, config.worktree,
// commondir) are taken when the session starts; once any of them appeared or changed, that config may
// name programs (diff and filter drivers no environment switches off), so git is no longer judged
// read-only for the rest of the session (command-policy.ts untrustedGit).
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Inside `.git`: what makes git run a program or read another repository's settings. */
const CONFIG_FILES = ['config', 'config.worktree', 'commondir'];

export interface GitTrust {
  /** True once the repository's `.git` or its config differs from the session's start (it stays true). */
  changed(): Promise<boolean>;
}

export async function watchGitTrust(root: string): Promise<GitTrust> {
  const start = await gitFingerprint(root);
  let changed = false;
  return {
    async changed() {
      if (!changed) changed = (await gitFingerprint(root)) !== start;
      return changed;
    },
  };
}

/** A digest of `.git`'s kind and identity and of each configuring file's content (or its absence). */
export async function gitFingerprint(root: string): Promise<string> {
  const dotGit = path.join(root, '.git');
  const hash = createHash('sha256');
  const stat = await fs.lstat(dotGit, { bigint: true }).catch(() => null);
  if (!stat) return 'absent';
  const kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : stat.isSymbolicLink() ? 'link' : 'other';
  hash.update(`${kind}:${stat.dev}:${stat.ino}\n`);
  if (kind === 'link') hash.update(await fs.readlink(dotGit).catch(() => '<unreadable>'));
  if (kind === 'file') hash.update(await readOrMark(dotGit));
  if (kind === 'dir') {
    for (const name of CONFIG_FILES) {
      hash.update(`\n${name}:`);
      hash.update(await readOrMark(path.join(dotGit, name)));
    }
  }
  return hash.digest('hex');
}

async function readOrMark(file: string): Promise<Buffer | string> {
  try {
    const stat = await fs.lstat(file);
    if (stat.isSymbolicLink()) return `<link to ${await fs.readlink(file)}>`;
    if (!stat.isFile()) return '<not a file>';
    return await fs.readFile(file);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? '<absent>' : '<unreadable>';
  }
}
