// Tool contexts fail closed: a context without permissions (only a cast can build one) changes no file
// and runs no command, and says so to the model as a tool result.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatchTool } from '../../../src/main/tools/apply-patch.js';
import { editFileTool } from '../../../src/main/tools/edit-file.js';
import { readFileTool } from '../../../src/main/tools/read-file.js';
import { runCommandTool } from '../../../src/main/tools/run-command.js';
import { executeCalls, ToolRegistry } from '../../../src/main/tools/scheduler.js';
import type { RawSchemaTool, ToolContext } from '../../../src/main/tools/types.js';
import { writeFileTool } from '../../../src/main/tools/write-file.js';
import type { CommandRunner } from '../../../src/main/workspace/command-runner.js';
import { makeTempWorkspace, type TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
let ran: string[];
let bare: ToolContext;

beforeEach(async () => {
  t = await makeTempWorkspace();
  await t.write({ 'a.txt': 'one\n' });
  ran = [];
  const commands: CommandRunner = {
    run: async (command) => {
      ran.push(command);
      throw new Error('a refused command must never reach the runner');
    },
  };
  // Everything a session gives, but the permissions.
  const { permissions: _dropped, ...rest } = { ...t.ctx, commands };
  bare = rest as unknown as ToolContext;
});
afterEach(async () => t.cleanup());

describe('a tool context without permissions', () => {
  it('refuses edit_file, and the file stays as it was', async () => {
    await readFileTool.execute({ path: 'a.txt' }, bare);
    const out = await editFileTool.execute({ path: 'a.txt', old_text: 'one', new_text: 'two' }, bare);
    expect(out).toMatchObject({ ok: false });
    expect(out.output).toBe(
      'a.txt not changed: this call has no permissions to ask, so every change is refused.',
    );
    expect(await t.read('a.txt')).toBe('one\n');
  });

  it('refuses write_file, creating nothing', async () => {
    const out = await writeFileTool.execute({ path: 'new.txt', content: 'x' }, bare);
    expect(out.ok).toBe(false);
    expect(out.output).toMatch(/new\.txt not changed: this call has no permissions/);
    await expect(t.read('new.txt')).rejects.toThrow();
  });

  it('refuses apply_patch, all or nothing', async () => {
    const patch = ['--- a/a.txt', '+++ b/a.txt', '@@ -1 +1 @@', '-one', '+ONE', ''].join('\n');
    const out = await applyPatchTool.execute({ patch }, bare);
    expect(out.ok).toBe(false);
    expect(out.output).toMatch(/^Patch not applied: a\.txt not changed: this call has no permissions/);
    expect(await t.read('a.txt')).toBe('one\n');
  });

  it('refuses run_command before the runner sees it', async () => {
    const out = await runCommandTool.execute({ command: 'touch made.txt' }, bare);
    expect(out).toEqual({
      ok: false,
      output: 'Not run: this call has no permissions to ask, so every command is refused.',
    });
    expect(ran).toEqual([]);
  });

  it('refuses a tool of the external kind in the scheduler, which never runs it', async () => {
    let executed = false;
    const external: RawSchemaTool = {
      name: 'deploy',
      description: 'Deploy the site.',
      source: 'test-source',
      kind: 'external',
      mutates: true,
      inputSchema: { type: 'object', properties: {} },
      execute: async () => {
        executed = true;
        return { ok: true, output: 'deployed' };
      },
    };
    const [out] = await executeCalls(
      [{ id: 'c1', name: 'deploy', args: {} }],
      new ToolRegistry([external]),
      bare,
    );
    expect(out).toMatchObject({
      ok: false,
      output: 'Not run: this call has no permissions to ask, so deploy is refused.',
    });
    expect(executed).toBe(false);
  });

  it('still reads: read-only tools need no permissions', async () => {
    const out = await readFileTool.execute({ path: 'a.txt' }, bare);
    expect(out.ok).toBe(true);
  });
});
