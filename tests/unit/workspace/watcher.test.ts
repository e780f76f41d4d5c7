import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceWatcher } from '../../../src/main/workspace/watcher.js';
import type { WatchChange, WatchStatus } from '../../../src/main/workspace/watcher.js';
import { Workspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir, writeFiles } from '../helpers/tool-context.js';

let root: string;
let ws: Workspace;
let watcher: WorkspaceWatcher | undefined;

beforeEach(async () => {
  root = await makeTempDir('lc-watch-');
  await writeFiles(root, {
    '.gitignore': 'build/\n',
    'a.ts': '',
    'src/b.ts': '',
    'src/deep/c.ts': '',
    'build/out/x.js': '',
    'node_modules/p/q/i.js': '',
  });
  ws = new Workspace(root);
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await fs.rm(root, { recursive: true, force: true });
});

/** Resolves with the first batch for which `pred` holds; changes arrive in batches. */
function waitFor(w: WorkspaceWatcher, pred: (changes: WatchChange[]) => boolean): Promise<WatchChange[]> {
  return new Promise((resolve) => {
    const seen: WatchChange[] = [];
    const off = w.onChange((batch) => {
      seen.push(...batch);
      if (pred(seen)) {
        off();
        resolve(seen);
      }
    });
  });
}

const has = (kind: string, rel: string) => (changes: WatchChange[]) =>
  changes.some((c) => c.kind === kind && c.rel === rel);

describe('WorkspaceWatcher', () => {
  it('watches only folders that are not ignored', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    // root, src, src/deep: one watch per folder, none per file.
    expect(watcher.status).toEqual({ state: 'ready', watches: 3 });
    expect(watcher.watchedDirs()).toBe(3);
  });

  it('holds exactly one watch per folder that is not ignored, never following symlinks', async () => {
    const files: Record<string, string> = {};
    for (let p = 0; p < 3; p++) {
      files[`pkgs/p${p}/.gitignore`] = 'out/\n';
      files[`pkgs/p${p}/out/deep/x.js`] = '';
      files[`pkgs/p${p}/node_modules/d/i.js`] = '';
      for (let m = 0; m < 4; m++) files[`pkgs/p${p}/src/m${m}/f.ts`] = '';
    }
    await writeFiles(root, files);
    await fs.symlink(path.join(root, 'src'), path.join(root, 'pkgs/link-to-src'));
    watcher = await WorkspaceWatcher.start(ws);
    // root, src, src/deep, pkgs, and per package: itself, src, 4 modules (out/ and node_modules/ not).
    expect(watcher.watches()).toBe(4 + 3 * 6);
    expect(watcher.watchedDirs()).toBe(watcher.watches());
    // The same count, independently: every folder that holds a listed file, plus the root.
    const dirs = new Set<string>(['.']);
    for (const rel of await ws.fileIndex().files())
      for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
    expect(watcher.watches()).toBe(dirs.size);
  });

  it('watches a folder created later and reports files made in it before and after its watch', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    const index = ws.fileIndex();
    await index.files();
    let changes = waitFor(
      watcher,
      (c) => has('add', 'src/fresh/inner/early.ts')(c) && has('add', 'src/fresh/e.ts')(c),
    );
    await writeFiles(root, { 'src/fresh/inner/early.ts': '', 'src/fresh/e.ts': '' });
    const seen = await changes;
    expect(seen).toContainEqual({ kind: 'addDir', rel: 'src/fresh' });
    expect(watcher.watches()).toBe(5);
    changes = waitFor(watcher, has('add', 'src/fresh/inner/late.ts'));
    await fs.writeFile(path.join(root, 'src/fresh/inner/late.ts'), 'x');
    await changes;
    changes = waitFor(watcher, has('change', 'a.ts'));
    await fs.appendFile(path.join(root, 'a.ts'), 'edit');
    await changes;
    await index.settled();
    expect(await index.files()).toEqual([
      '.gitignore',
      'a.ts',
      'src/b.ts',
      'src/deep/c.ts',
      'src/fresh/e.ts',
      'src/fresh/inner/early.ts',
      'src/fresh/inner/late.ts',
    ]);
  });

  it('follows a renamed folder and stops watching a folder a .gitignore now ignores', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    const index = ws.fileIndex();
    await index.files();
    let changes = waitFor(watcher, (c) => has('unlinkDir', 'src/deep')(c) && has('add', 'src/moved/c.ts')(c));
    await fs.rename(path.join(root, 'src/deep'), path.join(root, 'src/moved'));
    await changes;
    expect(watcher.watches()).toBe(3);
    changes = waitFor(watcher, has('add', 'src/.gitignore'));
    await fs.writeFile(path.join(root, 'src/.gitignore'), 'moved/\n');
    await changes;
    expect(watcher.watches()).toBe(2);
    changes = waitFor(watcher, has('add', 'marker.ts'));
    await fs.writeFile(path.join(root, 'src/moved/hidden.ts'), 'x');
    await fs.writeFile(path.join(root, 'marker.ts'), 'x');
    expect((await changes).filter((c) => c.rel.startsWith('src/moved/'))).toEqual([]);
    await index.settled();
    expect(await index.files()).toEqual(['.gitignore', 'a.ts', 'marker.ts', 'src/.gitignore', 'src/b.ts']);
  });

  it('reports changes and keeps the file index current without a rescan', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    const index = ws.fileIndex();
    expect(await index.files()).toEqual(['.gitignore', 'a.ts', 'src/b.ts', 'src/deep/c.ts']);
    expect(index.live).toBe(true);

    let changes = waitFor(watcher, has('add', 'src/new.ts'));
    await fs.writeFile(path.join(root, 'src/new.ts'), 'x');
    await changes;
    await index.settled();
    expect(await index.files()).toContain('src/new.ts');

    changes = waitFor(watcher, has('unlinkDir', 'src/deep'));
    await fs.rm(path.join(root, 'src/deep'), { recursive: true });
    await changes;
    expect(await index.files()).toEqual(['.gitignore', 'a.ts', 'src/b.ts', 'src/new.ts']);

    const listed: string[] = [];
    for await (const rel of ws.listFiles()) listed.push(rel);
    expect(listed).toEqual(['.gitignore', 'a.ts', 'src/b.ts', 'src/new.ts']);
  });

  it('sees files written by another process', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    const changes = waitFor(watcher, has('add', 'src/deep/by-command.txt'));
    await new Promise<void>((resolve, reject) => {
      execFile('sh', ['-c', 'echo hi > src/deep/by-command.txt'], { cwd: root }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    await changes;
    await ws.fileIndex().settled();
    expect(await ws.fileIndex().files()).toContain('src/deep/by-command.txt');
  });

  it('does not report changes inside ignored folders', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    const changes = waitFor(watcher, has('add', 'marker.ts'));
    await fs.writeFile(path.join(root, 'build/out/y.js'), 'x');
    await fs.writeFile(path.join(root, 'node_modules/p/new.js'), 'x');
    await fs.writeFile(path.join(root, 'marker.ts'), 'x');
    const seen = await changes;
    expect(seen.filter((c) => c.rel.startsWith('build') || c.rel.startsWith('node_modules'))).toEqual([]);
  });

  it('re-lists a folder when its .gitignore changes', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    const index = ws.fileIndex();
    await index.files();
    const changes = waitFor(watcher, has('add', 'src/.gitignore'));
    await fs.writeFile(path.join(root, 'src/.gitignore'), 'b.ts\n');
    await changes;
    await index.settled();
    expect(await index.files()).toEqual(['.gitignore', 'a.ts', 'src/.gitignore', 'src/deep/c.ts']);
  });

  it('degrades to a notice when the system watch limit is hit, without throwing', async () => {
    watcher = await WorkspaceWatcher.start(ws);
    ws.fileIndex().live = true;
    // The limit itself cannot be lowered from a test: hand the watcher what fs.watch would throw.
    const internal = watcher as unknown as { onWatchError(err: Error): void };
    internal.onWatchError(Object.assign(new Error('watch failed'), { code: 'ENOSPC' }));
    expect(watcher.status).toMatchObject({ state: 'degraded', code: 'watch_limit' });
    expect(watcher.status.state === 'degraded' && watcher.status.message).toMatch(/max_user_watches/);
    expect(ws.fileIndex().live).toBe(false);
    internal.onWatchError(Object.assign(new Error('gone'), { code: 'ENOENT' }));
    expect(watcher.status.state).toBe('degraded');
  });

  it('degrades to a notice when the watch budget runs out', async () => {
    const statuses: WatchStatus[] = [];
    watcher = await WorkspaceWatcher.start(ws, { maxWatches: 2 });
    watcher.onStatus((s) => statuses.push(s));
    expect(watcher.status).toMatchObject({ state: 'degraded', code: 'watch_limit', watches: 2 });
    expect(watcher.watches()).toBe(2);
    expect(watcher.status.state === 'degraded' && watcher.status.message).toMatch(
      /more folders than can be watched/,
    );
    expect(ws.fileIndex().live).toBe(false);
    // Listing still works: it walks instead of trusting the index.
    const listed: string[] = [];
    for await (const rel of ws.listFiles()) listed.push(rel);
    expect(listed).toEqual(['.gitignore', 'a.ts', 'src/b.ts', 'src/deep/c.ts']);
    await watcher.close();
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
    watcher = undefined;
  });
});
