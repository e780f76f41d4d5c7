// The open tool registry: a session takes its tools from its sources, a tool may carry a raw JSON Schema
// (checked centrally with ajv), and its approval kind decides what is asked.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-events.js';
import type { ApprovalRequest } from '../../../src/shared/approval.js';
import { runSession } from '../../../src/main/agent/session.js';
import { ScriptedModel, type Script } from '../../../src/main/model/scripted-model.js';
import type { AgentModel, ToolSpec } from '../../../src/main/model/turn.js';
import { builtInTools } from '../../../src/main/tools/index.js';
import { loadTools, type ToolSource } from '../../../src/main/tools/tool-registry.js';
import { parseToolArgs, toToolSpec } from '../../../src/main/tools/tool-spec.js';
import type { RawSchemaTool } from '../../../src/main/tools/types.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';
import { makeTempDir } from '../helpers/tool-context.js';

const calls: Record<string, unknown>[] = [];
const lookup: RawSchemaTool = {
  name: 'lookup_issue',
  description: 'Look up an issue by number.',
  source: 'tracker',
  kind: 'external',
  mutates: false,
  inputSchema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      id: { type: 'integer', minimum: 1, description: 'Issue number' },
      fields: { type: 'array', items: { type: 'string' } },
      labels: { type: 'object', description: 'Free-form map' },
      ref: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
    },
    required: ['id'],
    additionalProperties: false,
  },
  async execute(args) {
    calls.push(args);
    return { ok: true, output: `Issue ${String(args.id)}: the login page is slow.` };
  },
};
const tracker: ToolSource = { name: 'tracker', list: async () => [lookup] };

describe('raw-schema tools', () => {
  it('reach the model as a grammar-safe schema', () => {
    expect(toToolSpec(lookup)).toEqual({
      name: 'lookup_issue',
      description: 'Look up an issue by number.',
      parameters: {
        type: 'object',
        properties: {
          id: { type: 'integer', description: 'Issue number' },
          fields: { oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
          labels: {
            oneOf: [{ type: 'object', properties: {}, additionalProperties: true }, { type: 'null' }],
            description: 'Free-form map',
          },
          ref: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
        },
      },
    });
  });

  it('have their arguments checked against the schema, nulls standing for "not given"', () => {
    expect(parseToolArgs(lookup, { id: 7, fields: null, ref: null })).toEqual({ ok: true, args: { id: 7 } });
    const bad = parseToolArgs(lookup, '{"id": 0, "colour": "red"}');
    expect(bad).toEqual({
      ok: false,
      message:
        'Invalid arguments for lookup_issue: colour: not a parameter of this tool; id: must be >= 1. ' +
        'Expected parameters: id, fields?, labels?, ref?.',
    });
    expect(parseToolArgs(lookup, {})).toMatchObject({
      ok: false,
      message: expect.stringContaining('id: required'),
    });
  });

  it('are left out with a reason when they cannot be offered; the sources still load', async () => {
    const broken: ToolSource = {
      name: 'broken',
      list: async () => {
        throw new Error('server exited');
      },
    };
    const odd: ToolSource = {
      name: 'odd',
      list: async () => [
        { ...lookup, name: 'read_file' },
        {
          ...lookup,
          name: 'bad_schema',
          inputSchema: { type: 'object', properties: { a: { type: 'nope' } } },
        },
        { ...lookup, name: 'has space' },
      ],
    };
    const { registry, problems } = await loadTools([builtInTools, broken, odd, tracker]);
    expect(registry.names().slice(-2)).toEqual(['ask_user', 'lookup_issue']);
    expect(problems).toEqual([
      'Tool source broken could not list its tools: server exited',
      'read_file from odd left out: the name is taken by a tool from built-in.',
      expect.stringMatching(/^bad_schema from odd left out: its input schema is unusable/),
      'has space from odd left out: its name is not 1-64 letters, digits, _ or -.',
    ]);
  });
});

describe('a session with a custom tool source', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeTempDir('lc-sources-');
    calls.length = 0;
  });
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  async function run(mode: 'ask' | 'plan', script: Script) {
    const opened = await openWorkspace(root);
    if (!opened.ok) throw new Error(opened.message);
    const scripted = new ScriptedModel(script);
    const offered: ToolSpec[][] = [];
    const model: AgentModel = {
      id: scripted.id,
      contextSize: scripted.contextSize,
      countTokens: (text) => scripted.countTokens(text),
      dispose: () => scripted.dispose(),
      turn: (request) => {
        offered.push([...request.tools]);
        return scripted.turn(request);
      },
    };
    const asked: ApprovalRequest[] = [];
    const events: AgentEvent[] = [];
    const result = await runSession({
      workspace: opened.workspace,
      model,
      task: 'What is issue 7 about?',
      toolSources: [builtInTools, tracker],
      approvalMode: mode,
      approver: async (request) => {
        asked.push(request);
        return { approved: true };
      },
      verify: false,
      checkpoints: false,
      features: { repoMap: false },
      spillDir: path.join(root, '.spill'),
      onEvent: (e) => events.push(e),
    });
    const results = events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
    return { result, offered, asked, results };
  }

  it('offers the tool, refuses bad arguments with a clear message, and asks before it runs', async () => {
    const { result, offered, asked, results } = await run('ask', {
      turns: [
        { calls: [{ name: 'lookup_issue', args: { id: 'seven' } }] },
        { calls: [{ name: 'lookup_issue', args: { id: 7, fields: null } }] },
        { text: 'Issue 7: the login page is slow.' },
      ],
    });
    expect(result.reason).toBe('done');
    expect(offered[0]?.map((t) => t.name)).toContain('lookup_issue');
    expect(offered[0]?.find((t) => t.name === 'lookup_issue')).toEqual(toToolSpec(lookup));
    expect(results[0]).toMatchObject({ ok: false, invalid: 'invalid_args' });
    expect(results[0]?.output).toBe(
      'Invalid arguments for lookup_issue: id: must be integer. Expected parameters: id, fields?, labels?, ref?.',
    );
    expect(asked).toEqual([
      { id: expect.any(String), kind: 'external', tool: 'lookup_issue', source: 'tracker', args: '{"id":7}' },
    ]);
    expect(results[1]).toMatchObject({ ok: true, output: 'Issue 7: the login page is slow.' });
    expect(calls).toEqual([{ id: 7 }]);
  });

  it('plan mode refuses an external tool without asking', async () => {
    const { asked, results } = await run('plan', {
      turns: [{ calls: [{ name: 'lookup_issue', args: { id: 7 } }] }, { text: 'Could not look.' }],
    });
    expect(asked).toEqual([]);
    expect(results[0]).toMatchObject({ ok: false });
    expect(results[0]?.output).toMatch(/^Plan mode is read-only: lookup_issue \(from tracker\) not run/);
    expect(calls).toEqual([]);
  });
});
