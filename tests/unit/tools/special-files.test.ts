// Named pipes and other non-regular files: every file tool refuses them by type, before any open, so
// nothing blocks on a FIFO that no one writes to.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { createSearchTool } from '../../../src/main/tools/search.js';
import { writeFileTool } from '../../../src/main/tools/write-file.js';
import { readRegularFile } from '../../../src/main/workspace/regular-file.js';
import { createRipgrepSearch } from '../../../src/main/workspace/ripgrep-search.js';
import { nodeSearch } from '../../../src/main/workspace/text-search.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';
import { watchFifo } from '../helpers/fifo.js';

let t: TempWorkspace;
let watchers: { stop(): boolean }[];
beforeEach(async () => {
  t = await makeTempWorkspace();
  await t.write({ 'math.js': 'const add = (a, b) => a + b;\n' });
  execFileSync('mkfifo', [path.join(t.root, 'pipe'), path.join(t.root, 'pipe.js')]);
  watchers = ['pipe', 'pipe.js'].map((n) => watchFifo(path.join(t.root, n)));
});
afterEach(async () => {
  for (const w of watchers) w.stop();
  await t.cleanup();
});

const neverOpened = () => expect(watchers.map((w) => w.stop())).toEqual([false, false]);

describe.skipIf(process.platform === 'win32')('named pipes (FIFO) in the workspace', () => {
  it('read_file refuses a FIFO by type and never opens it', async () => {
    const out = await t.run(readFileTool, { path: 'pipe' });
    expect(out).toEqual({ ok: false, output: 'pipe is a named pipe (FIFO), not a regular file; not read.' });
    neverOpened();
  });

  it('read_file refuses a FIFO also when a line range is asked (the large-file path)', async () => {
    const out = await t.run(readFileTool, { path: 'pipe', start_line: 1, end_line: 3 });
    expect(out.output).toBe('pipe is a named pipe (FIFO), not a regular file; not read.');
    neverOpened();
  });

  it('edit_file and write_file refuse it, even before the read check', async () => {
    const edit = await t.run(editFileTool, { path: 'pipe.js', old_text: 'a', new_text: 'b' });
    expect(edit).toEqual({
      ok: false,
      output: 'pipe.js is a named pipe (FIFO), not a regular file; not changed.',
    });
    const write = await t.run(writeFileTool, { path: 'pipe', content: 'x' });
    expect(write).toEqual({
      ok: false,
      output: 'pipe is a named pipe (FIFO), not a regular file; not written.',
    });
    neverOpened();
  });

  it('apply_patch refuses the patch, changing nothing', async () => {
    const out = await t.run(applyPatchTool, {
      patch:
        '--- a/math.js\n+++ b/math.js\n@@ -1 +1 @@\n-const add = (a, b) => a + b;\n+const add = 1;\n--- a/pipe.js\n+++ b/pipe.js\n@@ -1 +1 @@\n-a\n+b\n',
    });
    expect(out.ok).toBe(false);
    expect(out.output).toBe(
      'Patch not applied (no file was changed): pipe.js is a named pipe (FIFO), not a regular file; not changed.',
    );
    expect(await t.read('math.js')).toBe('const add = (a, b) => a + b;\n');
    neverOpened();
  });

  it.each([
    ['the Node engine', nodeSearch],
    ['ripgrep', createRipgrepSearch()],
  ])('search with %s walks past it and refuses it as the target', async (_label, engine) => {
    const search = createSearchTool(engine);
    const all = await t.run(search, { pattern: 'add' });
    expect(all).toMatchObject({ ok: true, output: 'math.js:1: const add = (a, b) => a + b;' });
    const none = await t.run(search, { pattern: 'zzz' });
    expect(none.output).toBe('No matches for "zzz" in the workspace (1 file searched).');
    const direct = await t.run(search, { pattern: 'add', path: 'pipe.js' });
    expect(direct).toEqual({
      ok: false,
      output: 'pipe.js is a named pipe (FIFO), not a regular file; not searched.',
    });
    neverOpened();
  });

  it('a file swapped for a FIFO after the type check is caught on the handle, without blocking', async () => {
    // `known: true` skips the path check, as after a directory listing: the non-blocking open returns
    // at once and the handle's type refuses it.
    const read = await readRegularFile(path.join(t.root, 'pipe'), Infinity, true);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.code).toBe('not_regular');
  });
});
