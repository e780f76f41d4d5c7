// File modes through the file tools: a patch may switch the executable bit only (any other mode refuses
// the whole patch), and no tool's write keeps setuid, setgid or sticky on a file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { writeFileTool } from '../../../src/main/tools/write-file.js';
import { makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
  await t.write({ 'run.sh': '#!/bin/sh\necho hi\n', 'a.txt': 'one\n' });
  await fs.chmod(path.join(t.root, 'run.sh'), 0o644);
});
afterEach(async () => t.cleanup());

const patch = (lines: string[]) => t.run(applyPatchTool, { patch: lines.join('\n') });
const modeOf = async (rel: string) => (await fs.stat(path.join(t.root, rel))).mode & 0o7777;
const exists = (rel: string) =>
  fs.access(path.join(t.root, rel)).then(
    () => true,
    () => false,
  );
const modeOnly = (mode: string) => ['diff --git a/run.sh b/run.sh', 'old mode 100644', `new mode ${mode}`];

describe('apply_patch: modes', () => {
  it('refuses a mode-only patch that sets setuid, and changes nothing', async () => {
    const out = await patch(modeOnly('104755'));
    expect(out.ok).toBe(false);
    expect(out.output).toMatch(/^Patch not applied: Line 3: "new mode 104755" asks for setuid/);
    expect(out.output).toContain('a patch may only set mode 100644 or 100755');
    expect(await modeOf('run.sh')).toBe(0o644);
  });

  it.each([
    ['102755', 'setgid'],
    ['101755', 'the sticky bit'],
    ['106755', 'setuid'],
    ['120000', 'a symlink'],
    ['160000', 'a submodule'],
    ['040000', 'a directory'],
    ['100777', 'group- or world-writable'],
    ['100666', 'group- or world-writable'],
    ['100664', 'group- or world-writable'],
    ['100600', 'a mode git does not write'],
    ['4755', 'setuid'],
    ['755', 'a mode git does not write'],
    ['rwxr-xr-x', 'a mode that is not octal'],
  ])('refuses new mode %s (%s)', async (mode, meaning) => {
    const out = await patch(modeOnly(mode));
    expect(out.ok).toBe(false);
    expect(out.output).toContain(`asks for ${meaning}`);
    expect(await modeOf('run.sh')).toBe(0o644);
  });

  it('refuses a new file with a special mode: the file is not created', async () => {
    for (const mode of ['104755', '120000', '100777']) {
      const out = await patch([
        'diff --git a/evil b/evil',
        `new file mode ${mode}`,
        '--- /dev/null',
        '+++ b/evil',
        '@@ -0,0 +1 @@',
        '+#!/bin/sh',
      ]);
      expect(out.ok, mode).toBe(false);
      expect(await exists('evil')).toBe(false);
    }
  });

  it('refuses deleting something that is not a regular file by its mode', async () => {
    const out = await patch([
      'diff --git a/run.sh b/run.sh',
      'deleted file mode 120000',
      '--- a/run.sh',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-#!/bin/sh',
      '-echo hi',
    ]);
    expect(out.ok).toBe(false);
    expect(out.output).toContain('asks for a symlink');
    expect(await exists('run.sh')).toBe(true);
  });

  it('is all-or-nothing: a good hunk in one file and setuid on another change neither', async () => {
    const out = await patch([
      'diff --git a/a.txt b/a.txt',
      '--- a/a.txt',
      '+++ b/a.txt',
      '@@ -1 +1 @@',
      '-one',
      '+ONE',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 104755',
    ]);
    expect(out.ok).toBe(false);
    expect(await t.read('a.txt')).toBe('one\n');
    expect(await modeOf('run.sh')).toBe(0o644);
  });

  it('switches the executable bit on and off, and nothing else', async () => {
    const on = await patch(modeOnly('100755'));
    expect(on.ok, on.output).toBe(true);
    expect(await modeOf('run.sh')).toBe(0o755);
    await fs.chmod(path.join(t.root, 'run.sh'), 0o600);
    expect((await patch(modeOnly('100755'))).ok).toBe(true);
    // x only where r was: a private file stays private.
    expect(await modeOf('run.sh')).toBe(0o700);
    const off = await patch(['diff --git a/run.sh b/run.sh', 'old mode 100755', 'new mode 100644']);
    expect(off.ok, off.output).toBe(true);
    expect(await modeOf('run.sh')).toBe(0o600);
    expect(await t.read('run.sh')).toBe('#!/bin/sh\necho hi\n');
  });

  it('creates an executable file with new file mode 100755', async () => {
    const out = await patch([
      'diff --git a/bin/go b/bin/go',
      'new file mode 100755',
      '--- /dev/null',
      '+++ b/bin/go',
      '@@ -0,0 +1 @@',
      '+#!/bin/sh',
    ]);
    expect(out.ok, out.output).toBe(true);
    expect(await modeOf('bin/go')).toBe(0o755);
  });

  it('drops setuid and setgid from a patched or renamed file, keeping the rest', async () => {
    await fs.chmod(path.join(t.root, 'run.sh'), 0o4755);
    await t.write({ 'tool.sh': 'x\n' });
    await fs.chmod(path.join(t.root, 'tool.sh'), 0o2750);
    const out = await patch([
      '--- a/run.sh',
      '+++ b/run.sh',
      '@@ -1,2 +1,2 @@',
      ' #!/bin/sh',
      '-echo hi',
      '+echo bye',
      'diff --git a/tool.sh b/bin/tool.sh',
      'rename from tool.sh',
      'rename to bin/tool.sh',
    ]);
    expect(out.ok, out.output).toBe(true);
    expect(await modeOf('run.sh')).toBe(0o755);
    expect(await modeOf('bin/tool.sh')).toBe(0o750);
  });
});

describe('write_file and edit_file: modes', () => {
  it('keep the mode minus setuid and setgid', async () => {
    await fs.chmod(path.join(t.root, 'run.sh'), 0o4755);
    await fs.chmod(path.join(t.root, 'a.txt'), 0o2640);
    expect((await t.run(readFileTool, { path: 'run.sh' })).ok).toBe(true);
    const edited = await t.run(editFileTool, { path: 'run.sh', old_text: 'hi', new_text: 'bye' });
    expect(edited.ok, edited.output).toBe(true);
    expect(await modeOf('run.sh')).toBe(0o755);
    expect((await t.run(readFileTool, { path: 'a.txt' })).ok).toBe(true);
    const written = await t.run(writeFileTool, { path: 'a.txt', content: 'two\n' });
    expect(written.ok, written.output).toBe(true);
    expect(await modeOf('a.txt')).toBe(0o640);
  });
});
