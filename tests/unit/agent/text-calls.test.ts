import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolSpec } from '../../../src/main/model/turn.js';
import { findTextCalls, readJson, type TextCallScan } from '../../../src/main/agent/text-calls.js';
import { toToolSpec } from '../../../src/main/tools/tool-spec.js';
import type { Tool } from '../../../src/main/tools/types.js';

const TOOLS: ToolSpec[] = [
  {
    name: 'read_file',
    description: 'Read a file, optionally a range of lines.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path, relative to the workspace.' },
        start_line: { type: 'number', description: 'First line to read (1-based).' },
        end_line: { type: 'number', description: 'Last line to read (inclusive).' },
      },
      required: ['path'],
    },
  },
  {
    name: 'edit_file',
    description: 'Replace one unique occurrence of old_text with new_text.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path.' },
        old_text: { type: 'string', description: 'Exact text to replace.' },
        new_text: { type: 'string', description: 'Replacement text.' },
      },
      required: ['path', 'old_text', 'new_text'],
    },
  },
  {
    name: 'run_command',
    description: 'Run a shell command in the workspace.',
    parameters: {
      type: 'object',
      properties: { command: { type: 'string', description: 'The command line.' } },
      required: ['command'],
    },
  },
  {
    name: 'list_dir',
    description: 'List a directory.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Directory; the workspace root by default.' } },
      required: [],
    },
  },
];

function scan(text: string, tools: readonly ToolSpec[] = TOOLS): TextCallScan {
  return findTextCalls(text, tools);
}

/** The calls found, or a failure that shows what came back instead. */
function callsIn(text: string, tools: readonly ToolSpec[] = TOOLS) {
  const result = scan(text, tools);
  expect(result.kind, JSON.stringify(result)).toBe('calls');
  return result as Extract<TextCallScan, { kind: 'calls' }>;
}

function malformedIn(text: string) {
  const result = scan(text);
  expect(result.kind, JSON.stringify(result)).toBe('malformed');
  return result as Extract<TextCallScan, { kind: 'malformed' }>;
}

const fence = (body: string, lang = 'json') => '```' + lang + '\n' + body + '\n```';

describe('findTextCalls: JSON objects', () => {
  it('reads {"name", "arguments"} in a json code fence', () => {
    const r = callsIn(fence('{"name": "read_file", "arguments": {"path": "src/calc.js"}}'));
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'src/calc.js' } }]);
    expect(r.text).toBe('');
  });

  it('reads a call in a fence without a language tag', () => {
    const r = callsIn(fence('{"name": "list_dir", "arguments": {"path": "src"}}', ''));
    expect(r.calls).toEqual([{ name: 'list_dir', args: { path: 'src' } }]);
    expect(r.text).toBe('');
  });

  it('reads a bare call on its own line', () => {
    const r = callsIn('{"name": "run_command", "arguments": {"command": "npm test"}}');
    expect(r.calls).toEqual([{ name: 'run_command', args: { command: 'npm test' } }]);
  });

  it('reads a bare, indented, pretty-printed call', () => {
    const text = [
      'I will run the tests.',
      '  {',
      '    "name": "run_command",',
      '    "arguments": {',
      '      "command": "node test.js"',
      '    }',
      '  }',
    ].join('\n');
    const r = callsIn(text);
    expect(r.calls).toEqual([{ name: 'run_command', args: { command: 'node test.js' } }]);
    expect(r.text).toBe('I will run the tests.');
  });

  it('reads {"tool", "args"}', () => {
    const r = callsIn('{"tool": "read_file", "args": {"path": "a.js", "start_line": 10, "end_line": 20}}');
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'a.js', start_line: 10, end_line: 20 } }]);
  });

  it('reads {"tool_name", "tool_input"} and {"name", "parameters"}', () => {
    expect(callsIn('{"tool_name": "list_dir", "tool_input": {"path": "."}}').calls).toEqual([
      { name: 'list_dir', args: { path: '.' } },
    ]);
    expect(callsIn('{"name": "run_command", "parameters": {"command": "ls"}}').calls).toEqual([
      { name: 'run_command', args: { command: 'ls' } },
    ]);
  });

  it('reads a call without arguments as empty arguments', () => {
    expect(callsIn('{"name": "list_dir"}').calls).toEqual([{ name: 'list_dir', args: {} }]);
  });

  it('reads the OpenAI shape with arguments as a JSON string', () => {
    const text = JSON.stringify({
      type: 'function',
      function: {
        name: 'edit_file',
        arguments: JSON.stringify({ path: 'a.js', old_text: 'a - b', new_text: 'a + b' }),
      },
    });
    expect(callsIn(text).calls).toEqual([
      { name: 'edit_file', args: { path: 'a.js', old_text: 'a - b', new_text: 'a + b' } },
    ]);
  });

  it('reads arguments given as a JSON string in the plain shape', () => {
    const text = '{"name": "run_command", "arguments": "{\\"command\\": \\"npm test\\"}"}';
    expect(callsIn(text).calls).toEqual([{ name: 'run_command', args: { command: 'npm test' } }]);
  });

  it('reads arguments given as a JSON string that has a trailing comma', () => {
    const text = '{"name": "read_file", "arguments": "{\\"path\\": \\"a.js\\",}"}';
    expect(callsIn(text).calls).toEqual([{ name: 'read_file', args: { path: 'a.js' } }]);
  });

  it('reads {"function": "name", "arguments": ...}', () => {
    expect(callsIn('{"function": "read_file", "arguments": {"path": "b.ts"}}').calls).toEqual([
      { name: 'read_file', args: { path: 'b.ts' } },
    ]);
  });

  it('reads {"read_file": {...}} with the tool name as the only key', () => {
    expect(callsIn(fence('{"read_file": {"path": "src/index.ts"}}')).calls).toEqual([
      { name: 'read_file', args: { path: 'src/index.ts' } },
    ]);
  });

  it('reads the OpenAI multi_tool_use recipient_name, which carries a "functions." prefix', () => {
    const text = '{"recipient_name": "functions.read_file", "parameters": {"path": "a.js"}}';
    expect(callsIn(text).calls).toEqual([{ name: 'read_file', args: { path: 'a.js' } }]);
  });

  it('keeps nested braces, brackets and quotes inside string arguments', () => {
    const args = {
      path: 'src/render.js',
      old_text: 'function f(x) {\n  return "}" + x;\n}',
      new_text: 'function f(x) {\n  const o = { a: [1, 2], b: "{[\\"]}" };\n  return `${o.a}` + \'}\';\n}',
    };
    const r = callsIn(fence(JSON.stringify({ name: 'edit_file', arguments: args }, null, 2)));
    expect(r.calls).toEqual([{ name: 'edit_file', args }]);
  });

  it('keeps escaped quotes and backslashes in arguments', () => {
    const args = { command: 'grep -rn "say \\"hi\\"" C:\\dir\\' };
    const r = callsIn(JSON.stringify({ name: 'run_command', arguments: args }));
    expect(r.calls).toEqual([{ name: 'run_command', args }]);
  });

  it('tolerates trailing commas', () => {
    const text = fence(
      '{\n  "name": "read_file",\n  "arguments": {\n    "path": "a.js",\n    "start_line": 3,\n  },\n}',
    );
    expect(callsIn(text).calls).toEqual([{ name: 'read_file', args: { path: 'a.js', start_line: 3 } }]);
  });

  it('does not rewrite ", ]" or ", }" inside a string when it drops trailing commas', () => {
    // The arguments have a trailing comma, and old_text itself holds "[1, 2, ]".
    const text = fence(
      '{"name": "edit_file", "arguments": {"path": "a.js", "old_text": "const xs = [1, 2, ];", "new_text": "const xs = [1, 2];",}}',
    );
    expect(callsIn(text).calls).toEqual([
      {
        name: 'edit_file',
        args: { path: 'a.js', old_text: 'const xs = [1, 2, ];', new_text: 'const xs = [1, 2];' },
      },
    ]);
  });

  it('does not take a call-like string inside arguments as a second call', () => {
    const args = {
      path: 'run.py',
      old_text: 'pass',
      new_text: 'run_command("npm test")\nread_file({"path": "x"})',
    };
    const r = callsIn(fence(JSON.stringify({ name: 'edit_file', arguments: args })));
    expect(r.calls).toEqual([{ name: 'edit_file', args }]);
  });
});

describe('findTextCalls: arrays and several calls', () => {
  it('reads an array of calls in order', () => {
    const text = fence(
      '[{"name": "read_file", "arguments": {"path": "a.js"}}, {"name": "read_file", "arguments": {"path": "b.js"}}]',
    );
    expect(callsIn(text).calls).toEqual([
      { name: 'read_file', args: { path: 'a.js' } },
      { name: 'read_file', args: { path: 'b.js' } },
    ]);
  });

  it('does not run part of an array that names an unknown tool', () => {
    const text =
      '[{"name": "read_file", "arguments": {"path": "a.js"}}, {"name": "delete_file", "arguments": {"path": "b"}}]';
    expect(scan(text).kind).not.toBe('calls');
  });

  it('reads two fenced calls with prose between and keeps the prose', () => {
    const text = [
      'First I will look at the file.',
      fence('{"name": "read_file", "arguments": {"path": "calc.js"}}'),
      'Then I will run the tests.',
      fence('{"name": "run_command", "arguments": {"command": "node test.js"}}'),
    ].join('\n');
    const r = callsIn(text);
    expect(r.calls).toEqual([
      { name: 'read_file', args: { path: 'calc.js' } },
      { name: 'run_command', args: { command: 'node test.js' } },
    ]);
    expect(r.text).toContain('First I will look at the file.');
    expect(r.text).toContain('Then I will run the tests.');
    expect(r.text).not.toContain('```');
    expect(r.text).not.toContain('read_file');
    expect(r.text).not.toContain('{');
  });

  it('reads one bare call per line', () => {
    const text = [
      '{"name": "read_file", "arguments": {"path": "a.js"}}',
      '{"name": "list_dir", "arguments": {"path": "test"}}',
    ].join('\n');
    expect(callsIn(text).calls.map((c) => c.name)).toEqual(['read_file', 'list_dir']);
  });

  it('orders a paren call and a JSON call by position', () => {
    const text = [
      'read_file(path="a.js")',
      'and then:',
      fence('{"name": "run_command", "arguments": {"command": "npm test"}}'),
    ].join('\n');
    const r = callsIn(text);
    expect(r.calls).toEqual([
      { name: 'read_file', args: { path: 'a.js' } },
      { name: 'run_command', args: { command: 'npm test' } },
    ]);
    expect(r.text).toBe('and then:');
  });
});

describe('findTextCalls: tags', () => {
  it('reads <tool_call> with prose before it and drops the tags', () => {
    const text =
      'Let me look at the file first.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "src/calc.js"}}\n</tool_call>';
    const r = callsIn(text);
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'src/calc.js' } }]);
    expect(r.text).toBe('Let me look at the file first.');
  });

  it('reads several <tool_call> blocks', () => {
    const text = [
      '<tool_call>{"name": "read_file", "arguments": {"path": "a.js"}}</tool_call>',
      '<tool_call>{"name": "read_file", "arguments": {"path": "b.js"}}</tool_call>',
    ].join('\n');
    const r = callsIn(text);
    expect(r.calls.map((c) => c.args)).toEqual([{ path: 'a.js' }, { path: 'b.js' }]);
    expect(r.text).toBe('');
  });

  it('reads <function_call>', () => {
    const r = callsIn('<function_call>{"name": "list_dir", "arguments": {}}</function_call>');
    expect(r.calls).toEqual([{ name: 'list_dir', args: {} }]);
    expect(r.text).toBe('');
  });

  it('reads <|python_tag|> (Llama 3.1) with "parameters"', () => {
    const r = callsIn('<|python_tag|>{"name": "run_command", "parameters": {"command": "npm test"}}');
    expect(r.calls).toEqual([{ name: 'run_command', args: { command: 'npm test' } }]);
    expect(r.text).toBe('');
  });

  it('reads [TOOL_CALLS] (Mistral) with an array', () => {
    const r = callsIn(
      '[TOOL_CALLS] [{"name": "read_file", "arguments": {"path": "a.js"}}, {"name": "run_command", "arguments": {"command": "ls"}}]',
    );
    expect(r.calls.map((c) => c.name)).toEqual(['read_file', 'run_command']);
    expect(r.text).toBe('');
  });

  it('reports malformed JSON inside <tool_call> with the tool it names', () => {
    const r = malformedIn(
      '<tool_call>\n{"name": "edit_file", "arguments": {"path": "a.js", "old_text": "x"\n</tool_call>',
    );
    expect(r.name).toBe('edit_file');
    expect(r.snippet).toContain('<tool_call>');
  });

  it('names the tool the malformed call names, not another tool mentioned in its arguments', () => {
    const r = malformedIn(
      '<tool_call>\n{"name": "run_command", "arguments": {"command": "cat src/read_file.ts"\n</tool_call>',
    );
    expect(r.name).toBe('run_command');
  });

  it('reports an unknown tool inside a tag as malformed without a name', () => {
    const r = malformedIn('<tool_call>\n{"name": "write_file", "arguments": {"path": "a.js"}}\n</tool_call>');
    expect(r.name).toBeUndefined();
  });
});

describe('findTextCalls: name(...) forms', () => {
  it('reads name({...}) with prose around it', () => {
    const r = callsIn('I need to see the code.\nread_file({"path": "src/calc.js"})\nThen I can fix it.');
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'src/calc.js' } }]);
    expect(r.text).toContain('I need to see the code.');
    expect(r.text).toContain('Then I can fix it.');
    expect(r.text).not.toContain('read_file');
  });

  it('reads name({...}) with a trailing comma in the object', () => {
    expect(callsIn('read_file({"path": "a.js", "end_line": 40,})').calls).toEqual([
      { name: 'read_file', args: { path: 'a.js', end_line: 40 } },
    ]);
  });

  it('reads name() as a call without arguments', () => {
    expect(callsIn('list_dir()').calls).toEqual([{ name: 'list_dir', args: {} }]);
  });

  it('reads key="value" and numbers', () => {
    expect(callsIn('read_file(path="src/a.js", start_line=5, end_line=25)').calls).toEqual([
      { name: 'read_file', args: { path: 'src/a.js', start_line: 5, end_line: 25 } },
    ]);
  });

  it('reads Python kwargs with single quotes, True and None', () => {
    expect(callsIn("read_file(path='src/a.py', start_line=None, end_line=None)").calls).toEqual([
      { name: 'read_file', args: { path: 'src/a.py', start_line: null, end_line: null } },
    ]);
    expect(callsIn("list_dir(path='src', recursive=True, hidden=False)").calls).toEqual([
      { name: 'list_dir', args: { path: 'src', recursive: true, hidden: false } },
    ]);
  });

  it('reads single-quoted strings with escapes', () => {
    const r = callsIn("edit_file(path='a.py', old_text='it\\'s', new_text='line one\\nline two')");
    expect(r.calls).toEqual([
      { name: 'edit_file', args: { path: 'a.py', old_text: "it's", new_text: 'line one\nline two' } },
    ]);
  });

  it('reads double-quoted kwargs with escaped quotes and parentheses inside', () => {
    const r = callsIn('edit_file(path="a.js", old_text="f(\\"x)\\")", new_text="g(\\"y\\")")');
    expect(r.calls).toEqual([
      { name: 'edit_file', args: { path: 'a.js', old_text: 'f("x)")', new_text: 'g("y")' } },
    ]);
  });

  it('reads a multi-line kwargs call with a trailing comma (Python style)', () => {
    const text = [
      'edit_file(',
      '    path="calc.js",',
      '    old_text="return a - b;",',
      '    new_text="return a + b;",',
      ')',
    ].join('\n');
    expect(callsIn(text).calls).toEqual([
      { name: 'edit_file', args: { path: 'calc.js', old_text: 'return a - b;', new_text: 'return a + b;' } },
    ]);
  });

  it('reads name("single") for a tool with one required parameter', () => {
    expect(callsIn('read_file("src/calc.js")').calls).toEqual([
      { name: 'read_file', args: { path: 'src/calc.js' } },
    ]);
    expect(callsIn("run_command('npm test')").calls).toEqual([
      { name: 'run_command', args: { command: 'npm test' } },
    ]);
  });

  it('does not read name("single") for a tool with several required parameters', () => {
    expect(scan('edit_file("calc.js")').kind).not.toBe('calls');
  });

  it('reads name("single") with tool specs as toToolSpec builds them (no "required", optional ones nullable)', () => {
    const tool = {
      name: 'read_file',
      description: 'Read a file.',
      params: z.object({
        path: z.string().describe('File path.'),
        start_line: z.number().optional().describe('First line.'),
      }),
    } as unknown as Tool;
    const specs = [toToolSpec(tool)];
    expect(callsIn('read_file("src/calc.js")', specs).calls).toEqual([
      { name: 'read_file', args: { path: 'src/calc.js' } },
    ]);
  });

  it('reads a call in a Gemma-style ```tool_code fence and drops the fence from the text', () => {
    const r = callsIn("I'll read it.\n" + fence('read_file(path="a.js")', 'tool_code'));
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'a.js' } }]);
    expect(r.text).toBe("I'll read it.");
  });

  it('reports malformed JSON after a known tool name', () => {
    const r = malformedIn('read_file({"path": "a.js"');
    expect(r.name).toBe('read_file');
    expect(r.snippet).toContain('read_file');
  });

  it('reports a JavaScript object literal (unquoted keys) after a known tool name as malformed', () => {
    expect(malformedIn("run_command({ command: 'npm test' })").name).toBe('run_command');
  });

  it('reports a broken fenced JSON call that names a known tool as malformed', () => {
    const r = malformedIn(
      fence('{"name": "edit_file", "arguments": {"path": "a.js", "old_text": "x", "new_text": }}'),
    );
    expect(r.name).toBe('edit_file');
  });

  it('does not pass a Python-dict call (single-quoted keys) off as a final answer', () => {
    const result = scan("{'name': 'read_file', 'arguments': {'path': 'a.js'}}");
    expect(result.kind).not.toBe('none');
  });
});

describe("findTextCalls: node-llama-cpp's fallback syntax", () => {
  it('reads ||call: name({...}) and leaves no prefix in the text', () => {
    const r = callsIn('||call: read_file({"path": "src/calc.js"})');
    expect(r.calls).toEqual([{ name: 'read_file', args: { path: 'src/calc.js' } }]);
    expect(r.text).toBe('');
  });

  it('reads call: name({...}) without the bars, with prose before', () => {
    const r = callsIn('I will run the tests now.\ncall: run_command({"command": "node test.js"})');
    expect(r.calls).toEqual([{ name: 'run_command', args: { command: 'node test.js' } }]);
    expect(r.text).toBe('I will run the tests now.');
  });

  it('reads several fallback calls', () => {
    const r = callsIn('||call: read_file({"path": "a.js"})\n||call: read_file({"path": "b.js"})');
    expect(r.calls.map((c) => c.args)).toEqual([{ path: 'a.js' }, { path: 'b.js' }]);
  });

  it('reports a broken ||call: as malformed with the name', () => {
    const r = malformedIn('||call: edit_file({"path": "a.js", "old_text": ');
    expect(r.name).toBe('edit_file');
    expect(r.snippet.startsWith('||call:')).toBe(true);
  });
});

describe('findTextCalls: not calls', () => {
  it.each([
    ['plain prose', 'I fixed the bug in calc.js; the tests pass now.'],
    ['prose naming a tool', 'I read the file with read_file and fixed it.'],
    ['a summary', 'I edited math.js and ran the tests; they pass.'],
    ['an offer', 'Let me know if you want more changes.'],
    ['advice', 'You should run npm test to check.'],
    [
      'a tool named in inline code without a call',
      'I used `edit_file` to change `add(a, b)` so it returns `a + b`.',
    ],
    ['a non-tool function call', 'The bug was in `add(a, b)`: it returned `a - b`. Now `add(2, 3)` is 5.'],
    ['a tool name with a non-literal argument', 'Internally it calls run_command(cmd) with the user input.'],
    [
      'a tool name as part of a longer identifier',
      'See my_read_file("a.js") and read_file_sync("b.js") in utils.',
    ],
    ['an empty reply', ''],
  ])('%s', (_label, text) => {
    expect(scan(text)).toEqual({ kind: 'none' });
  });

  it('a package.json in a code block', () => {
    const text =
      'Here is the updated package.json:\n' +
      fence('{\n  "name": "calc",\n  "version": "1.0.0",\n  "scripts": { "test": "node test.js" },\n}');
    expect(scan(text)).toEqual({ kind: 'none' });
  });

  it('a launch.json with "name" and "args"', () => {
    const text = fence(
      '{"version": "0.2.0", "configurations": [{"type": "node", "name": "Debug tests", "program": "test.js", "args": ["--watch"]}]}',
    );
    expect(scan(text)).toEqual({ kind: 'none' });
  });

  it('a JSON array config', () => {
    expect(scan(fence('[{"files": ["*.ts"], "rules": {"semi": "error"}}]'))).toEqual({ kind: 'none' });
  });

  it('JavaScript code in a final answer', () => {
    const text = fence('function add(a, b) {\n  return a + b;\n}\nconsole.log(add(2, 3));', 'js');
    expect(scan(text)).toEqual({ kind: 'none' });
  });

  it('a well-formed call to an unknown tool', () => {
    expect(scan('{"name": "write_file", "arguments": {"path": "a.js", "content": "x"}}')).toEqual({
      kind: 'none',
    });
    expect(scan('delete_file({"path": "a.js"})')).toEqual({ kind: 'none' });
    expect(scan("search(query='retry')")).toEqual({ kind: 'none' });
  });

  it('any call when no tools are given', () => {
    expect(scan('{"name": "read_file", "arguments": {"path": "a.js"}}', [])).toEqual({ kind: 'none' });
    expect(scan('read_file("a.js")', [])).toEqual({ kind: 'none' });
  });

  it('a tool name in another case', () => {
    expect(scan('Read_File("a.js")')).toEqual({ kind: 'none' });
  });
});

describe('readJson', () => {
  it('reads a value and says where it ends', () => {
    const text = 'x = {"a": "}", "b": [1, {"c": null}]} tail';
    const r = readJson(text, 4);
    expect(r?.value).toEqual({ a: '}', b: [1, { c: null }] });
    expect(text.slice(r?.end)).toBe(' tail');
  });

  it('reads strings, numbers and literals', () => {
    expect(readJson('"a\\"b" rest', 0)).toEqual({ value: 'a"b', end: 6 });
    expect(readJson('-1.5e3,', 0)).toEqual({ value: -1500, end: 6 });
    expect(readJson('true)', 0)).toEqual({ value: true, end: 4 });
  });

  it('gives undefined for an unclosed or invalid value', () => {
    expect(readJson('{"a": 1', 0)).toBeUndefined();
    expect(readJson('{a: 1}', 0)).toBeUndefined();
    expect(readJson('"open', 0)).toBeUndefined();
    expect(readJson('nope', 0)).toBeUndefined();
  });
});
