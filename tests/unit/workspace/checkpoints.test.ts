import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../src/main/tools/index.js';
import { executeCalls } from '../../../src/main/tools/scheduler.js';
import { createCommandRunner } from '../../../src/main/workspace/command-runner.js';
import { openCheckpointStore, type CheckpointStore } from '../../../src/main/workspace/checkpoints.js';
import { makeTempDir, makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
let dataDir: string;
let store: CheckpointStore;
const registry = createDefaultRegistry();
let n = 0;

beforeEach(async () => {
  t = await makeTempWorkspace();
  dataDir = await makeTempDir('lc-cp-');
  store = await openCheckpointStore(t.ws, { dir: dataDir, sessionId: 's1' });
  t.ctx.commands = createCommandRunner();
  t.ctx.checkpoints = store;
});
afterEach(async () => {
  await t.cleanup();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Runs one turn of calls through the scheduler; returns the turn's checkpoint and the outcomes. */
async function turn(...calls: [string, unknown][]) {
  const checkpoints: { id: string; files: number }[] = [];
  const outcomes = await executeCalls(
    calls.map(([name, args]) => ({ id: `c${++n}`, name, args })),
    registry,
    t.ctx,
    { onCheckpoint: (c) => checkpoints.push(c) },
  );
  for (const o of outcomes) expect(o.ok, o.output).toBe(true);
  return { checkpoint: checkpoints[0], outcomes };
}

/** Every file under the root (except .git) with content and mode, for byte-exact comparisons. */
async function snapshot(dir = t.root, rel = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === '.git') continue;
    if (e.isDirectory()) {
      out[`${r}/`] = 'dir';
      Object.assign(out, await snapshot(dir, r));
    } else {
      const st = await fs.stat(path.join(dir, r));
      out[r] =
        `${(st.mode & 0o7777).toString(8)}:${(await fs.readFile(path.join(dir, r))).toString('base64')}`;
    }
  }
  return out;
}

describe('checkpoints and undo', () => {
  it('undoes edits and writes byte-exact, removing created files and folders', async () => {
    await t.write({ 'a.js': 'const a = 1;\r\n', 'b.bin': Buffer.from([0, 1, 2, 255]) });
    await fs.chmod(path.join(t.root, 'a.js'), 0o640);
    const before = await snapshot();
    await turn(['read_file', { path: 'a.js' }]);
    const { checkpoint } = await turn(
      ['edit_file', { path: 'a.js', old_text: 'const a = 1;', new_text: 'const a = 2;' }],
      ['write_file', { path: 'new/deep/c.txt', content: 'created' }],
    );
    expect(checkpoint?.files).toBe(2);
    expect(await t.read('a.js')).toBe('const a = 2;\r\n');

    const undo = await store.undoLast();
    expect(undo.ok).toBe(true);
    if (!undo.ok) return;
    expect(undo.restored).toEqual(['a.js']);
    expect(undo.removed).toEqual(['new/deep/c.txt']);
    expect(await snapshot()).toEqual(before);
    expect((await store.undoLast()).ok).toBe(false); // nothing left
  });

  it('captures what a command created, changed (content and mode) and deleted, and undoes it', async () => {
    await t.write({ 'keep.txt': 'k\n', 'gone.txt': 'bye\n', 'mod.sh': 'echo 1\n', 'sub/x.txt': 'x\n' });
    await fs.mkdir(path.join(t.root, '.git'));
    await fs.writeFile(path.join(t.root, '.git/HEAD'), 'ref: refs/heads/main\n');
    const before = await snapshot();
    const { checkpoint, outcomes } = await turn([
      'run_command',
      {
        command:
          'rm gone.txt && echo 2 >> mod.sh && chmod 755 mod.sh && mkdir -p out/x && echo hi > out/x/new.txt && rm -r sub && echo y > .git/HEAD',
      },
    ]);
    expect(outcomes[0]?.changed?.sort()).toEqual(['gone.txt', 'mod.sh', 'out/x/new.txt', 'sub/x.txt']);
    expect(outcomes[0]?.output).toContain('[files changed: gone.txt, mod.sh, out/x/new.txt, sub/x.txt]');
    expect(checkpoint?.files).toBe(4);

    const undo = await store.undoLast();
    expect(undo.ok).toBe(true);
    const after = await snapshot();
    expect(after).toEqual(before);
    // .git is never touched, not even to undo a change made in it.
    expect(await fs.readFile(path.join(t.root, '.git/HEAD'), 'utf8')).toBe('y\n');
  });

  it('undoes an apply_patch rename; a file over the size limit is reported as not saved', async () => {
    await t.write({ 'a.txt': 'one\n', 'big.log.txt': 'x'.repeat(2000) });
    const limited = await openCheckpointStore(t.ws, { dir: dataDir, scan: { maxFileBytes: 1000 } });
    t.ctx.checkpoints = limited;
    const before = await snapshot();
    const patch = ['diff --git a/a.txt b/b.txt', 'rename from a.txt', 'rename to b.txt'].join('\n');
    const { checkpoint } = await turn(['apply_patch', { patch }]);
    expect(checkpoint?.files).toBe(2);
    const { outcomes } = await turn(['run_command', { command: 'echo y >> big.log.txt' }]);
    expect(outcomes[0]?.output).toContain('[not saved for undo (over the size limits): big.log.txt]');
    const undo = await limited.undoLast('turn');
    expect(undo).toMatchObject({ ok: true, notCaptured: ['big.log.txt'], restored: [], removed: [] });
    const undoPatch = await limited.undoLast('turn');
    expect(undoPatch).toMatchObject({ ok: true, restored: ['a.txt'], removed: ['b.txt'] });
    expect(await t.read('a.txt')).toBe('one\n');
    expect((await snapshot())['big.log.txt']).not.toEqual(before['big.log.txt']); // left as it is
  });

  it('restores an old checkpoint across several turns, and the restore itself can be undone', async () => {
    await t.write({ 'f.txt': 'v0\n' });
    const states: Record<string, string>[] = [await snapshot()];
    const ids: string[] = [];
    for (const v of ['v1', 'v2', 'v3']) {
      const { checkpoint } = await turn([
        'run_command',
        { command: `echo ${v} > f.txt && echo ${v} > ${v}.txt` },
      ]);
      ids.push(checkpoint?.id ?? '');
      states.push(await snapshot());
    }
    const r = await store.restore(ids[1] as string); // back to the state after v1
    expect(r.ok).toBe(true);
    expect(await snapshot()).toEqual(states[1]);
    if (!r.ok || !r.backupId) throw new Error('expected a backup');
    expect(r.undone).toEqual([ids[1], ids[2]]);
    const redo = await store.restore(r.backupId);
    expect(redo.ok).toBe(true);
    expect(await snapshot()).toEqual(states[3]);
    const list = await store.list();
    expect(list.filter((c) => c.kind === 'turn').map((c) => c.undone)).toEqual([true, true, false]);
  });

  it('a damaged or missing checkpoint gives a clear error and changes nothing', async () => {
    await t.write({ 'f.txt': 'one\n' });
    await turn(['read_file', { path: 'f.txt' }]);
    const { checkpoint } = await turn(['write_file', { path: 'f.txt', content: 'two\n' }]);
    const now = await snapshot();
    const missing = await store.restore('cp-000000000-0000-000000');
    expect(missing).toMatchObject({ ok: false, code: 'checkpoint_not_found' });

    // Corrupt the one blob the checkpoint holds.
    const objects = path.join(dataDir, 'objects');
    for (const shard of await fs.readdir(objects)) {
      for (const blob of await fs.readdir(path.join(objects, shard))) {
        await fs.writeFile(path.join(objects, shard, blob), 'garbage');
      }
    }
    const damaged = await store.restore(checkpoint?.id as string);
    expect(damaged).toMatchObject({ ok: false, code: 'checkpoint_damaged' });
    expect(damaged.ok ? '' : damaged.message).toContain('f.txt');
    // An unreadable manifest is damaged too.
    await fs.writeFile(path.join(dataDir, 'manifests', `${checkpoint?.id}.json`), '{"version":1');
    expect(await store.restore(checkpoint?.id as string)).toMatchObject({
      ok: false,
      code: 'checkpoint_damaged',
    });
    expect(await snapshot()).toEqual(now);
  });

  it('keeps the store under its byte cap, dropping the oldest checkpoints first', async () => {
    const small = await openCheckpointStore(t.ws, { dir: dataDir, prune: { maxBytes: 40_000 } });
    t.ctx.checkpoints = small;
    await t.write({ 'big.txt': 'x' });
    await turn(['read_file', { path: 'big.txt' }]);
    for (let i = 0; i < 4; i++) {
      await turn(['write_file', { path: 'big.txt', content: String(i).repeat(15_000) }]);
      await turn(['read_file', { path: 'big.txt' }]);
    }
    const report = await small.prune();
    expect(report.bytes).toBeLessThanOrEqual(40_000);
    expect(report.removedCheckpoints).toBeGreaterThan(0);
    const left = await small.list();
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(4);
    const r = await small.restore(left[0]?.id as string); // the newest still restores
    expect(r.ok).toBe(true);
    expect(await t.read('big.txt')).toBe('2'.repeat(15_000));
  });
});
