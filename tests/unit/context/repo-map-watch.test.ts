import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approxTokens } from '../../../src/main/context/budget.js';
import { RepoMap } from '../../../src/main/context/repo-map.js';
import { keepRepoMapCurrent } from '../../../src/main/context/repo-map-watch.js';
import { WorkspaceWatcher } from '../../../src/main/workspace/watcher.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';

let dir: string;
let watcher: WorkspaceWatcher | undefined;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'lc-mapwatch-')));
});
afterEach(async () => {
  await watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('keepRepoMapCurrent', () => {
  it('a file written by another program shows up in the map after a refresh, without a rebuild', async () => {
    await writeFile(path.join(dir, 'a.ts'), 'export function alpha() {}\n');
    const opened = await openWorkspace(dir);
    if (!opened.ok) throw new Error(opened.message);
    const map = new RepoMap(opened.workspace);
    await map.build();
    watcher = await WorkspaceWatcher.start(opened.workspace, { batchMs: 20 });
    keepRepoMapCurrent(watcher, map);

    const seen = new Promise<void>((resolve) => {
      watcher!.onChange((changes) => {
        if (changes.some((c) => c.rel === 'b.ts')) resolve();
      });
    });
    await writeFile(path.join(dir, 'b.ts'), 'export class BetaService {}\n');
    await seen;

    const stats = await map.refresh();
    expect(stats.parsed).toBe(1); // only the new file was read
    const text = map.render({ budgetTokens: 500, countTokens: approxTokens }).text;
    expect(text).toMatch(/b\.ts\n\s+1 (export )?class BetaService/);
    expect(text).toContain('alpha');
  });
});
