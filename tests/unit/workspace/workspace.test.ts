import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace, openWorkspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

let parent: string;
let root: string;
let ws: Workspace;

beforeAll(async () => {
  parent = await makeTempDir('lc-ws-');
  root = path.join(parent, 'proj');
  await writeFiles(parent, {
    'proj/a.txt': 'a\n',
    'proj/sub/b.txt': 'b\n',
    'proj/.git/config': '[core]\n',
    'proj/sub/.git/HEAD': 'ref\n',
    'proj-evil/file': 'evil\n',
    'outside/secret.txt': 'secret\n',
  });
  await fs.symlink(path.join(parent, 'outside/secret.txt'), path.join(root, 'link-out-file'));
  await fs.symlink(path.join(parent, 'outside'), path.join(root, 'link-out-dir'));
  await fs.symlink(path.join(parent, 'outside/not-there.txt'), path.join(root, 'dangling-out'));
  await fs.symlink('a.txt', path.join(root, 'link-in'));
  await fs.symlink('.git', path.join(root, 'git-alias'));
  const opened = await openWorkspace(root);
  if (!opened.ok) throw new Error(opened.message);
  ws = opened.workspace;
});

afterAll(async () => {
  await fs.rm(parent, { recursive: true, force: true });
});

type Expected = 'ok' | 'outside_root' | 'protected_path' | 'invalid_path';
interface Attack {
  name: string;
  path: string | (() => string);
  intent: 'read' | 'write';
  expected: Expected;
  rel?: string;
}

const attacks: Attack[] = [
  { name: 'dot-dot escape', path: '../x', intent: 'read', expected: 'outside_root' },
  { name: 'nested dot-dot escape', path: 'a/../../x', intent: 'write', expected: 'outside_root' },
  {
    name: 'absolute path outside',
    path: () => path.join(parent, 'outside/secret.txt'),
    intent: 'read',
    expected: 'outside_root',
  },
  {
    name: 'absolute path inside',
    path: () => path.join(root, 'a.txt'),
    intent: 'read',
    expected: 'ok',
    rel: 'a.txt',
  },
  {
    name: 'sibling prefix dir (absolute)',
    path: () => `${root}-evil/file`,
    intent: 'read',
    expected: 'outside_root',
  },
  {
    name: 'sibling prefix dir (relative)',
    path: '../proj-evil/file',
    intent: 'write',
    expected: 'outside_root',
  },
  {
    name: 'symlink file pointing outside (read)',
    path: 'link-out-file',
    intent: 'read',
    expected: 'outside_root',
  },
  {
    name: 'symlink file pointing outside (write)',
    path: 'link-out-file',
    intent: 'write',
    expected: 'outside_root',
  },
  {
    name: 'symlinked dir outside: read file',
    path: 'link-out-dir/secret.txt',
    intent: 'read',
    expected: 'outside_root',
  },
  {
    name: 'symlinked dir outside: write new file',
    path: 'link-out-dir/new.txt',
    intent: 'write',
    expected: 'outside_root',
  },
  {
    name: 'symlinked dir outside: new nested',
    path: 'link-out-dir/x/y.txt',
    intent: 'write',
    expected: 'outside_root',
  },
  {
    name: 'dangling symlink pointing outside',
    path: 'dangling-out',
    intent: 'write',
    expected: 'outside_root',
  },
  { name: 'symlink pointing inside', path: 'link-in', intent: 'read', expected: 'ok', rel: 'a.txt' },
  { name: 'relative path inside', path: 'sub/b.txt', intent: 'write', expected: 'ok', rel: 'sub/b.txt' },
  { name: 'dot-dot staying inside', path: 'sub/../a.txt', intent: 'read', expected: 'ok', rel: 'a.txt' },
  {
    name: 'new file in new dirs',
    path: 'new/dir/f.ts',
    intent: 'write',
    expected: 'ok',
    rel: 'new/dir/f.ts',
  },
  { name: '.git/config write', path: '.git/config', intent: 'write', expected: 'protected_path' },
  { name: '.git/config read', path: '.git/config', intent: 'read', expected: 'ok', rel: '.git/config' },
  {
    name: '.git/hooks/pre-commit write',
    path: '.git/hooks/pre-commit',
    intent: 'write',
    expected: 'protected_path',
  },
  { name: 'nested sub/.git/HEAD write', path: 'sub/.git/HEAD', intent: 'write', expected: 'protected_path' },
  { name: 'symlink alias of .git', path: 'git-alias/config', intent: 'write', expected: 'protected_path' },
  { name: 'NUL byte', path: 'a\0.txt', intent: 'read', expected: 'invalid_path' },
  { name: 'empty path', path: '', intent: 'read', expected: 'invalid_path' },
  { name: 'root as a file to write', path: '.', intent: 'write', expected: 'invalid_path' },
  { name: 'root for read', path: '.', intent: 'read', expected: 'ok', rel: '.' },
];

describe('Workspace.resolve confinement', () => {
  it.each(attacks)('$name', async (attack) => {
    const input = typeof attack.path === 'function' ? attack.path() : attack.path;
    const result = await ws.resolve(input, attack.intent);
    if (attack.expected === 'ok') {
      expect(result.ok, result.ok ? '' : result.message).toBe(true);
      if (result.ok && attack.rel !== undefined) {
        expect(result.rel).toBe(attack.rel);
        expect(result.abs).toBe(attack.rel === '.' ? root : path.join(root, ...attack.rel.split('/')));
      }
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe(attack.expected);
        expect(result.message.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('openWorkspace', () => {
  it('uses the real path of the folder', async () => {
    const link = path.join(parent, 'proj-link');
    await fs.symlink(root, link);
    const opened = await openWorkspace(link);
    expect(opened.ok && opened.workspace.root).toBe(root);
  });

  it('reports a missing folder and a file', async () => {
    const missing = await openWorkspace(path.join(parent, 'nope'));
    expect(!missing.ok && missing.code).toBe('folder_not_found');
    const file = await openWorkspace(path.join(root, 'a.txt'));
    expect(!file.ok && file.code).toBe('not_a_directory');
  });
});

describe('ignore rules and walker', () => {
  let dir: string;
  let w: Workspace;
  beforeAll(async () => {
    dir = await makeTempDir('lc-ign-');
    await writeFiles(dir, {
      '.gitignore': '*.log\nbuild/\n',
      'a.log': '',
      'keep.ts': '',
      'secret.txt': '',
      'build/out.js': '',
      'node_modules/pkg/index.js': '',
      '.git/HEAD': '',
      'sub/.gitignore': 'secret.txt\n!keep.log\n',
      'sub/secret.txt': '',
      'sub/keep.log': '',
      'sub/other.log': '',
      'sub/deep/secret.txt': '',
      'sub/deep/z.ts': '',
      'linked-target/t.ts': '',
    });
    await fs.symlink(path.join(dir, 'linked-target'), path.join(dir, 'link-dir'));
    w = new Workspace(dir);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a.log', false, true],
    ['keep.ts', false, false],
    ['secret.txt', false, false],
    ['build', true, true],
    ['build/out.js', false, true],
    ['node_modules', true, true],
    ['node_modules/pkg/index.js', false, true],
    ['.git', true, true],
    ['sub/secret.txt', false, true],
    ['sub/deep/secret.txt', false, true],
    ['sub/keep.log', false, false],
    ['sub/other.log', false, true],
    ['.', true, false],
  ] as const)('isIgnored(%s, dir=%s) is %s', (rel, isDir, expected) => {
    expect(w.isIgnored(rel, isDir)).toBe(expected);
  });

  it('walks files in tree order, skipping ignored paths and symlinked dirs', async () => {
    const files: string[] = [];
    for await (const f of w.walkFiles()) files.push(f);
    expect(files).toEqual([
      '.gitignore',
      'keep.ts',
      'linked-target/t.ts',
      'secret.txt',
      'sub/.gitignore',
      'sub/deep/z.ts',
      'sub/keep.log',
    ]);
  });

  it('can leave symlinked files out', async () => {
    await fs.symlink('keep.ts', path.join(dir, 'link-file.ts'));
    try {
      const all: string[] = [];
      for await (const f of w.walkFiles()) all.push(f);
      const noLinks: string[] = [];
      for await (const f of w.walkFiles('.', undefined, { symlinks: 'skip' })) noLinks.push(f);
      expect(all).toContain('link-file.ts');
      expect(noLinks).not.toContain('link-file.ts');
      expect(noLinks).toHaveLength(all.length - 1);
    } finally {
      await fs.rm(path.join(dir, 'link-file.ts'));
    }
  });

  it('walks a subtree and stops when the consumer stops', async () => {
    const sub: string[] = [];
    for await (const f of w.walkFiles('sub')) sub.push(f);
    expect(sub).toEqual(['sub/.gitignore', 'sub/deep/z.ts', 'sub/keep.log']);
    const first: string[] = [];
    const gen = w.walkFiles();
    for await (const f of gen) {
      first.push(f);
      if (first.length === 2) break;
    }
    expect(first).toHaveLength(2);
    expect((await gen.next()).done).toBe(true);
  });
});
