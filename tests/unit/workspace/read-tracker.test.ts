import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadTracker } from '../../../src/main/workspace/read-tracker.js';
import { makeTempDir } from '../helpers/tool-context.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeTempDir('lc-reads-');
  file = path.join(dir, 'f.txt');
  await fs.writeFile(file, 'hello\n');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('ReadTracker', () => {
  it('refuses a file that was never read', async () => {
    const result = await new ReadTracker().check(file);
    expect(!result.ok && result.code).toBe('not_read');
    expect(!result.ok && result.message).toMatch(/read_file/);
  });

  it('accepts an unchanged file and records size and mtime', async () => {
    const reads = new ReadTracker();
    reads.record(file, Buffer.from('hello\n'));
    expect((await reads.check(file)).ok).toBe(true);
    const seen = reads.get(file);
    expect(seen?.size).toBe(6);
    expect(seen?.mtimeMs).toBe((await fs.stat(file)).mtimeMs);
  });

  it('detects a same-size change even when mtime is restored (hash, not mtime)', async () => {
    const reads = new ReadTracker();
    reads.record(file, 'hello\n');
    const { atime, mtime } = await fs.stat(file);
    await fs.writeFile(file, 'HELLO\n');
    await fs.utimes(file, atime, mtime);
    const result = await reads.check(file);
    expect(!result.ok && result.code).toBe('changed_on_disk');
    expect(!result.ok && result.message).toMatch(/read_file again/);
  });

  it('reports a deleted file as changed, and forget() drops the record', async () => {
    const reads = new ReadTracker();
    reads.record(file, 'hello\n');
    await fs.rm(file);
    const result = await reads.check(file);
    expect(!result.ok && result.code).toBe('changed_on_disk');
    reads.forget(file);
    const again = await reads.check(file);
    expect(!again.ok && again.code).toBe('not_read');
  });
});
