// The fault suite: ways the model or the world misbehaves. Each case runs a real session (scripted model,
// real tools, real processes, the sandbox) or the real loader, and says whether the session stayed alive
// with a named stop reason (or recovered). The suite checks separately that no file was damaged.
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { STOP_REASONS, type AgentEvent, type StopReason } from '../../src/shared/agent-events.js';
import type { AgentModel, TurnRequest } from '../../src/main/agent/model.js';
import { ModelError } from '../../src/main/agent/model.js';
import { runSession, type SessionOptions } from '../../src/main/agent/session.js';
import { openModel } from '../../src/main/model/open-model.js';
import { ScriptedModel, type Script } from '../../src/main/model/scripted-model.js';
import { openWorkspace } from '../../src/main/workspace/workspace.js';
import { testModelPath } from '../integration/test-model.js';
import type { World } from './fixture.js';

export interface FaultOutcome {
  alive: boolean;
  detail: string;
}

export interface FaultCase {
  name: string;
  /** Files (relative to the world's base) the case itself changes on purpose. */
  mayChange?: string[];
  run(world: World): Promise<FaultOutcome>;
}

type Turn = Script['turns'][number];

interface SessionRun {
  reason: StopReason;
  events: AgentEvent[];
  results: Extract<AgentEvent, { type: 'tool_result' }>[];
}

async function session(
  world: World,
  turns: Turn[],
  options: Partial<SessionOptions> & { contextSize?: number; beforeTurn?: (n: number) => Promise<void> } = {},
): Promise<SessionRun> {
  const opened = await openWorkspace(world.root, world.env);
  if (!opened.ok) throw new Error(opened.message);
  const scripted = new ScriptedModel({ turns }, 'faults', options.contextSize ?? 8192);
  let n = 0;
  const model: AgentModel = {
    id: scripted.id,
    contextSize: scripted.contextSize,
    countTokens: (t) => scripted.countTokens(t),
    dispose: () => scripted.dispose(),
    turn: async (req: TurnRequest) => {
      await options.beforeTurn?.(++n);
      return scripted.turn(req);
    },
  };
  const events: AgentEvent[] = [];
  const result = await runSession({
    workspace: opened.workspace,
    model,
    task: 'Fix the failing test.',
    verify: false,
    approvalMode: 'full-auto',
    checkpointsDir: path.join(world.base, 'checkpoints'),
    spillDir: path.join(world.base, 'spill'),
    ...options,
    onEvent: (e) => events.push(e),
  });
  const results = events.filter(
    (e): e is Extract<AgentEvent, { type: 'tool_result' }> => e.type === 'tool_result',
  );
  return { reason: result.reason, events, results };
}

const named = (reason: StopReason, ...allowed: StopReason[]) =>
  STOP_REASONS.includes(reason) && (allowed.length === 0 || allowed.includes(reason));

function describe(run: SessionRun): string {
  const last = run.results.at(-1);
  return `stop ${run.reason}; last result: ${last ? `${last.name} ${last.ok} ${last.output.slice(0, 120)}` : 'none'}`;
}

/** Whether nothing listens on the port any more (binding it again works). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A command that ignores SIGTERM, leaves a grandchild and holds a port. */
function stubbornCommand(port: number): string {
  return `trap '' TERM; (trap '' TERM; sleep 61.5) & node -e "process.on('SIGTERM',()=>{}); require('net').createServer().listen(${port}, '127.0.0.1'); setInterval(()=>{},1000)"`;
}

async function waitForPort(port: number, listening: boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if ((await portFree(port)) === !listening) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const done: Turn = { text: 'Done.' };

export const faultCases: FaultCase[] = [
  {
    name: 'tool-call arguments of the wrong types, missing or with junk',
    async run(world) {
      const run = await session(world, [
        { calls: [{ name: 'read_file', args: { path: 123 } }] },
        { calls: [{ name: 'edit_file', args: {} }] },
        { calls: [{ name: 'write_file', args: { path: 'a.txt', content: 5, junk: true } }] },
        done,
      ]);
      const refused = run.results.every((r) => !r.ok && /path|content|old_text/.test(r.output));
      return { alive: named(run.reason) && refused && run.results.length === 3, detail: describe(run) };
    },
  },
  {
    name: 'tool-call arguments cut in the middle',
    async run(world) {
      const run = await session(world, [
        { calls: [{ name: 'read_file', args: '{"path": "math.j' }] },
        { calls: [{ name: 'edit_file', args: '{"path": "math.js", "old_text": "return a - b;", "new_te' }] },
        done,
      ]);
      const refused = run.results.every((r) => !r.ok && /not valid JSON/.test(r.output));
      return { alive: run.reason === 'done' && refused, detail: describe(run) };
    },
  },
  {
    name: 'an unknown tool',
    async run(world) {
      const run = await session(world, [{ calls: [{ name: 'delete_everything', args: {} }] }, done]);
      const r = run.results[0];
      return {
        alive: run.reason === 'done' && !!r && !r.ok && /Unknown tool/.test(r.output),
        detail: describe(run),
      };
    },
  },
  {
    name: 'a model that narrates instead of calling tools (nothing is claimed verified)',
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
      return { alive: named(run.reason) && honest, detail: describe(run) };
    },
  },
  {
    name: 'the same call repeated',
    async run(world) {
      const call = { calls: [{ name: 'read_file', args: { path: 'math.js' } }] };
      const run = await session(
        world,
        Array.from({ length: 8 }, () => call),
      );
      return { alive: run.reason === 'loop', detail: describe(run) };
    },
  },
  {
    name: 'an A,B,A,B cycle',
    async run(world) {
      const a = { calls: [{ name: 'read_file', args: { path: 'math.js' } }] };
      const b = { calls: [{ name: 'list_dir', args: { path: '.' } }] };
      const run = await session(world, [a, b, a, b, a, b, a, b, a, b]);
      return { alive: run.reason === 'loop', detail: describe(run) };
    },
  },
  {
    name: 'a 5 MB tool output',
    async run(world) {
      const command = "head -c 5000000 /dev/zero | tr '\\0' 'a'";
      const run = await session(world, [{ calls: [{ name: 'run_command', args: { command } }] }, done]);
      const r = run.results[0];
      const shaped = !!r && r.truncated && r.output.length < 100_000;
      return { alive: run.reason === 'done' && shaped, detail: describe(run) };
    },
  },
  {
    name: 'a command that ignores SIGTERM and leaves a grandchild holding a port: killed on timeout, port freed',
    async run(world) {
      const port = await freePort();
      const call = { name: 'run_command', args: { command: stubbornCommand(port), timeout_s: 2 } };
      const run = await session(world, [{ calls: [call] }, done], {
        sandbox: { allowNetwork: true, whenMissing: 'refuse' },
        beforeTurn: async (n) => {
          if (n === 2) await new Promise((r) => setTimeout(r, 100));
        },
      });
      const r = run.results[0];
      const freed = await waitForPort(port, false, 5000);
      return {
        alive: run.reason === 'done' && !!r && /timed out/.test(r.output) && freed,
        detail: `${describe(run)}; port freed: ${freed}`,
      };
    },
  },
  {
    name: 'cancel during a command: the group is killed, the port freed, the run ends cancelled',
    async run(world) {
      const port = await freePort();
      const controller = new AbortController();
      const call = { name: 'run_command', args: { command: stubbornCommand(port), timeout_s: 60 } };
      const pending = session(world, [{ calls: [call] }, done], {
        signal: controller.signal,
        sandbox: { allowNetwork: true, whenMissing: 'refuse' },
      });
      const listening = await waitForPort(port, true, 15_000);
      controller.abort();
      const run = await pending;
      const freed = await waitForPort(port, false, 5000);
      return {
        alive: listening && run.reason === 'cancelled' && freed,
        detail: `${describe(run)}; was listening: ${listening}; port freed: ${freed}`,
      };
    },
  },
  {
    name: 'a file changed on disk between read and edit',
    mayChange: ['proj/math.js'],
    async run(world) {
      const changed =
        'function add(a, b) {\n  return b - a; // changed by the person\n}\nmodule.exports = { add };\n';
      const run = await session(
        world,
        [
          { calls: [{ name: 'read_file', args: { path: 'math.js' } }] },
          {
            calls: [
              {
                name: 'edit_file',
                args: { path: 'math.js', old_text: 'return a - b;', new_text: 'return a + b;' },
              },
            ],
          },
          done,
        ],
        {
          beforeTurn: async (n) => {
            if (n === 2) await fs.writeFile(path.join(world.root, 'math.js'), changed);
          },
        },
      );
      const kept = (await fs.readFile(path.join(world.root, 'math.js'), 'utf8')) === changed;
      const r = run.results[1];
      return {
        alive: run.reason === 'done' && kept && !!r && !r.ok,
        detail: `${describe(run)}; kept: ${kept}`,
      };
    },
  },
  {
    name: 'a patch that no longer applies',
    async run(world) {
      const patch =
        '--- a/math.js\n+++ b/math.js\n@@ -1,3 +1,3 @@\n function add(a, b) {\n-  return a * b;\n+  return a + b;\n }\n';
      const run = await session(world, [{ calls: [{ name: 'apply_patch', args: { patch } }] }, done]);
      const r = run.results[0];
      return {
        alive: run.reason === 'done' && !!r && !r.ok && /not applied/.test(r.output),
        detail: describe(run),
      };
    },
  },
  {
    name: 'a model that fails to load (truncated and non-GGUF files)',
    async run(world) {
      const real = await fs.readFile(testModelPath());
      const cut = path.join(world.base, 'cut.gguf');
      const fake = path.join(world.base, 'fake.gguf');
      await fs.writeFile(cut, real.subarray(0, Math.floor(real.length / 2)));
      await fs.writeFile(fake, 'not a model at all');
      const codes: string[] = [];
      for (const file of [cut, fake]) {
        try {
          const model = await openModel(file, { contextSize: 512 });
          await model.dispose();
        } catch (error) {
          if (error instanceof ModelError && error.message.length > 0) codes.push(error.code);
        }
      }
      return { alive: codes.length === 2, detail: `codes: ${codes.join(', ')}` };
    },
  },
  {
    name: 'a context overflow (a 2k window and large outputs)',
    async run(world) {
      await fs.writeFile(path.join(world.root, 'big.txt'), `${'x'.repeat(120)}\n`.repeat(3000));
      const reads = Array.from({ length: 8 }, (_, i) => ({
        calls: [{ name: 'read_file', args: { path: 'big.txt', offset: i * 300 + 1, limit: 300 } }],
      }));
      const run = await session(world, [...reads, done], { contextSize: 2048 });
      const compacted = run.events.some((e) => e.type === 'compaction');
      return {
        alive:
          named(run.reason, 'done', 'context_exhausted', 'loop') &&
          (compacted || run.reason === 'context_exhausted'),
        detail: `${describe(run)}; compacted: ${compacted}`,
      };
    },
  },
  {
    name: 'binary files, invalid UTF-8 and a 50 MB file',
    async run(world) {
      await fs.writeFile(path.join(world.root, 'bin.dat'), Buffer.from([0, 1, 2, 0, 255, 0, 10]));
      await fs.writeFile(path.join(world.root, 'bad.txt'), Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
      const big = await fs.open(path.join(world.root, 'huge.log'), 'w');
      await big.truncate(50 * 1024 * 1024);
      await big.write('needle\n', 50 * 1024 * 1024 - 7);
      await big.close();
      const run = await session(world, [
        { calls: [{ name: 'read_file', args: { path: 'bin.dat' } }] },
        { calls: [{ name: 'read_file', args: { path: 'bad.txt' } }] },
        { calls: [{ name: 'edit_file', args: { path: 'bad.txt', old_text: 'b', new_text: 'c' } }] },
        { calls: [{ name: 'read_file', args: { path: 'huge.log' } }] },
        { calls: [{ name: 'search', args: { pattern: 'needle' } }] },
        done,
      ]);
      const outputs = run.results.map((r) => r.output.length);
      return {
        alive: run.reason === 'done' && run.results.length === 5 && outputs.every((n) => n < 60_000),
        detail: `${describe(run)}; output sizes ${outputs.join(',')}`,
      };
    },
  },
  {
    name: 'a symlink loop',
    async run(world) {
      await fs.symlink('loop-b', path.join(world.root, 'loop-a'));
      await fs.symlink('loop-a', path.join(world.root, 'loop-b'));
      await fs.symlink('.', path.join(world.root, 'self'));
      const run = await session(world, [
        { calls: [{ name: 'list_dir', args: { path: '.' } }] },
        { calls: [{ name: 'read_file', args: { path: 'loop-a' } }] },
        { calls: [{ name: 'write_file', args: { path: 'loop-a', content: 'x' } }] },
        { calls: [{ name: 'find_files', args: { pattern: '**/*.js' } }] },
        { calls: [{ name: 'search', args: { pattern: 'add' } }] },
        done,
      ]);
      const loopRefused = !run.results[1]?.ok && !run.results[2]?.ok;
      return { alive: run.reason === 'done' && loopRefused && !!run.results[4]?.ok, detail: describe(run) };
    },
  },
  {
    name: 'names with newlines and unicode',
    async run(world) {
      await fs.writeFile(path.join(world.root, 'we\nird.txt'), 'newline name\n');
      await fs.writeFile(path.join(world.root, 'ünï cödé ✓.js'), 'const ok = 1;\n');
      const run = await session(world, [
        { calls: [{ name: 'list_dir', args: { path: '.' } }] },
        { calls: [{ name: 'read_file', args: { path: 'ünï cödé ✓.js' } }] },
        { calls: [{ name: 'read_file', args: { path: 'we\nird.txt' } }] },
        { calls: [{ name: 'write_file', args: { path: 'nüevo ✓.txt', content: 'hola\n' } }] },
        { calls: [{ name: 'find_files', args: { pattern: '*.txt' } }] },
        done,
      ]);
      const wrote = (await fs.readFile(path.join(world.root, 'nüevo ✓.txt'), 'utf8')) === 'hola\n';
      return { alive: run.reason === 'done' && !!run.results[1]?.ok && wrote, detail: describe(run) };
    },
  },
  {
    name: 'an unreadable file and folder',
    async run(world) {
      await fs.writeFile(path.join(world.root, 'locked.txt'), 'locked\n');
      await fs.mkdir(path.join(world.root, 'locked-dir'));
      await fs.chmod(path.join(world.root, 'locked.txt'), 0o000);
      await fs.chmod(path.join(world.root, 'locked-dir'), 0o000);
      try {
        const run = await session(world, [
          { calls: [{ name: 'read_file', args: { path: 'locked.txt' } }] },
          { calls: [{ name: 'list_dir', args: { path: 'locked-dir' } }] },
          { calls: [{ name: 'search', args: { pattern: 'locked' } }] },
          done,
        ]);
        // As root (CI) permission bits do not stop reads; the case still proves the run goes on.
        const root = process.getuid?.() === 0;
        const refused = root || (!run.results[0]?.ok && !run.results[1]?.ok);
        return { alive: run.reason === 'done' && refused, detail: `${describe(run)}; as root: ${root}` };
      } finally {
        await fs.chmod(path.join(world.root, 'locked.txt'), 0o644);
        await fs.chmod(path.join(world.root, 'locked-dir'), 0o755);
      }
    },
  },
];
