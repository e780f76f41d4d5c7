// The walk that finds what the sandbox must also hold read-only: nested git folders, and files
// hard-linked to a twin outside the folder (grouped into folders when there are many).
import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderPolicy, groupBinds, scanFolder } from '../../../src/main/safety/sandbox-scan.js';

let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'scan-')));
  root = path.join(base, 'project');
  outside = path.join(base, 'outside');
  for (const d of [root, outside, path.join(root, 'src'), path.join(root, 'vendor/lib/.git')]) {
    mkdirSync(d, { recursive: true });
  }
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function write(rel: string, text = 'x\n'): string {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

describe('scanFolder', () => {
  it('finds nested git folders and git files, not the root one, and does not walk into them', async () => {
    mkdirSync(path.join(root, '.git/objects'), { recursive: true });
    write('sub/.git', 'gitdir: ../.git/modules/sub\n');
    write('vendor/lib/.git/config');
    const scan = await scanFolder(root);
    expect(scan.nestedGit).toEqual([path.join(root, 'sub/.git'), path.join(root, 'vendor/lib/.git')]);
    expect(scan.truncated).toBe(false);
    expect(scan.notes).toEqual([]);
  });

  it('finds nested git folders in every spelling a file system reads as .git, at the top too', async () => {
    mkdirSync(path.join(root, '.git'));
    write('.GIT/config');
    write('a/b/.git./config');
    write('c/GIT~1/HEAD');
    write('d/.gitignore');
    write('e/.github/x');
    const scan = await scanFolder(root);
    expect(scan.nestedGit).toEqual(
      ['.GIT', 'a/b/.git.', 'c/GIT~1', 'vendor/lib/.git'].map((rel) => path.join(root, rel)),
    );
  });

  it('binds files hard-linked to a twin outside the folder, not ones whose twins are all inside', async () => {
    writeFileSync(path.join(outside, 'twin.txt'), 'outside\n');
    linkSync(path.join(outside, 'twin.txt'), path.join(root, 'src/hard.txt'));
    const a = write('src/a.txt');
    linkSync(a, path.join(root, 'b.txt'));
    write('plain.txt');
    const scan = await scanFolder(root);
    expect(scan.hardLinkBinds).toEqual([path.join(root, 'src/hard.txt')]);
    expect(scan.hardLinkedFiles).toBe(1);
  });

  it('groups many hard-linked files into their folders', async () => {
    for (let i = 0; i < 12; i++) {
      writeFileSync(path.join(outside, `f${i}`), `${i}\n`);
      const rel = `node_modules/.pnpm/pkg${i}/node_modules/pkg${i}/index.js`;
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      linkSync(path.join(outside, `f${i}`), path.join(root, rel));
    }
    const scan = await scanFolder(root, { maxBinds: 4 });
    expect(scan.hardLinkedFiles).toBe(12);
    expect(scan.hardLinkBinds).toEqual([path.join(root, 'node_modules/.pnpm')]);
  });

  it('stops at its budget and says so', async () => {
    for (let i = 0; i < 20; i++) write(`many/f${i}.txt`);
    const scan = await scanFolder(root, { maxEntries: 10 });
    expect(scan.truncated).toBe(true);
    expect(scan.scanned).toBeLessThanOrEqual(10);
    expect(scan.notes).toEqual([expect.stringMatching(/looked at its first \d+ entries only/)]);
  });

  it('says when hard-linked files at the top of the folder cannot be grouped under the limit', async () => {
    for (let i = 0; i < 3; i++) {
      writeFileSync(path.join(outside, `t${i}`), `${i}\n`);
      linkSync(path.join(outside, `t${i}`), path.join(root, `top${i}.txt`));
    }
    const scan = await scanFolder(root, { maxBinds: 2 });
    expect(scan.hardLinkBinds).toHaveLength(3);
    expect(scan.notes).toEqual([expect.stringMatching(/^3 files and folders .* slows every command down/)]);
  });
});

describe('groupBinds', () => {
  it('keeps files when few, climbs to folders when many, never above the root', () => {
    const r = '/p';
    expect(groupBinds(r, ['/p/a/x', '/p/b/y'], 2)).toEqual(['/p/a/x', '/p/b/y']);
    expect(groupBinds(r, ['/p/a/x', '/p/a/y', '/p/b/z'], 2)).toEqual(['/p/a', '/p/b']);
    expect(groupBinds(r, ['/p/top1', '/p/top2', '/p/top3'], 2)).toEqual(['/p/top1', '/p/top2', '/p/top3']);
    expect(groupBinds(r, ['/p/a/b/c/1', '/p/a/b/d/2', '/p/a/e/3'], 1)).toEqual(['/p/a']);
  });
});

describe('folderPolicy', () => {
  it('protects all of every .git, the agent settings and extra folders; approved commands get git history', async () => {
    write('sub/.git', 'gitdir: ../.git/modules/sub\n');
    const scan = await scanFolder(root);
    const policy = folderPolicy(root, { allowNetwork: false, extraProtected: ['data'] }, scan);
    const abs = (rels: string[]) => rels.map((p) => path.join(root, p));
    expect(policy.readOnlyInside).toEqual(
      abs(['.git', 'sub/.git', 'vendor/lib/.git', '.local-coder.json', '.local-coder', 'data']),
    );
    // A git file (worktree, submodule) stays whole: it names the folder git uses.
    expect(policy.approvedReadOnlyInside).toEqual(
      abs([
        '.git/hooks',
        '.git/config',
        'sub/.git',
        'vendor/lib/.git/hooks',
        'vendor/lib/.git/config',
        '.local-coder.json',
        '.local-coder',
        'data',
      ]),
    );
    expect(policy.readOnlyBinds).toEqual([]);
  });
});
