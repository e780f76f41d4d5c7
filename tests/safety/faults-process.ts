// Fault cases around processes: a model file that will not load (in the app and in the CLI), a 5 MB
// command output, commands that ignore SIGTERM, leave grandchildren and hold a port (timeout and cancel),
// commands that daemonize or wait for input, and a cancel while the model is still answering.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ModelError } from '../../src/main/model/turn.js';
import { openModel } from '../../src/main/model/open-model.js';
import { runCli } from '../integration/run-cli.js';
import { testModelPath } from '../integration/test-model.js';
import {
  call,
  describeRun,
  done,
  freePort,
  listening,
  markerSleep,
  portFree,
  processesWith,
  session,
  stubbornCommand,
  waitFor,
  type FaultCase,
} from './fault-session.js';

/** Notes whether a process with `marker` in its command line, and a listener on `port`, were ever seen. */
function watchFor(marker: string, port: number): { stop(): { grandchild: boolean; listened: boolean } } {
  const seen = { grandchild: false, listened: false };
  const timer = setInterval(() => {
    seen.grandchild ||= processesWith(marker).length > 0;
    seen.listened ||= listening(port);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return seen;
    },
  };
}

const run = (command: string, timeout_s?: number) =>
  call('run_command', { command, ...(timeout_s ? { timeout_s } : {}) });

export const processFaults: FaultCase[] = [
  {
    name: 'a model that fails to load (a cut GGUF, a text file): a coded ModelError, and the CLI exits 2',
    group: 'loading',
    async run(world) {
      const real = await fs.readFile(testModelPath());
      const home = path.join(world.base, 'home');
      await fs.mkdir(home, { recursive: true });
      const cut = path.join(home, 'cut.gguf');
      const fake = path.join(home, 'fake.gguf');
      await fs.writeFile(cut, real.subarray(0, Math.floor(real.length / 2)));
      await fs.writeFile(fake, 'not a model at all\n');
      const codes: string[] = [];
      for (const file of [cut, fake]) {
        try {
          const model = await openModel(file, { contextSize: 512 });
          await model.dispose();
        } catch (error) {
          if (error instanceof ModelError && error.message.length > 0) codes.push(error.code);
        }
      }
      const cli = await runCli(['--folder', world.root, '--model', cut, '--no-verify', 'fix it'], { home });
      const message = cli.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? '';
      const clean = cli.code === 2 && message.length > 10 && !/\n\s+at /.test(cli.stderr);
      return {
        alive: codes.length === 2 && clean,
        detail: `codes: ${codes.join(', ')}; cli exit ${cli.code}: ${message.slice(0, 200)}`,
      };
    },
  },
  {
    name: 'a 5 MB command output: shaped for the model, all of it kept in a spill file, the session goes on',
    group: 'commands',
    async run(world) {
      const command = "yes 'a line of output 0123456789' | head -c 5000000";
      const r = await session(world, [run(command), call('read_file', { path: 'math.js' }), done]);
      const first = r.results[0];
      const shaped = !!first && first.truncated && first.output.length < 100_000;
      // The shaped result points at the spill file the command's whole output was written to.
      const name = /@spill\/(command-[\w-]+\.log)/.exec(first?.output ?? '')?.[1];
      const bytes = name
        ? await fs.readFile(path.join(world.base, 'spill', name)).catch(() => Buffer.alloc(0))
        : Buffer.alloc(0);
      const whole =
        bytes.length === 5_000_000 && bytes.subarray(2_500_000, 2_500_064).includes('a line of output');
      return {
        alive: r.reason === 'done' && shaped && whole && !!r.results[1]?.ok,
        detail: `${describeRun(r)}; shaped ${first?.output.length} chars; spill ${name}: ${bytes.length} bytes`,
      };
    },
  },
  {
    name: 'a command that ignores SIGTERM, leaves a grandchild and holds a port: killed on timeout',
    group: 'commands',
    async run(world) {
      const port = await freePort();
      const sleep = markerSleep();
      const seen = watchFor(`sleep ${sleep}`, port);
      const r = await session(world, [run(stubbornCommand(port, sleep), 2), done], {
        sandbox: { allowNetwork: true, whenMissing: 'ask' },
      });
      const { grandchild, listened } = seen.stop();
      const timedOut = /timed out/.test(r.results[0]?.output ?? '');
      const freed = await waitFor(() => portFree(port), 5000);
      const reaped = await waitFor(() => processesWith(`sleep ${sleep}`).length === 0, 5000);
      return {
        alive: r.reason === 'done' && timedOut && grandchild && listened && freed && reaped,
        detail: `${describeRun(r)}; grandchild seen: ${grandchild}; listened: ${listened}; port freed: ${freed}; grandchild gone: ${reaped}`,
      };
    },
  },
  {
    name: 'cancel during a command that ignores SIGTERM: the group is killed, the port freed, stop cancelled',
    group: 'commands',
    async run(world) {
      const port = await freePort();
      const sleep = markerSleep();
      const controller = new AbortController();
      const pending = session(world, [run(stubbornCommand(port, sleep), 60), done], {
        signal: controller.signal,
        sandbox: { allowNetwork: true, whenMissing: 'ask' },
      });
      const listened = await waitFor(() => listening(port), 15_000);
      const grandchild = processesWith(`sleep ${sleep}`).length > 0;
      controller.abort();
      const r = await pending;
      const freed = await waitFor(() => portFree(port), 5000);
      const reaped = await waitFor(() => processesWith(`sleep ${sleep}`).length === 0, 5000);
      return {
        alive: listened && grandchild && r.reason === 'cancelled' && freed && reaped,
        detail: `${describeRun(r)}; listened: ${listened}; grandchild seen: ${grandchild}; port freed: ${freed}; grandchild gone: ${reaped}`,
      };
    },
  },
  {
    name: 'a command that daemonizes (setsid, nohup) leaves nothing running after it ends',
    group: 'commands',
    async run(world) {
      const [a, b] = [markerSleep(), markerSleep()];
      const daemon = (name: string, sleep: string) => `sh -c 'echo up > ${name}; exec sleep ${sleep}'`;
      const command = `setsid ${daemon('daemon-a.txt', a)} >/dev/null 2>&1 </dev/null & nohup ${daemon('daemon-b.txt', b)} >/dev/null 2>&1 & sleep 0.5; echo started`;
      const r = await session(world, [run(command), done]);
      const started = await Promise.all(
        ['daemon-a.txt', 'daemon-b.txt'].map((f) =>
          fs.stat(path.join(world.root, f)).then(
            () => true,
            () => false,
          ),
        ),
      );
      const gone = await waitFor(
        () => processesWith(`sleep ${a}`).length + processesWith(`sleep ${b}`).length === 0,
        5000,
      );
      return {
        alive: r.reason === 'done' && !!r.results[0]?.ok && !started.includes(false) && gone,
        detail: `${describeRun(r)}; daemons started: ${started.join(',')}; gone: ${gone}`,
      };
    },
  },
  {
    name: 'commands that wait for input get none and end',
    group: 'commands',
    async run(world) {
      const r = await session(world, [run('cat', 20), run('read -r line; echo "got [$line]"', 20), done]);
      const ended = r.results.length === 2 && r.results.every((x) => !/timed out/.test(x.output));
      return { alive: r.reason === 'done' && ended, detail: describeRun(r) };
    },
  },
  {
    name: 'cancel while the model is still answering',
    group: 'commands',
    async run(world) {
      const controller = new AbortController();
      const pending = session(world, [{ text: 'thinking for a long time', delay_ms: 60_000 }, done], {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 200);
      const r = await pending;
      return { alive: r.reason === 'cancelled', detail: describeRun(r) };
    },
  },
];
