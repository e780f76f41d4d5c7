// The one change pipeline every file-changing tool goes through: approve -> checkpoint -> atomic write
// -> read record -> after-write check, in that order; a failing step before the write changes nothing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Permissions } from '../../../src/main/safety/permissions.js';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { writeFileTool } from '../../../src/main/tools/write-file.js';
import { nodeFileOps } from '../../../src/main/workspace/file-ops.js';
import { makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
let log: string[];

/** Ask mode, with an approver that approves and logs; the disk, checkpoint and check log too. */
function tracePipeline(): void {
  t.ctx.permissions = new Permissions({
    mode: 'ask',
    approver: async (request) => {
      log.push(`approve ${request.kind}`);
      return { approved: true };
    },
    judge: async (c) => ({ verdict: 'ask', reasons: ['test'], segments: [c] }),
    sandbox: { available: true, note: 'test', whenMissing: 'ask' },
  });
  t.ctx.saveBefore = async (rels) => {
    log.push(`checkpoint ${rels.join(',')}`);
    return undefined;
  };
  const disk = nodeFileOps(t.root);
  t.ws.files = {
    ...disk,
    write: async (abs, data, mode) => {
      log.push(`write ${path.relative(t.root, abs)}`);
      await disk.write(abs, data, mode);
    },
  };
  t.ctx.afterWrite = async (rel) => {
    // The record comes before the check: a check that reads the file sees what was written.
    const recorded = t.ctx.reads.get(path.join(t.root, rel)) !== undefined;
    log.push(`check ${rel}${recorded ? ' (recorded)' : ''}`);
    return undefined;
  };
}

beforeEach(async () => {
  t = await makeTempWorkspace();
  log = [];
  await t.write({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
});
afterEach(async () => t.cleanup());

const patchBoth = [
  '--- a/a.txt',
  '+++ b/a.txt',
  '@@ -1 +1 @@',
  '-one',
  '+ONE',
  '--- a/b.txt',
  '+++ b/b.txt',
  '@@ -1 +1 @@',
  '-two',
  '+TWO',
  '',
].join('\n');

describe('the change pipeline', () => {
  it('runs approve, checkpoint, write, record, check in that order for every file-changing tool', async () => {
    tracePipeline();
    await t.run(readFileTool, { path: 'a.txt' });
    expect((await t.run(editFileTool, { path: 'a.txt', old_text: 'one', new_text: 'uno' })).ok).toBe(true);
    expect((await t.run(writeFileTool, { path: 'c.txt', content: 'three\n' })).ok).toBe(true);
    expect((await t.run(applyPatchTool, { patch: patchBoth.replace('-one', '-uno') })).ok).toBe(true);
    expect(log).toEqual([
      'approve edit',
      'checkpoint a.txt',
      'write a.txt',
      'check a.txt (recorded)',
      'approve edit',
      'checkpoint c.txt',
      'write c.txt',
      'check c.txt (recorded)',
      'approve edit',
      'checkpoint a.txt,b.txt',
      'write a.txt',
      'write b.txt',
      'check a.txt (recorded)',
      'check b.txt (recorded)',
    ]);
  });

  it('a failing checkpoint changes nothing, whichever tool', async () => {
    tracePipeline();
    t.ctx.saveBefore = async () => 'disk full';
    await t.run(readFileTool, { path: 'a.txt' });
    const edit = await t.run(editFileTool, { path: 'a.txt', old_text: 'one', new_text: 'uno' });
    const write = await t.run(writeFileTool, { path: 'c.txt', content: 'x' });
    const patch = await t.run(applyPatchTool, { patch: patchBoth });
    expect(edit.output).toBe('a.txt not changed: the checkpoint could not be saved (disk full).');
    expect(write.output).toBe('c.txt not written: the checkpoint could not be saved (disk full).');
    expect(patch.output).toBe('Patch not applied: the checkpoint could not be saved (disk full).');
    expect(log.filter((l) => !l.startsWith('approve'))).toEqual([]);
    expect(await t.read('a.txt')).toBe('one\n');
    expect(await t.read('b.txt')).toBe('two\n');
    await expect(t.read('c.txt')).rejects.toThrow();
  });

  it('a stale read is refused before anything is asked or saved', async () => {
    tracePipeline();
    await t.run(readFileTool, { path: 'a.txt' });
    await fs.writeFile(path.join(t.root, 'a.txt'), 'changed elsewhere\n');
    const edit = await t.run(editFileTool, { path: 'a.txt', old_text: 'changed', new_text: 'x' });
    const write = await t.run(writeFileTool, { path: 'a.txt', content: 'x' });
    expect(edit.output).toMatch(/^Cannot edit a\.txt: The file changed on disk since you last read it/);
    expect(write.output).toBe(
      'a.txt changed on disk since you read it; call read_file again before overwriting it.',
    );
    expect(log).toEqual([]);
    expect(await t.read('a.txt')).toBe('changed elsewhere\n');
  });

  it('a write that fails halfway through a patch puts back what was written', async () => {
    const disk = nodeFileOps(t.root);
    t.ws.files = {
      ...disk,
      write: async (abs, data, mode) => {
        if (abs.endsWith('b.txt') && String(data) === 'TWO\n')
          throw Object.assign(new Error('no'), { code: 'EACCES' });
        await disk.write(abs, data, mode);
      },
    };
    const out = await t.run(applyPatchTool, { patch: patchBoth });
    expect(out.output).toBe(
      'Patch not applied (rolled back): could not write b.txt: Permission denied for b.txt.',
    );
    expect(await t.read('a.txt')).toBe('one\n');
    expect(await t.read('b.txt')).toBe('two\n');
  });
});
