// The headless runner with a real GGUF through node-llama-cpp. The tiny model has random weights, so
// the run is forced into tool calls (--tool-choice required): the grammar then makes every call a valid
// tool name with valid arguments, and the whole path runs for real: tokenize, generate, parse, execute,
// feed back, reuse the KV cache.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOP_REASONS } from '../../src/shared/agent-events.js';
import { repoRoot, runCli } from './run-cli.js';
import { testModelPath } from './test-model.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-gguf-'));
  await cp(path.join(repoRoot, 'tests/fixtures/sample-project'), path.join(tmp, 'project'), {
    recursive: true,
  });
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('headless runner with a real GGUF', () => {
  it('makes grammar-constrained tool calls, feeds results back, reuses the cache and stops with a named reason', async () => {
    const project = path.join(tmp, 'project');
    const before = await readFile(path.join(project, 'math.js'), 'utf8');
    const { code, stderr, events } = await runCli(
      [
        '--folder',
        project,
        '--model',
        testModelPath(),
        '--tool-choice',
        'required',
        '--tools',
        'list_dir',
        '--max-steps',
        '2',
        '--context-size',
        '2048',
        '--json',
        '--no-transcript',
        'list the project files',
      ],
      { home: path.join(tmp, 'home'), timeoutMs: 110_000 },
    );

    const calls = events.filter((e) => e.type === 'tool_call');
    expect(calls.length, stderr).toBe(2);
    for (const call of calls) {
      expect(call.name).toBe('list_dir');
      const callArgs = call.args as Record<string, unknown>;
      expect(Object.keys(callArgs)).toEqual(['path']);
      expect(typeof callArgs.path).toBe('string');
      expect((callArgs.path as string).length).toBeLessThanOrEqual(256);
    }
    const results = events.filter((e) => e.type === 'tool_result');
    expect(results).toHaveLength(2);
    for (const result of results) expect(typeof result.output).toBe('string');

    const stats = events.filter((e) => e.type === 'token_stats') as Array<Record<string, number>>;
    expect(stats).toHaveLength(2);
    expect(stats[0]?.promptTokens).toBeGreaterThan(100);
    expect(stats[0]?.generatedTokens).toBeGreaterThan(0);
    // Turn 2 re-sends the whole history; only the call and its result are new.
    expect(stats[1]?.reusedTokens).toBeGreaterThan(stats[0]?.promptTokens ?? Infinity);
    expect(stats[1]?.evaluatedTokens).toBeLessThan((stats[1]?.promptTokens ?? 0) / 2);

    const stop = events.at(-1);
    expect(stop?.type).toBe('stop');
    expect(STOP_REASONS).toContain(stop?.reason);
    expect(stop?.reason).toBe('max_steps');
    expect(code).toBe(1);
    // The model was confined to listing: nothing in the project changed.
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toBe(before);
  });
});
