// A source's JSON Schema is checked without its regular expressions: a pattern that backtracks would
// freeze the app on a long argument the model wrote (the source still checks its own arguments).
import { describe, expect, it } from 'vitest';
import { checkRawArgs } from '../../../src/main/tools/raw-schema-args.js';
import type { RawSchemaTool } from '../../../src/main/tools/types.js';

function tool(inputSchema: RawSchemaTool['inputSchema']): RawSchemaTool {
  return {
    name: 'srv__t',
    description: 't',
    kind: 'external',
    mutates: true,
    source: 'mcp:srv',
    inputSchema,
    execute: async () => ({ ok: true, output: '' }),
  };
}

describe('raw schema patterns', () => {
  it('a catastrophic pattern does not freeze the check of a long argument', () => {
    const t = tool({
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
      required: ['name'],
    });
    const started = Date.now();
    const checked = checkRawArgs(t, { name: `${'a'.repeat(50_000)}!` });
    // With the pattern kept, ajv's backtracking takes longer than any test timeout.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(checked).toEqual({ ok: true, args: { name: `${'a'.repeat(50_000)}!` } });
  });

  it('keeps everything else: types, required keys, a property named "pattern"', () => {
    const t = tool({
      type: 'object',
      properties: { pattern: { type: 'string', pattern: '^x' }, n: { type: 'integer' } },
      required: ['pattern'],
      additionalProperties: false,
    });
    expect(checkRawArgs(t, { pattern: 'abc', n: 2 })).toEqual({ ok: true, args: { pattern: 'abc', n: 2 } });
    expect(checkRawArgs(t, { n: 'two' })).toEqual({
      ok: false,
      problems: ['pattern: required', 'n: must be integer'],
    });
    expect(checkRawArgs(t, { pattern: 'a', extra: 1 })).toMatchObject({
      ok: false,
      problems: ['extra: not a parameter of this tool'],
    });
  });

  it('an object closed around patternProperties still takes the keys they allowed', () => {
    const t = tool({
      type: 'object',
      properties: {
        labels: {
          type: 'object',
          patternProperties: { '^l_': { type: 'string' } },
          additionalProperties: false,
        },
      },
    });
    expect(checkRawArgs(t, { labels: { l_a: 'x' } })).toEqual({ ok: true, args: { labels: { l_a: 'x' } } });
  });
});
