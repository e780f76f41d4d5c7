// The headless runner as a person (or a script) uses it: a real process, a real folder, real commands.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive } from '../unit/helpers/process.js';
import { cliEntry, parseEvents, repoRoot, runCli as runCliIn, tsxBin } from './run-cli.js';
import { testModelPath } from './test-model.js';

const fixtures = path.join(repoRoot, 'tests/fixtures');
let tmp: string;
let home: string;

const runCli = (args: string[]) => runCliIn(args, { home });

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-cli-'));
  home = path.join(tmp, 'home');
  await cp(path.join(fixtures, 'sample-project'), path.join(tmp, 'project'), { recursive: true });
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('headless runner with the scripted model', () => {
  it('reads, edits, runs the project test and finishes with done (exit 0)', async () => {
    const project = path.join(tmp, 'project');
    const transcript = path.join(tmp, 'run.jsonl');
    const run = await runCli([
      '--folder',
      project,
      '--approval',
      'full-auto',
      '--model',
      `script:${path.join(fixtures, 'scripts/fix-add.json')}`,
      '--json',
      '--transcript',
      transcript,
      'make the tests pass',
    ]);
    expect(run.stderr).toContain('stopped: done');
    expect(run.code).toBe(0);

    const calls = run.events.filter((e) => e.type === 'tool_call');
    expect(calls.map((c) => c.name)).toEqual([
      'search',
      'read_file',
      'run_command',
      'edit_file',
      'run_command',
    ]);
    expect(calls[1]).toMatchObject({ type: 'tool_call', name: 'read_file', args: { path: 'math.js' } });

    const results = run.events.filter((e) => e.type === 'tool_result');
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true, true]);
    expect(String(results[0]?.output)).toContain('test.js:4:');
    expect(String(results[2]?.output)).toMatch(/exit code 1/i);
    expect(String(results[4]?.output)).toContain('all tests passed');
    expect(run.events.at(-1)).toMatchObject({ type: 'stop', reason: 'done' });

    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a + b;');
    // Verified before it could finish: the project's own test ran and passed.
    const stop = run.events.at(-1) as { verification?: { status: string; checks: Array<{ name: string }> } };
    expect(stop.verification?.status).toBe('passed');
    expect(stop.verification?.checks.map((c) => c.name)).toContain('test');
    expect(run.events.some((e) => e.type === 'checkpoint')).toBe(true);

    const lines = (await readFile(transcript, 'utf8')).trim().split('\n');
    const types = lines.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('session_start');
    expect(types.at(-1)).toBe('stop');
    expect(types).not.toContain('text_delta');
  });

  const runScript = async (turns: unknown[], extra: string[] = []) => {
    const script = path.join(tmp, 'script.json');
    await writeFile(script, JSON.stringify({ turns }));
    return runCli([
      '--folder',
      path.join(tmp, 'project'),
      '--model',
      `script:${script}`,
      '--json',
      ...extra,
      'x',
    ]);
  };

  it('undo takes the run back byte for byte, and the undo itself can be undone', async () => {
    const project = path.join(tmp, 'project');
    const original = await readFile(path.join(project, 'math.js'), 'utf8');
    const script = `script:${path.join(fixtures, 'scripts/fix-add.json')}`;
    const args = [
      '--folder',
      project,
      '--approval',
      'full-auto',
      '--model',
      script,
      '--no-transcript',
      'fix',
    ];
    expect((await runCli(args)).code).toBe(0);
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).not.toBe(original);

    const list = await runCli(['undo', '--folder', project, '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/turn \d+/);

    const undo = await runCli(['undo', '--folder', project]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/^restored 1 files/);
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toBe(original);

    const redoId = /--to (\S+)/.exec(undo.stdout)?.[1];
    expect(redoId).toBeDefined();
    expect((await runCli(['undo', '--folder', project, '--to', redoId!])).code).toBe(0);
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toContain('return a + b;');

    const missing = await runCli(['undo', '--folder', project, '--to', 'no-such-checkpoint']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*\(checkpoint_not_found\)/);
  });

  it('a run that ends done with checks still failing reports them and exits 1', async () => {
    const breakIt = {
      calls: [{ name: 'write_file', args: { path: 'extra.js', content: 'export const x = 1;\n' } }],
    };
    const run = await runScript([breakIt, { text: 'All good.' }]);
    const stop = run.events.at(-1) as {
      reason: string;
      message: string;
      verification?: { status: string; rounds: number };
    };
    expect(stop.reason).toBe('done');
    expect(stop.verification).toMatchObject({ status: 'failed', rounds: 3 });
    expect(stop.message).toMatch(/Verification: Checks still failing after 3 rounds: test/);
    expect(run.events.filter((e) => e.type === 'verification')).toHaveLength(3);
    expect(run.code).toBe(1);
  });

  it('exits 1 with the stop reason when the run does not end done', async () => {
    const turn = { calls: [{ name: 'read_file', args: { path: 'math.js' } }] };
    const run = await runScript(Array(8).fill(turn));
    expect(run.code).toBe(1);
    expect(run.events.at(-1)).toMatchObject({ type: 'stop', reason: 'loop' });
  });

  it('stops with max_steps at --max-steps', async () => {
    const turns = ['math.js', 'test.js', 'package.json'].map((p) => ({
      calls: [{ name: 'read_file', args: { path: p } }],
    }));
    const run = await runScript(turns, ['--max-steps', '2']);
    expect(run.code).toBe(1);
    expect(run.events.at(-1)).toMatchObject({ type: 'stop', reason: 'max_steps', steps: 2 });
  });
});

function hostPidOf(args: string): number {
  const line = execFileSync('ps', ['-eo', 'pid,args'])
    .toString()
    .split('\n')
    .find((l) => l.trim().endsWith(args) && !l.includes('bash'));
  return Number(line?.trim().split(/\s+/)[0] ?? NaN);
}

describe('approval in a headless run', () => {
  it("auto-edit (the default) runs the project's tests in the sandbox, and refuses what it cannot contain", async () => {
    const project = path.join(tmp, 'project');
    const script = path.join(tmp, 'network.json');
    const fixTurns = JSON.parse(await readFile(path.join(fixtures, 'scripts/fix-add.json'), 'utf8')).turns;
    // The fix, then a download: the network is what the sandbox keeps off, so it needs a person.
    const turns = [
      ...fixTurns.slice(0, -1),
      { calls: [{ name: 'run_command', args: { command: 'curl -s https://example.com/x -o x.txt' } }] },
      fixTurns.at(-1),
    ];
    await writeFile(script, JSON.stringify({ turns }));
    const run = await runCli([
      '--folder',
      project,
      '--model',
      `script:${script}`,
      '--json',
      '--no-verify',
      'fix it',
    ]);
    const commands = run.events.filter((e) => e.type === 'tool_result' && e.name === 'run_command');
    const tests = commands.slice(0, -1);
    const download = commands.at(-1);
    if (existsSync('/usr/bin/bwrap')) {
      // Sandbox-first: the tests ran unasked (failing before the fix, passing after it).
      expect(tests.map((c) => String(c.output).split('\n')[0])).toEqual(['exit code 1', 'exit code 0']);
    } else {
      for (const c of tests) expect(c).toMatchObject({ ok: false });
    }
    expect(download).toMatchObject({ ok: false });
    expect(String(download?.output)).toMatch(/full-auto/);
    expect(String(download?.output)).not.toMatch(/"auto-edit"/);
  });

  it('plan mode changes no file', async () => {
    const project = path.join(tmp, 'project');
    const before = await readFile(path.join(project, 'math.js'), 'utf8');
    const run = await runCli([
      '--folder',
      project,
      '--approval',
      'plan',
      '--model',
      `script:${path.join(fixtures, 'scripts/fix-add.json')}`,
      '--json',
      '--no-verify',
      'make the tests pass',
    ]);
    const edit = run.events.find((e) => e.type === 'tool_result' && e.name === 'edit_file');
    expect(String(edit?.output)).toMatch(/Plan mode is read-only/);
    expect(await readFile(path.join(project, 'math.js'), 'utf8')).toBe(before);
  });

  it('refuses an unknown approval mode with exit 2', async () => {
    const run = await runCli(['--folder', tmp, '--model', 'script:x.json', '--approval', 'yolo', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--approval must be one of plan, ask, auto-edit, full-auto/);
  });
});

describe('cancelling the headless runner (Ctrl-C)', () => {
  it('stops a running command, kills its whole process group and ends with cancelled', async () => {
    const project = path.join(tmp, 'project');
    const script = path.join(tmp, 'slow.json');
    // The command leaves a grandchild in the background that would outlive a plain kill of the shell.
    // In the sandbox's pid namespace $! is not the host's pid; the odd duration finds it from outside.
    const command = 'sleep 61.25 & echo $! > grandchild.pid; sleep 60';
    await writeFile(
      script,
      JSON.stringify({ turns: [{ calls: [{ name: 'run_command', args: { command } }] }] }),
    );
    const child = spawn(
      tsxBin,
      [
        cliEntry,
        '--folder',
        project,
        '--approval',
        'full-auto',
        '--model',
        `script:${script}`,
        '--json',
        'wait',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, LOCAL_CODER_HOME: home },
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const pidFile = path.join(project, 'grandchild.pid');
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const grandchild = hostPidOf('sleep 61.25');
    expect(isAlive(grandchild)).toBe(true);

    const started = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const events = parseEvents(stdout);
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ name: 'run_command', ok: false });
    expect(events.at(-1)).toMatchObject({ type: 'stop', reason: 'cancelled' });
    expect(isAlive(grandchild)).toBe(false);
  });
});

describe('runtime info and the model library from the runner', () => {
  it('--info names the backend and, on CPU, why', async () => {
    const run = await runCli(['--info', '--json']);
    expect(run.code).toBe(0);
    const info = JSON.parse(run.stdout) as { backend: string; cpuFallbackReason?: string };
    expect(['metal', 'cuda', 'vulkan', 'cpu']).toContain(info.backend);
    if (info.backend === 'cpu') expect(info.cpuFallbackReason).toMatch(/GPU|CPU/);
  });

  it('imports a GGUF, lists it with its metadata, checks its fit and refuses a fake', async () => {
    const imported = await runCli(['models', 'import', testModelPath()]);
    expect(imported.code).toBe(0);
    const list = await runCli(['models', 'list']);
    expect(list.stdout).toMatch(/llama-2-tiny-random\.gguf .*llama .*ctx 4096/);
    const fit = await runCli(['models', 'fit', testModelPath()]);
    expect(fit.stdout).toMatch(/^(full_gpu|partial_gpu|cpu_only):/);
    const fake = path.join(tmp, 'fake.gguf');
    await writeFile(fake, 'not a model');
    const refused = await runCli(['models', 'import', fake]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/GGUF/i);
  });
});

describe('headless runner refuses bad input with one clear line and writes nothing', () => {
  const cases: Array<{ name: string; args: (t: string) => Promise<string[]>; message: RegExp }> = [
    {
      name: 'missing folder',
      args: async (t) => ['--folder', path.join(t, 'nope'), '--model', 'script:x.json', 'task'],
      message: /folder/i,
    },
    {
      name: 'missing model file',
      args: async (t) => ['--folder', path.join(t, 'project'), '--model', path.join(t, 'none.gguf'), 'task'],
      message: /not found|no such|does not exist/i,
    },
    {
      name: 'a text file named .gguf',
      args: async (t) => {
        const f = path.join(t, 'fake.gguf');
        await writeFile(f, 'this is not a model');
        return ['--folder', path.join(t, 'project'), '--model', f, 'task'];
      },
      message: /gguf/i,
    },
    {
      name: 'a malformed script',
      args: async (t) => {
        const f = path.join(t, 'bad.json');
        await writeFile(f, '{"turns": [{"calls": [{"args": {}}]}]}');
        return ['--folder', path.join(t, 'project'), '--model', `script:${f}`, 'task'];
      },
      message: /not a valid script at turns\.0\.calls\.0\.name/,
    },
    {
      name: 'a script that is not JSON',
      args: async (t) => {
        const f = path.join(t, 'bad.json');
        await writeFile(f, '{"turns": [');
        return ['--folder', path.join(t, 'project'), '--model', `script:${f}`, 'task'];
      },
      message: /not valid JSON/,
    },
    {
      name: 'no task',
      args: async (t) => ['--folder', t, '--model', 'script:x.json'],
      message: /task is required/,
    },
    {
      name: 'a bad number',
      args: async (t) => ['--folder', t, '--model', 'script:x.json', '--max-steps', 'ten', 'task'],
      message: /--max-steps must be a positive whole number/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const run = await runCli(await c.args(tmp));
      expect(run.code).toBe(2);
      const firstLine = run.stderr.split('\n').find((l) => l.startsWith('error: '));
      expect(firstLine).toMatch(c.message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(run.stdout).toBe('');
      // Nothing written: no transcript, no data folder.
      await expect(readdir(home)).rejects.toThrow();
    });
  }
});
