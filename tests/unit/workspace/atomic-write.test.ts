import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/main/workspace/atomic-write.js';
import { makeTempDir } from '../helpers/tool-context.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('lc-atomic-');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it.skipIf(process.platform === 'win32')('keeps the mode of an existing file (755 stays 755)', async () => {
    const file = path.join(dir, 'run.sh');
    await fs.writeFile(file, '#!/bin/sh\necho old\n');
    await fs.chmod(file, 0o755);
    await writeFileAtomic(file, '#!/bin/sh\necho new\n');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o755);
    expect(await fs.readFile(file, 'utf8')).toBe('#!/bin/sh\necho new\n');
  });

  it('creates a new file with the default mode and leaves no temp files', async () => {
    const reference = path.join(dir, 'reference');
    await fs.writeFile(reference, '');
    const file = path.join(dir, 'new.txt');
    await writeFileAtomic(file, Buffer.from('hello'));
    expect(await fs.readFile(file, 'utf8')).toBe('hello');
    expect((await fs.stat(file)).mode & 0o777).toBe((await fs.stat(reference)).mode & 0o777);
    expect((await fs.readdir(dir)).sort()).toEqual(['new.txt', 'reference']);
  });

  it('replaces content fully on repeated writes', async () => {
    const file = path.join(dir, 'f.txt');
    await writeFileAtomic(file, 'a much longer first version\n');
    await writeFileAtomic(file, 'short\n');
    expect(await fs.readFile(file, 'utf8')).toBe('short\n');
    expect(await fs.readdir(dir)).toEqual(['f.txt']);
  });

  it('removes the temp file when the rename fails, and keeps the target', async () => {
    const target = path.join(dir, 'a-dir');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'inner'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await fs.readdir(dir)).toEqual(['a-dir']);
    expect(await fs.readFile(path.join(target, 'inner'), 'utf8')).toBe('x');
  });

  it('throws when the parent folder is missing', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing/f.txt'), 'x')).rejects.toThrow();
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
