// Fault cases where the model misbehaves: malformed or cut arguments, unknown tools, narration instead
// of calls, repeats and cycles, a model that throws, never stops, says nothing, or outgrows its window.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptyStats, ModelError, type AgentModel } from '../../src/main/model/turn.js';
import { call, describeRun, done, named, session, type FaultCase } from './fault-session.js';

const read = (p: string) => call('read_file', { path: p });

/** A model whose turn throws `error` (after `okTurns` good turns, each reading math.js). */
function throwingModel(error: Error, okTurns: number): AgentModel {
  let n = 0;
  return {
    id: 'throws',
    contextSize: 8192,
    countTokens: (t) => Math.ceil(t.length / 4),
    dispose: async () => {},
    turn: async () => {
      if (n++ >= okTurns) throw error;
      return {
        text: '',
        toolCalls: [{ id: `t${n}`, name: 'list_dir', args: { path: n % 2 ? '.' : 'sub' } }],
        finishReason: 'tool_calls',
        stats: emptyStats(),
      };
    },
  };
}

export const modelFaults: FaultCase[] = [
  {
    name: 'tool-call arguments of the wrong types',
    group: 'model',
    async run(world) {
      const run = await session(world, [
        call('read_file', { path: 123 }),
        call('edit_file', { path: 'math.js', old_text: ['a'], new_text: { b: 1 } }),
        call('run_command', { command: 'ls', timeout_s: 'soon' }),
        read('math.js'),
        done,
      ]);
      const bad = run.results.slice(0, 3);
      const told = bad.every((r) => !r.ok && /Invalid arguments/.test(r.output));
      return { alive: run.reason === 'done' && told && !!run.results[3]?.ok, detail: describeRun(run) };
    },
  },
  {
    name: 'tool-call arguments with missing fields',
    group: 'model',
    async run(world) {
      const run = await session(world, [
        call('edit_file', {}),
        call('apply_patch', {}),
        call('run_command', {}),
        read('math.js'),
        done,
      ]);
      const told = run.results
        .slice(0, 3)
        .every((r) => !r.ok && /expected|required|Expected parameters/.test(r.output));
      return { alive: run.reason === 'done' && told, detail: describeRun(run) };
    },
  },
  {
    name: 'tool-call arguments with extra junk fields',
    group: 'model',
    mayChange: (p) => p === 'proj/j.txt',
    async run(world) {
      const run = await session(world, [
        call('write_file', { path: 'j.txt', content: 'j\n', junk: { deep: [1, 2, 3] } }),
        call('read_file', { path: 'math.js', start_line: 1, mystery: 'x'.repeat(10_000) }),
        done,
      ]);
      const written = await fs.readFile(path.join(world.root, 'j.txt'), 'utf8').catch(() => null);
      // Either ignored (the call works as meant) or refused with a reason; never a half-done write.
      const sane = run.results.every((r) => r.ok || /Invalid arguments/.test(r.output));
      const file = written === 'j\n' || (written === null && !run.results[0]?.ok);
      return {
        alive: run.reason === 'done' && sane && file,
        detail: `${describeRun(run)}; j.txt=${written}`,
      };
    },
  },
  {
    name: 'tool-call arguments that are not an object (array, null, number, prose)',
    group: 'model',
    async run(world) {
      const turns = [[1, 2], null, 42, 'please read math.js'].flatMap((args, i) => [
        call('read_file', args),
        read(['math.js', 'test.js', 'package.json', '.gitignore'][i] ?? 'math.js'),
      ]);
      const run = await session(world, [...turns, done]);
      const bad = run.results.filter((_, i) => i % 2 === 0);
      const told = bad.length === 4 && bad.every((r) => !r.ok && /read_file/.test(r.output));
      return { alive: run.reason === 'done' && told, detail: describeRun(run) };
    },
  },
  {
    name: 'tool-call arguments cut in the middle (unterminated JSON)',
    group: 'model',
    async run(world) {
      const run = await session(world, [
        call('read_file', '{"path": "math.j'),
        call('edit_file', '{"path": "math.js", "old_text": "return a - b;", "new_te'),
        call('apply_patch', '{"patch": "--- a/math.js\\n+++ b/math.js\\n@@ -1,3 +1,3 @@\\n-  ret'),
        read('math.js'),
        done,
      ]);
      const refused = run.results.slice(0, 3).every((r) => !r.ok && /not valid JSON/.test(r.output));
      return { alive: run.reason === 'done' && refused, detail: describeRun(run) };
    },
  },
  {
    name: 'an unknown tool, an odd tool name, and a tool this session does not offer',
    group: 'model',
    async run(world) {
      const run = await session(
        world,
        [
          call('delete_everything', {}),
          call('read_file; rm -rf ~', { path: 'math.js' }),
          call('run_command', { command: 'touch canary.txt' }),
          read('math.js'),
          done,
        ],
        { tools: ['read_file', 'list_dir'] },
      );
      const unknown = run.results.slice(0, 3).every((r) => !r.ok && /Unknown tool/.test(r.output));
      const canary = await fs.stat(path.join(world.root, 'canary.txt')).then(
        () => true,
        () => false,
      );
      return { alive: run.reason === 'done' && unknown && !canary, detail: describeRun(run) };
    },
  },
  {
    name: 'a model that narrates instead of calling tools (nothing is claimed verified)',
    group: 'model',
    async run(world) {
      const run = await session(
        world,
        [
          { text: 'I will now edit math.js and run the tests.' },
          { text: 'I edited it.' },
          { text: 'All good.' },
        ],
        { verify: true, maxVerifyRounds: 2 },
      );
      const stop = run.events.at(-1);
      const honest = stop?.type === 'stop' && !!stop.verification && stop.verification.status !== 'passed';
      return { alive: named(run.reason) && honest && run.results.length === 0, detail: describeRun(run) };
    },
  },
  {
    name: 'a model that says nothing at all',
    group: 'model',
    async run(world) {
      const run = await session(world, [{ text: '' }]);
      return { alive: named(run.reason, 'done'), detail: describeRun(run) };
    },
  },
  {
    name: 'the same call repeated (stops: loop)',
    group: 'model',
    async run(world) {
      const run = await session(
        world,
        Array.from({ length: 8 }, () => read('math.js')),
      );
      return { alive: run.reason === 'loop' && run.results.length < 8, detail: describeRun(run) };
    },
  },
  {
    name: 'an A,B,A,B cycle (stops: loop)',
    group: 'model',
    async run(world) {
      const a = read('math.js');
      const b = call('list_dir', { path: '.' });
      const run = await session(world, [a, b, a, b, a, b, a, b, a, b]);
      return { alive: run.reason === 'loop' && run.results.length < 10, detail: describeRun(run) };
    },
  },
  {
    name: 'an A,B,C cycle (stops: loop)',
    group: 'model',
    async run(world) {
      const cycle = [read('math.js'), read('test.js'), call('list_dir', { path: '.' })];
      const run = await session(world, [...cycle, ...cycle, ...cycle, ...cycle, ...cycle]);
      return { alive: run.reason === 'loop' && run.results.length < 15, detail: describeRun(run) };
    },
  },
  {
    name: 'a model that never stops (stops: max_steps)',
    group: 'model',
    async run(world) {
      const turns = Array.from({ length: 20 }, (_, i) => call('search', { pattern: `word${i}` }));
      const run = await session(world, turns, { maxSteps: 6 });
      return { alive: run.reason === 'max_steps' && run.results.length === 6, detail: describeRun(run) };
    },
  },
  {
    name: 'a model that fails mid-run (ModelError, then a plain bug)',
    group: 'model',
    async run(world) {
      const first = await session(world, [], {
        agentModel: throwingModel(new ModelError('generation_failed', 'the backend crashed'), 2),
      });
      const second = await session(world, [], {
        agentModel: throwingModel(new TypeError('x is undefined'), 1),
      });
      const stop = first.events.at(-1);
      const said = stop?.type === 'stop' && /generation_failed/.test(stop.message);
      return {
        alive: first.reason === 'error' && second.reason === 'error' && said && first.results.length === 2,
        detail: `${describeRun(first)} || ${describeRun(second)}`,
      };
    },
  },
  {
    name: 'a context overflow (a 2k window and large outputs: compaction or context_exhausted)',
    group: 'model',
    async setup(world) {
      await fs.writeFile(path.join(world.root, 'big.txt'), `${'x'.repeat(120)}\n`.repeat(3000));
    },
    async run(world) {
      const reads = Array.from({ length: 8 }, (_, i) =>
        call('read_file', { path: 'big.txt', start_line: i * 300 + 1, end_line: i * 300 + 300 }),
      );
      const run = await session(world, [...reads, done], { contextSize: 2048 });
      const compacted = run.events.some((e) => e.type === 'compaction');
      return {
        alive:
          named(run.reason, 'done', 'context_exhausted') && (compacted || run.reason === 'context_exhausted'),
        detail: `${describeRun(run)}; compacted: ${compacted}`,
      };
    },
  },
  {
    name: 'a window too small for the prompt itself (512 tokens) and a 1 MB output: a named stop',
    group: 'model',
    async run(world) {
      const command = "yes 'x 0123456789' | head -c 1000000";
      const run = await session(world, [call('run_command', { command }), done], { contextSize: 512 });
      return { alive: named(run.reason, 'done', 'context_exhausted'), detail: describeRun(run) };
    },
  },
];
