import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AgentEvent, ToolResultDisplay } from '../../../src/shared/agent-events.js';
import { runAgent, type AgentRunOptions } from '../../../src/main/agent/agent-loop.js';
import { DISPLAY_TEXT_MAX, toResultDisplay } from '../../../src/main/agent/result-display.js';
import { ScriptedModel } from '../../../src/main/model/scripted-model.js';
import { ToolRegistry } from '../../../src/main/tools/scheduler.js';
import { defineTool, type Tool } from '../../../src/main/tools/types.js';

// Tools that return a display the way edit_file and run_command do; the loop is under test.
const editTool = defineTool({
  name: 'edit',
  description: 'Edit a file.',
  params: z.object({ path: z.string().describe('path') }),
  mutates: true,
  async execute({ path }) {
    return {
      ok: true,
      output: `Edited ${path}.`,
      display: { kind: 'diff', path, before: 'a\nb\nc\n', after: 'a\nB\nc\nd\n' },
    };
  },
});
const commandTool = defineTool({
  name: 'command',
  description: 'Run a command.',
  params: z.object({ command: z.string().describe('command') }),
  mutates: true,
  async execute({ command }) {
    return {
      ok: false,
      output: 'exit code 2\nboom',
      display: { kind: 'command', command, exitCode: 2, timedOut: false, output: 'boom' },
    };
  },
});
const plainTool = defineTool({
  name: 'plain',
  description: 'Says hi.',
  params: z.object({}),
  mutates: false,
  async execute() {
    return { ok: true, output: 'hi' };
  },
});

function resultsOf(events: AgentEvent[]) {
  return events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
}

describe('the loop delivers what a tool made for the window', () => {
  it('puts the display on the tool_result event, made small; none when the tool made none', async () => {
    const events: AgentEvent[] = [];
    await runAgent({
      model: new ScriptedModel({
        turns: [
          {
            calls: [
              { name: 'edit', args: { path: 'x.txt' } },
              { name: 'command', args: { command: 'make test' } },
              { name: 'plain', args: {} },
            ],
          },
          { text: 'Done.' },
        ],
      }),
      tools: new ToolRegistry([editTool, commandTool, plainTool] as unknown as Tool[]),
      toolContext: {} as AgentRunOptions['toolContext'],
      systemPrompt: 'sys',
      task: 'do it',
      onEvent: (e) => events.push(e),
    });
    const [edit, command, plain] = resultsOf(events);
    expect(edit?.display).toEqual({
      kind: 'diff',
      path: 'x.txt',
      patch: '@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d',
      added: 2,
      removed: 1,
    });
    // The command's line and output are already on the events: the display carries only how it ended.
    expect(command?.display).toEqual({ kind: 'command', exitCode: 2, timedOut: false });
    expect(command?.ok).toBe(false);
    expect(plain).toBeDefined();
    expect(plain && 'display' in plain).toBe(false);
    // Plain JSON: it crosses the IPC and lands in the transcript unchanged.
    expect(JSON.parse(JSON.stringify(edit?.display))).toEqual(edit?.display);
  });
});

describe('toResultDisplay', () => {
  const diff = (before: string, after: string) =>
    toResultDisplay({ kind: 'diff', path: 'f.txt', before, after }) as Extract<
      ToolResultDisplay,
      { kind: 'diff' }
    >;

  it('caps the hunks of a huge change and says so, with the full counts', () => {
    const before = Array.from({ length: 1500 }, (_, i) => `line ${i}\n`).join('');
    const after = before.replace(/line (\d+)/g, (_, n: string) => `LINE ${n} with more text`);
    const shown = diff('', after);
    expect(shown.capped).toBe(true);
    expect(shown.patch.length).toBeLessThanOrEqual(DISPLAY_TEXT_MAX);
    expect(shown.added).toBe(1500);
    expect(JSON.stringify(shown).length).toBeLessThan(DISPLAY_TEXT_MAX + 500);
    // A change past the edit-distance cap is not diffed at all.
    const huge = diff(before, after);
    expect(huge).toMatchObject({ patch: '', capped: true });
  });

  it('leaves a small diff whole and shows CRLF lines without their \\r', () => {
    const shown = diff('a\r\nb\r\n', 'a\r\nc\r\n');
    expect(shown.capped).toBeUndefined();
    expect(shown.patch).toBe('@@ -1,2 +1,2 @@\n a\n-b\n+c');
  });

  it("drops a command's output (the event has it) and caps a long text", () => {
    const command = toResultDisplay({
      kind: 'command',
      command: 'sleep 99',
      exitCode: null,
      timedOut: true,
      output: 'x'.repeat(50_000),
    });
    expect(command).toEqual({ kind: 'command', exitCode: null, timedOut: true });
    const text = toResultDisplay({ kind: 'text', text: '😀'.repeat(DISPLAY_TEXT_MAX) });
    expect(text.kind === 'text' && text.text.length).toBeLessThanOrEqual(DISPLAY_TEXT_MAX);
    expect(text).toMatchObject({ capped: true });
    // No lone surrogate at the cut.
    expect(text.kind === 'text' && text.text.endsWith('😀')).toBe(true);
  });
});
