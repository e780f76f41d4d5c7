// Invalid UTF-8 and the byte order mark: tools that rewrite a file decode strictly and refuse rather
// than turn undecodable bytes into U+FFFD; a BOM stays exactly as it was.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../../src/main/workspace/utf8.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
});
afterEach(async () => {
  await t.cleanup();
});

const BAD = Buffer.from('a\xff\xfeb\nz\n', 'latin1');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const bytes = (rel: string) => fs.readFile(path.join(t.root, rel));

describe('strict UTF-8 decoding', () => {
  it.each([
    ['ascii', [0x61, 0x0a], -1],
    ['two, three and four byte forms', [...Buffer.from('é€😀')], -1],
    ['a lone 0xFF', [0x61, 0xff, 0x62], 1],
    ['a stray continuation byte', [0x61, 0x62, 0x80], 2],
    ['an overlong two-byte form', [0xc0, 0x80], 0],
    ['an overlong three-byte form', [0x61, 0xe0, 0x80, 0x80], 1],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut at the end', [0x61, 0xe2, 0x82], 1],
  ])('%s: first bad byte %#', (_label, input, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(input))).toBe(offset);
  });

  it('agrees with the WHATWG decoder on random bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 8;
    let invalid = 0;
    for (let n = 0; n < 3000; n++) {
      // Mostly high bytes, so that valid and invalid sequences both occur.
      const buf = Uint8Array.from({ length: 1 + (next() % 6) }, () => 0x7f + (next() % 0x81));
      let valid = true;
      try {
        fatal.decode(buf);
      } catch {
        valid = false;
      }
      if (!valid) invalid++;
      expect(firstInvalidUtf8(buf) === -1, `bytes ${[...buf].join(' ')}`).toBe(valid);
    }
    expect(invalid).toBeGreaterThan(100);
    expect(invalid).toBeLessThan(3000);
  });

  it('drops a leading BOM from the text and reports it', () => {
    expect(decodeUtf8(Buffer.concat([BOM, Buffer.from('x\n')]))).toEqual({
      ok: true,
      text: 'x\n',
      bom: true,
    });
    expect(decodeUtf8(Buffer.from('x\n'))).toEqual({ ok: true, text: 'x\n', bom: false });
    expect(decodeUtf8(BAD)).toEqual({ ok: false, offset: 1 });
  });
});

describe('invalid UTF-8 in the file tools', () => {
  it('read_file shows the file and says it is not valid UTF-8', async () => {
    await t.write({ 'bad.txt': BAD });
    const out = await t.run(readFileTool, { path: 'bad.txt' });
    expect(out.ok).toBe(true);
    expect(out.output).toBe(
      'bad.txt (2 lines)\n1| a\uFFFD\uFFFDb\n2| z\n' +
        'Note: bad.txt is not valid UTF-8 (first bad byte at offset 1); such bytes are shown as \uFFFD, ' +
        'and edit_file/apply_patch will not change this file.',
    );
  });

  it('edit_file refuses, and every byte stays as it was', async () => {
    await t.write({ 'bad.txt': BAD });
    await t.run(readFileTool, { path: 'bad.txt' });
    const out = await t.run(editFileTool, { path: 'bad.txt', old_text: 'z', new_text: 'y' });
    expect(out).toEqual({
      ok: false,
      output:
        'bad.txt is not valid UTF-8 (first bad byte at offset 1); not changed. ' +
        'Use write_file to replace it whole, or run_command.',
    });
    expect((await bytes('bad.txt')).equals(BAD)).toBe(true);
  });

  it('apply_patch refuses the whole patch, and every byte stays as it was', async () => {
    await t.write({ 'bad.txt': BAD, 'ok.txt': 'one\n' });
    const out = await t.run(applyPatchTool, {
      patch:
        '--- a/ok.txt\n+++ b/ok.txt\n@@ -1 +1 @@\n-one\n+two\n--- a/bad.txt\n+++ b/bad.txt\n@@ -2 +2 @@\n-z\n+y\n',
    });
    expect(out.ok).toBe(false);
    expect(out.output).toBe(
      'Patch not applied (no file was changed): bad.txt is not valid UTF-8 (first bad byte at offset 1); ' +
        'not changed. Use write_file to replace it whole, or run_command.',
    );
    expect((await bytes('bad.txt')).equals(BAD)).toBe(true);
    expect(await t.read('ok.txt')).toBe('one\n');
  });

  it('apply_patch still renames such a file without hunks, bytes intact', async () => {
    await t.write({ 'bad.txt': BAD });
    const out = await t.run(applyPatchTool, {
      patch:
        'diff --git a/bad.txt b/moved.txt\nsimilarity index 100%\nrename from bad.txt\nrename to moved.txt\n',
    });
    expect(out.ok, out.output).toBe(true);
    expect((await bytes('moved.txt')).equals(BAD)).toBe(true);
  });
});

describe('a UTF-8 byte order mark', () => {
  const WITH_BOM = Buffer.concat([BOM, Buffer.from('import x;\r\nconst a = 1;\r\n')]);

  it('read_file does not show it', async () => {
    await t.write({ 'bom.ts': WITH_BOM });
    const out = await t.run(readFileTool, { path: 'bom.ts' });
    expect(out.output).toBe('bom.ts (2 lines)\n1| import x;\n2| const a = 1;');
  });

  it('edit_file keeps it, also for an edit of the first line or an old_text that copies it', async () => {
    await t.write({ 'bom.ts': WITH_BOM });
    await t.run(readFileTool, { path: 'bom.ts' });
    const first = await t.run(editFileTool, { path: 'bom.ts', old_text: 'import x;', new_text: 'import y;' });
    expect(first.ok).toBe(true);
    expect(await bytes('bom.ts')).toEqual(Buffer.concat([BOM, Buffer.from('import y;\r\nconst a = 1;\r\n')]));
    const copied = await t.run(editFileTool, {
      path: 'bom.ts',
      old_text: '\uFEFFimport y;',
      new_text: '\uFEFFimport z;',
    });
    expect(copied.ok).toBe(true);
    expect(await bytes('bom.ts')).toEqual(Buffer.concat([BOM, Buffer.from('import z;\r\nconst a = 1;\r\n')]));
    // The write was recorded as it is on disk: a further edit needs no new read.
    const again = await t.run(editFileTool, { path: 'bom.ts', old_text: '= 1', new_text: '= 2' });
    expect(again.ok).toBe(true);
    expect(await bytes('bom.ts')).toEqual(Buffer.concat([BOM, Buffer.from('import z;\r\nconst a = 2;\r\n')]));
  });

  it('a fuzzy match of the first line cannot swallow it', async () => {
    await t.write({ 'bom.py': Buffer.concat([BOM, Buffer.from('  x = 1\n  y = 2\n')]) });
    await t.run(readFileTool, { path: 'bom.py' });
    const out = await t.run(editFileTool, {
      path: 'bom.py',
      old_text: 'x = 1\ny = 2',
      new_text: 'x = 3\ny = 4',
    });
    expect(out.ok).toBe(true);
    const after = await bytes('bom.py');
    expect(after.subarray(0, 3).equals(BOM)).toBe(true);
    expect(after.subarray(3).toString('utf8')).toMatch(/^\s*x = 3\n\s*y = 4\n$/);
  });

  it('apply_patch keeps it', async () => {
    await t.write({ 'bom.ts': WITH_BOM });
    const out = await t.run(applyPatchTool, {
      patch: '--- a/bom.ts\n+++ b/bom.ts\n@@ -1,2 +1,2 @@\n-import x;\n+import w;\n const a = 1;\n',
    });
    expect(out.ok).toBe(true);
    expect(await bytes('bom.ts')).toEqual(Buffer.concat([BOM, Buffer.from('import w;\r\nconst a = 1;\r\n')]));
  });
});
