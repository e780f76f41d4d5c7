import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace({ readLines: 5, lineChars: 20 });
});
afterEach(async () => {
  await t.cleanup();
});

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('read_file', () => {
  it('shows a small file whole with line numbers and records the read', async () => {
    await t.write({ 'a.ts': 'const a = 1;\r\nconst b = 2;\r\n' });
    const out = await t.run(readFileTool, { path: 'a.ts' });
    expect(out).toMatchObject({ ok: true });
    expect(out.output).toBe('a.ts (2 lines)\n1| const a = 1;\n2| const b = 2;');
    expect((await t.ctx.reads.check(path.join(t.root, 'a.ts'))).ok).toBe(true);
  });

  it('caps long files and says where to continue', async () => {
    await t.write({ 'long.txt': numbered(12) });
    const out = await t.run(readFileTool, { path: 'long.txt' });
    expect(out.truncated).toBe(true);
    expect(out.output).toBe(
      [
        'long.txt: lines 1-5 of 12',
        '1| line 1',
        '2| line 2',
        '3| line 3',
        '4| line 4',
        '5| line 5',
        '... (lines 6-12 not shown; call read_file with start_line=6)',
      ].join('\n'),
    );
  });

  it('reads an inclusive range, pads numbers, and clamps end_line to the file', async () => {
    await t.write({ 'long.txt': numbered(12) });
    const out = await t.run(readFileTool, { path: 'long.txt', start_line: 9, end_line: 10 });
    expect(out.output).toBe('long.txt: lines 9-10 of 12\n 9| line 9\n10| line 10');
    const tail = await t.run(readFileTool, { path: 'long.txt', start_line: 11, end_line: 99 });
    expect(tail.output).toBe('long.txt: lines 11-12 of 12\n11| line 11\n12| line 12');
  });

  it('records the whole-file hash even when a range was read', async () => {
    await t.write({ 'long.txt': numbered(12) });
    await t.run(readFileTool, { path: 'long.txt', start_line: 3, end_line: 4 });
    expect((await t.ctx.reads.check(path.join(t.root, 'long.txt'))).ok).toBe(true);
  });

  it('cuts long lines with a marker', async () => {
    await t.write({ 'wide.txt': 'x'.repeat(50) + '\n' });
    const out = await t.run(readFileTool, { path: 'wide.txt' });
    expect(out.output).toBe(`wide.txt (1 line)\n1| ${'x'.repeat(20)} ... (30 more chars)`);
  });

  it('rejects bad ranges', async () => {
    await t.write({ 'long.txt': numbered(12) });
    const past = await t.run(readFileTool, { path: 'long.txt', start_line: 13 });
    expect(past).toEqual({ ok: false, output: 'start_line 13 is past the end of long.txt (12 lines).' });
    const backwards = await t.run(readFileTool, { path: 'long.txt', start_line: 5, end_line: 2 });
    expect(backwards.ok).toBe(false);
  });

  it('says when a file is empty', async () => {
    await t.write({ 'empty.txt': '' });
    expect(await t.run(readFileTool, { path: 'empty.txt' })).toEqual({
      ok: true,
      output: 'empty.txt is empty (0 lines).',
    });
  });

  it('refuses binary files, directories, missing files and escapes', async () => {
    await t.write({ 'img.png': Buffer.from([0x89, 0x50, 0x00, 0x01]), 'dir/x.txt': '' });
    const bin = await t.run(readFileTool, { path: 'img.png' });
    expect(bin.ok).toBe(false);
    expect(bin.output).toMatch(/binary/);
    const dir = await t.run(readFileTool, { path: 'dir' });
    expect(dir.output).toMatch(/is a directory; use list_dir/);
    const missing = await t.run(readFileTool, { path: 'nope.ts' });
    expect(missing.ok).toBe(false);
    expect(missing.output).toMatch(/nope.ts does not exist.*find_files/);
    const outside = await t.run(readFileTool, { path: '../../etc/passwd' });
    expect(outside.ok).toBe(false);
    expect(outside.output).toMatch(/outside the workspace/);
  });

  it('refuses a file over 10 MB whole but streams a line range of it', async () => {
    const line = 'y'.repeat(99) + '\n';
    await fs.writeFile(path.join(t.root, 'big.txt'), line.repeat(110_000));
    const whole = await t.run(readFileTool, { path: 'big.txt' });
    expect(whole.ok).toBe(false);
    expect(whole.output).toMatch(/too large.*start_line\/end_line.*search/);
    const part = await t.run(readFileTool, { path: 'big.txt', start_line: 100, end_line: 101 });
    expect(part.ok).toBe(true);
    expect(part.output.split('\n').slice(1)).toEqual([
      `100| ${'y'.repeat(20)} ... (79 more chars)`,
      `101| ${'y'.repeat(20)} ... (79 more chars)`,
    ]);
  });
});
