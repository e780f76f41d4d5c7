// The engine backend's pure parts: what the person writes as a server (openai:URL#model), and the
// harness's history rendered as chat-completions messages in each tool mode, with the one-step schema
// and its reading back.
import { describe, expect, it } from 'vitest';
import {
  readStep,
  stepSchema,
  toEngineMessages,
  toEngineTools,
  writeStep,
  type RawArgs,
} from '../../../src/main/model/engine/prompt.js';
import { apiKeyFromEnv, engineLabel, parseEngineSpec } from '../../../src/main/model/engine/spec.js';
import { ModelError, type Message, type ToolSpec } from '../../../src/main/model/turn.js';

const TOOLS: ToolSpec[] = [
  {
    name: 'read_file',
    description: 'Reads a file of the workspace.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Relative path.' } },
      required: ['path'],
    },
  },
  {
    name: 'run_command',
    description: 'Runs a shell command in the sandbox.',
    parameters: {
      type: 'object',
      properties: { command: { type: 'string', description: 'The command line.' } },
      required: ['command'],
    },
  },
];

const noRaw: RawArgs = () => undefined;

function specError(text: string): ModelError {
  try {
    parseEngineSpec(text);
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
}

/** A session: system, user, a turn with two calls, their results, and a final answer. */
function history(system = true): Message[] {
  return [
    ...(system ? [{ role: 'system' as const, content: 'You are a coding agent.' }] : []),
    { role: 'user', content: 'Fix the failing test.' },
    {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'c1', name: 'read_file', args: { path: 'src/cart.py' } },
        { id: 'c2', name: 'run_command', args: { command: 'pytest -q' } },
      ],
    },
    { role: 'tool', callId: 'c1', name: 'read_file', content: 'def total(items): ...' },
    { role: 'tool', callId: 'c2', name: 'run_command', content: '1 failed' },
    { role: 'assistant', content: 'The sum ignores the quantity.', toolCalls: [] },
  ];
}

describe('parseEngineSpec', () => {
  it('reads the API root and the model after #', () => {
    expect(parseEngineSpec('openai:http://127.0.0.1:8080/v1#qwen2.5-coder')).toEqual({
      baseUrl: 'http://127.0.0.1:8080/v1',
      origin: 'http://127.0.0.1:8080',
      model: 'qwen2.5-coder',
    });
  });

  it('decodes a URL-encoded model name', () => {
    const spec = parseEngineSpec('openai:http://localhost:11434/v1#library%2Fqwen2.5-coder%3A7b%20q4');
    expect(spec.model).toBe('library/qwen2.5-coder:7b q4');
  });

  it('leaves the model out when none is named (and when # is followed by nothing)', () => {
    expect(parseEngineSpec('openai:http://127.0.0.1:8080/v1')).not.toHaveProperty('model');
    expect(parseEngineSpec('openai:http://127.0.0.1:8080/v1#')).not.toHaveProperty('model');
  });

  it('appends /v1 to a server root', () => {
    expect(parseEngineSpec('openai:http://127.0.0.1:8080').baseUrl).toBe('http://127.0.0.1:8080/v1');
    expect(parseEngineSpec('openai:http://127.0.0.1:8080/#m').baseUrl).toBe('http://127.0.0.1:8080/v1');
  });

  it('keeps a path that is not the root', () => {
    const spec = parseEngineSpec('openai:https://lmstudio.local:1234/api/v1#m');
    expect(spec.baseUrl).toBe('https://lmstudio.local:1234/api/v1');
    expect(spec.origin).toBe('https://lmstudio.local:1234');
  });

  it('removes trailing slashes', () => {
    expect(parseEngineSpec('openai:http://127.0.0.1:8080/v1/').baseUrl).toBe('http://127.0.0.1:8080/v1');
    expect(parseEngineSpec('openai:http://127.0.0.1:8080/v1//#m').baseUrl).toBe('http://127.0.0.1:8080/v1');
  });

  it('refuses a protocol other than http and https', () => {
    const error = specError('openai:ftp://127.0.0.1:8080/v1');
    expect(error.code).toBe('invalid_server_url');
    expect(error.message).toContain('ftp:');
    expect(specError('openai:file:///tmp/model.gguf').code).toBe('invalid_server_url');
    // Without a scheme, URL reads the host as one.
    expect(specError('openai:localhost:8080/v1').message).toContain('http://');
  });

  it('refuses credentials in the URL without echoing the password', () => {
    const error = specError('openai:http://admin:hunter2-SECRET@127.0.0.1:8080/v1#m');
    expect(error.code).toBe('invalid_server_url');
    expect(error.message).not.toContain('hunter2-SECRET');
    expect(error.message).toContain('LOCAL_CODER_API_KEY');
    expect(specError('openai:http://sk-only-user@127.0.0.1:8080/v1').code).toBe('invalid_server_url');
  });

  it('refuses a query', () => {
    const error = specError('openai:http://127.0.0.1:8080/v1?verbose=1#m');
    expect(error.code).toBe('invalid_server_url');
    expect(error.message).toContain('query');
  });

  it('refuses a query without echoing it: a query is where keys get pasted', () => {
    for (const text of [
      'openai:http://127.0.0.1:8080/v1?api_key=sk-SECRET#m',
      'openai:http://127.0.0.1:8080/v1?api_key=sk-SECRET',
      'openai:https://example.com/?key=sk-SECRET&x=1',
    ]) {
      const error = specError(text);
      expect(error.code).toBe('invalid_server_url');
      expect(error.message).toContain('LOCAL_CODER_API_KEY');
      expect(error.message).not.toContain('sk-SECRET');
      expect(error.message).not.toContain('api_key');
    }
  });

  it('does not echo a key in a URL that does not parse', () => {
    for (const text of [
      'openai:127.0.0.1:8080/v1?api_key=sk-SECRET',
      'openai:http://admin:sk-SECRET@bad host/v1',
    ]) {
      const error = specError(text);
      expect(error.code).toBe('invalid_server_url');
      expect(error.message).not.toContain('sk-SECRET');
    }
  });

  it('refuses a model name that is not valid URL encoding as invalid_server_url', () => {
    for (const text of [
      'openai:http://h/v1#50%',
      'openai:http://h/v1#a%zzb',
      'openai:http://h/v1#%E0%A4%A',
    ]) {
      expect(() => parseEngineSpec(text)).toThrow(ModelError);
      const error = specError(text);
      expect(error.code).toBe('invalid_server_url');
      expect(error.message).toContain('#');
      expect(error.message).toContain('openai:http://');
    }
  });

  it('refuses what is not a URL, saying what one looks like', () => {
    for (const text of ['openai:', 'openai:127.0.0.1:8080/v1x', 'openai:not a url']) {
      const error = specError(text);
      expect(error.code).toBe('invalid_server_url');
      expect(error.message).toContain('openai:http://');
    }
  });
});

describe('apiKeyFromEnv and engineLabel', () => {
  it('prefers LOCAL_CODER_API_KEY, then OPENAI_API_KEY, and treats empty as unset', () => {
    expect(apiKeyFromEnv({ LOCAL_CODER_API_KEY: 'a', OPENAI_API_KEY: 'b' })).toBe('a');
    expect(apiKeyFromEnv({ LOCAL_CODER_API_KEY: '', OPENAI_API_KEY: 'b' })).toBe('b');
    expect(apiKeyFromEnv({ OPENAI_API_KEY: '' })).toBeUndefined();
    expect(apiKeyFromEnv({})).toBeUndefined();
  });

  it('names the model at the host', () => {
    const spec = parseEngineSpec('openai:http://127.0.0.1:8080/v1');
    expect(engineLabel(spec, 'qwen')).toBe('qwen @ 127.0.0.1:8080');
  });
});

describe('toEngineMessages, native mode', () => {
  it('sends calls as tool_calls with our ids and results as tool messages', () => {
    const out = toEngineMessages(history(), TOOLS, 'native', noRaw);
    expect(out).toEqual([
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: 'Fix the failing test.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'read_file', arguments: '{"path":"src/cart.py"}' },
          },
          {
            id: 'c2',
            type: 'function',
            function: { name: 'run_command', arguments: '{"command":"pytest -q"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'def total(items): ...' },
      { role: 'tool', tool_call_id: 'c2', content: '1 failed' },
      { role: 'assistant', content: 'The sum ignores the quantity.' },
    ]);
  });

  it('re-sends the arguments as the engine wrote them, byte for byte', () => {
    const raw = '{ "path" :  "src/cart.py" }';
    const asked: string[] = [];
    const out = toEngineMessages(history(), TOOLS, 'native', (call) => {
      asked.push(call.id);
      return call.id === 'c1' ? raw : undefined;
    });
    const assistant = out[2] as { tool_calls: { function: { arguments: string } }[] };
    expect(assistant.tool_calls[0]!.function.arguments).toBe(raw);
    expect(assistant.tool_calls[1]!.function.arguments).toBe('{"command":"pytest -q"}');
    expect(asked).toEqual(['c1', 'c2']);
  });

  it('adds no tool description and no system message: the server has the tools', () => {
    const out = toEngineMessages(history(false), TOOLS, 'native', noRaw);
    expect(out[0]!.role).toBe('user');
    expect(JSON.stringify(out)).not.toContain('# Tools');
  });

  it('keeps the text of an assistant turn that also calls', () => {
    const out = toEngineMessages(
      [{ role: 'assistant', content: 'Reading it.', toolCalls: [{ id: 'c9', name: 'read_file', args: {} }] }],
      TOOLS,
      'native',
      noRaw,
    );
    expect(out[0]).toMatchObject({ role: 'assistant', content: 'Reading it.' });
  });
});

describe('toEngineMessages, schema mode', () => {
  const out = toEngineMessages(history(), TOOLS, 'schema', noRaw);

  it('describes the tools once, in the system prompt', () => {
    const system = out[0]!;
    expect(system.role).toBe('system');
    const text = system.content as string;
    expect(text.startsWith('You are a coding agent.\n\n# Tools\n')).toBe(true);
    expect(text).toContain('- read_file: Reads a file of the workspace.');
    expect(text).toContain(JSON.stringify(TOOLS[1]!.parameters));
    expect(text).toContain('{"answer": "<text>"}');
    expect(JSON.stringify(out).split('# Tools').length - 1).toBe(1);
  });

  it('describes the tools in the first system message only', () => {
    const twice = toEngineMessages(
      [{ role: 'system', content: 'A' }, ...history(false), { role: 'system', content: 'B' }],
      TOOLS,
      'schema',
      noRaw,
    );
    expect(twice[0]!.content).toContain('# Tools');
    expect(twice.at(-1)).toEqual({ role: 'system', content: 'B' });
  });

  it('writes calls as {"tool","arguments"} steps and answers as {"answer"}', () => {
    expect(out[2]).toEqual({
      role: 'assistant',
      content:
        '{"tool":"read_file","arguments":{"path":"src/cart.py"}}\n{"tool":"run_command","arguments":{"command":"pytest -q"}}',
    });
    expect(out[5]).toEqual({ role: 'assistant', content: '{"answer":"The sum ignores the quantity."}' });
    expect(JSON.parse(out[5]!.content as string)).toEqual({ answer: 'The sum ignores the quantity.' });
  });

  it('re-uses the raw arguments inside the step', () => {
    const raw = '{"path": "src/cart.py"}';
    const again = toEngineMessages(history(), TOOLS, 'schema', (call) =>
      call.id === 'c1' ? raw : undefined,
    );
    expect(again[2]!.content).toContain(`{"tool":"read_file","arguments":${raw}}`);
  });

  it('sends tool results as user messages naming the call', () => {
    expect(out[3]).toEqual({ role: 'user', content: 'Result of read_file (c1):\ndef total(items): ...' });
    expect(out[4]).toEqual({ role: 'user', content: 'Result of run_command (c2):\n1 failed' });
    expect(out.some((m) => m.role === 'tool')).toBe(false);
  });

  it('adds a system message for the tools when the history has none', () => {
    const bare = toEngineMessages(history(false), TOOLS, 'schema', noRaw);
    expect(bare[0]!.role).toBe('system');
    expect((bare[0]!.content as string).startsWith('# Tools\n')).toBe(true);
    expect(bare[1]).toEqual({ role: 'user', content: 'Fix the failing test.' });
    expect(bare).toHaveLength(history(false).length + 1);
  });

  it('adds nothing when there are no tools', () => {
    const none = toEngineMessages(history(false), [], 'schema', noRaw);
    expect(none[0]!.role).toBe('user');
    expect(JSON.stringify(none)).not.toContain('# Tools');
  });
});

describe('toEngineMessages, text mode', () => {
  const out = toEngineMessages(history(), TOOLS, 'text', noRaw);

  it('keeps plain answers plain', () => {
    expect(out[5]).toEqual({ role: 'assistant', content: 'The sum ignores the quantity.' });
  });

  it('writes calls as JSON steps after the turn text, and results as user messages', () => {
    const mixed = toEngineMessages(
      [
        {
          role: 'assistant',
          content: 'Let me look.',
          toolCalls: [{ id: 'c1', name: 'read_file', args: { path: 'a' } }],
        },
      ],
      TOOLS,
      'text',
      noRaw,
    );
    expect(mixed.at(-1)).toEqual({
      role: 'assistant',
      content: 'Let me look.\n{"tool":"read_file","arguments":{"path":"a"}}',
    });
    expect(out[3]).toEqual({ role: 'user', content: 'Result of read_file (c1):\ndef total(items): ...' });
  });

  it('tells the model to answer in plain text, and adds a system message when there is none', () => {
    expect(out[0]!.content).toContain('Answer in plain text');
    expect(out[0]!.content).not.toContain('{"answer"');
    const bare = toEngineMessages(history(false), TOOLS, 'text', noRaw);
    expect(bare[0]!.role).toBe('system');
    expect(bare[0]!.content).toContain('- run_command: Runs a shell command in the sandbox.');
  });

  it('renders the same history to the same messages (the prompt cache depends on it)', () => {
    expect(JSON.stringify(toEngineMessages(history(), TOOLS, 'text', noRaw))).toBe(JSON.stringify(out));
  });
});

describe('toEngineTools', () => {
  it('wraps each tool as a function with its schema', () => {
    expect(toEngineTools(TOOLS)[0]).toEqual({
      type: 'function',
      function: {
        name: 'read_file',
        description: 'Reads a file of the workspace.',
        parameters: TOOLS[0]!.parameters,
      },
    });
  });
});

describe('stepSchema', () => {
  it('offers a call to each tool, and an answer when a call is not required', () => {
    const schema = stepSchema(TOOLS, false) as { oneOf: Record<string, unknown>[] };
    expect(schema.oneOf).toHaveLength(3);
    expect(schema.oneOf[0]).toEqual({
      type: 'object',
      properties: { tool: { const: 'read_file' }, arguments: TOOLS[0]!.parameters },
      required: ['tool', 'arguments'],
      additionalProperties: false,
    });
    expect(schema.oneOf[1]).toMatchObject({ properties: { tool: { const: 'run_command' } } });
    expect(schema.oneOf[2]).toEqual({
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    });
  });

  it('offers only calls when a call is required', () => {
    const schema = stepSchema(TOOLS, true) as { oneOf: { properties: Record<string, unknown> }[] };
    expect(schema.oneOf).toHaveLength(2);
    expect(schema.oneOf.some((branch) => 'answer' in branch.properties)).toBe(false);
  });
});

describe('readStep and writeStep', () => {
  it('reads a call to a known tool, its arguments as JSON text', () => {
    expect(readStep('{"tool":"read_file","arguments":{"path":"a.ts"}}', TOOLS)).toEqual({
      text: '',
      call: { name: 'read_file', args: '{"path":"a.ts"}' },
    });
    expect(readStep(' {"tool": "run_command"} ', TOOLS)).toEqual({
      text: '',
      call: { name: 'run_command', args: '{}' },
    });
  });

  it('reads an answer', () => {
    expect(readStep('{"answer":"Done: the test passes."}', TOOLS)).toEqual({
      text: 'Done: the test passes.',
    });
  });

  it('reads back what writeStep writes', () => {
    expect(readStep(writeStep('run_command', { command: 'ls' }), TOOLS)).toEqual({
      text: '',
      call: { name: 'run_command', args: '{"command":"ls"}' },
    });
  });

  it('gives null for an unknown tool, text that is not JSON, an array, or another shape', () => {
    expect(readStep('{"tool":"delete_everything","arguments":{}}', TOOLS)).toBeNull();
    expect(readStep('Sure, I will read the file.', TOOLS)).toBeNull();
    expect(readStep('{"tool":"read_file",', TOOLS)).toBeNull();
    expect(readStep('[{"tool":"read_file","arguments":{}}]', TOOLS)).toBeNull();
    expect(readStep('null', TOOLS)).toBeNull();
    expect(readStep('"an answer"', TOOLS)).toBeNull();
    expect(readStep('{"answer":42}', TOOLS)).toBeNull();
  });
});
