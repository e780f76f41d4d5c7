// The headless runner and the eval with a model on a real llama-server, as a person would run them:
// the same loop, tools and stops as in-process; the key never reaches the transcript.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedTestModels } from '../../bench/installed-models.js';
import { repoRoot, runCli } from '../integration/run-cli.js';
import { engineSkipReason, startLlamaServer, type RunningServer } from './helpers/llama-server.js';

const skipReason = engineSkipReason();
const smol = installedTestModels(['smollm2-135m-instruct'])[0];
const KEY = 'sk-runner-test-key-5f3a9c';

describe.skipIf(skipReason !== null || !smol)('the runner and the eval on llama-server', () => {
  let server: RunningServer;
  let tmp: string;
  beforeAll(async () => {
    server = await startLlamaServer({ model: smol!.modelPath, alias: 'smol', apiKey: KEY });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-engine-runner-'));
  });
  afterAll(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs a session: the probe said on the terminal, calls run, the prompt cache serves later turns', async () => {
    const folder = path.join(tmp, 'project');
    await cp(path.join(repoRoot, 'tests/fixtures/sample-project'), folder, { recursive: true });
    const transcript = path.join(tmp, 'transcript.jsonl');
    const run = await runCliWithKey(
      [
        '--folder',
        folder,
        '--model',
        server.spec,
        '--json',
        '--max-steps',
        '4',
        '--tool-choice',
        'required',
        '--tools',
        'list_dir,read_file,find_files',
        '--no-verify',
        '--transcript',
        transcript,
        'What does this project do?',
      ],
      path.join(tmp, 'home'),
    );
    expect(run.stderr).toContain('llama-server, 4096-token context (llama-server /props)');
    const stats = run.events.filter((e) => e.type === 'token_stats') as {
      promptTokens: number;
      reusedTokens: number;
    }[];
    const calls = run.events.filter((e) => e.type === 'tool_call');
    const stop = run.events.find((e) => e.type === 'stop') as { reason?: string } | undefined;
    expect(stop?.reason, run.stderr).toBeDefined();
    expect(calls.length).toBeGreaterThan(0);
    expect(stats.length).toBeGreaterThan(1);
    for (const later of stats.slice(1)) expect(later.reusedTokens).toBeGreaterThan(later.promptTokens * 0.5);
    const written = await readFile(transcript, 'utf8');
    expect(written).toContain('"type":"tool_call"');
    expect(written).not.toContain(KEY);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('says what is wrong with the key, with its code, and exits 2', async () => {
    const run = await runCli(['--folder', tmp, '--model', server.spec, 'hello'], {
      home: path.join(tmp, 'home2'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: .*refused the key.*\[server_unauthorized\]/);
  });

  it('the eval runs a task through the server and reports its stats', async () => {
    const out = path.join(tmp, 'eval');
    const run = await runCliWithKey(
      [
        'eval',
        '--model',
        server.spec,
        '--tasks',
        'py-question-calc-precedence',
        '--tries',
        '1',
        '--max-steps',
        '3',
        '--time-limit',
        '60',
        '--out',
        out,
      ],
      path.join(tmp, 'home3'),
      240_000,
    );
    expect(run.stderr).toContain('smol @ 127.0.0.1');
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as {
      settings: { model: string; contextSize: number; servedBy?: string };
      repeats: { id: string; status: string; tries: { metrics: { steps: number } }[] }[][];
      total: { tokens: { prompt: number; reused: number; generated: number } };
    };
    expect(report.settings).toMatchObject({
      model: `smol @ ${new URL(server.origin).host}`,
      contextSize: 4096,
    });
    expect(report.settings.servedBy).toContain('llama-server');
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(
      'Served by llama-server, 4096-token context',
    );
    const [task] = report.repeats[0]!;
    expect(task).toMatchObject({ id: 'py-question-calc-precedence' });
    expect(task!.status).not.toBe('malformed');
    expect(task!.tries[0]!.metrics.steps).toBeGreaterThan(0);
    expect(report.total.tokens.generated).toBeGreaterThan(0);
    expect(report.total.tokens.reused).toBeGreaterThan(0);
    const transcripts = await readdir(path.join(out, 'transcripts'));
    expect(transcripts.length).toBe(1);
    const text = await readFile(path.join(out, 'transcripts', transcripts[0]!), 'utf8');
    expect(text).not.toContain(KEY);
  });
});

/** The key as a person sets it: in the environment of the runner only. */
async function runCliWithKey(args: string[], home: string, timeoutMs = 180_000) {
  const before = process.env.LOCAL_CODER_API_KEY;
  process.env.LOCAL_CODER_API_KEY = KEY;
  try {
    return await runCli(args, { home, timeoutMs });
  } finally {
    if (before === undefined) delete process.env.LOCAL_CODER_API_KEY;
    else process.env.LOCAL_CODER_API_KEY = before;
  }
}
