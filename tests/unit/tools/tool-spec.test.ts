import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseToolArgs, toToolSpec } from '../../../src/main/tools/tool-spec.js';
import { defineTool, type Tool } from '../../../src/main/tools/types.js';

const tool = defineTool({
  name: 'read_file',
  description: 'Read a file.',
  params: z.object({
    path: z.string().describe('file path'),
    start_line: z.number().int().positive().optional().describe('first line'),
    mode: z.enum(['a', 'b']).optional().describe('mode'),
    dir: z.string().max(64).optional().describe('folder'),
  }),
  mutates: false,
  async execute() {
    return { ok: true, output: '' };
  },
}) as unknown as Tool;

describe('toToolSpec', () => {
  it('refuses an over-long string through the schema too', () => {
    const r = parseToolArgs(tool, { path: 'a.ts', dir: 'd'.repeat(65) });
    expect(r.ok).toBe(false);
  });

  it('lists every property, optional ones as nullable, with only grammar-safe keys', () => {
    const spec = toToolSpec(tool);
    expect(spec.name).toBe('read_file');
    expect(spec.parameters).toEqual({
      type: 'object',
      properties: {
        path: { type: 'string', description: 'file path' },
        start_line: { type: ['integer', 'null'], description: 'first line' },
        mode: { enum: ['a', 'b', null], description: 'mode' },
        // A bound on an optional string survives as its own branch; a type list would lose it.
        dir: { oneOf: [{ type: 'string', maxLength: 64 }, { type: 'null' }], description: 'folder' },
      },
    });
  });
});

describe('parseToolArgs', () => {
  it('accepts valid args and treats null as absent', () => {
    expect(parseToolArgs(tool, { path: 'a.ts', start_line: null, mode: null })).toEqual({
      ok: true,
      args: { path: 'a.ts' },
    });
  });

  it('parses a JSON string of arguments', () => {
    expect(parseToolArgs(tool, '{"path":"x"}')).toEqual({ ok: true, args: { path: 'x' } });
  });

  it('explains a missing field and lists the expected parameters', () => {
    const r = parseToolArgs(tool, { start_line: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('Invalid arguments for read_file');
      expect(r.message).toContain('path');
      expect(r.message).toContain('Expected parameters: path, start_line?, mode?, dir?');
    }
  });

  it('refuses malformed JSON, arrays and wrong types with a message', () => {
    for (const raw of ['{"path": "x"', [1, 2], 42, { path: 5 }, { path: 'x', start_line: -1 }]) {
      const r = parseToolArgs(tool, raw);
      expect(r.ok, JSON.stringify(raw)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/read_file/);
    }
  });
});
