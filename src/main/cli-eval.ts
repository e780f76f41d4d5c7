// `local-coder eval ...`: runs the task suite with a model, validates the suite, compares two reports.
// Exit codes: 0 done (whatever the pass rate), 1 a validation failed, 2 bad usage or an unusable model,
// 130 cancelled with Ctrl-C (the partial report is still written).
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, type HarnessFeatures } from './agent/features.js';
import { parseCliArgs, printUsageError } from './cli-args.js';
import { ModelError } from './model/turn.js';
import { detectSandbox, type SandboxInfo } from './safety/sandbox.js';
import { runSuite } from './eval/eval-runner.js';
import { compareMarkdown } from './eval/compare.js';
import { reportMarkdown, type EvalReport } from './eval/report.js';
import { loadSuite } from './eval/task-suite.js';
import { validateSuite } from './eval/validate.js';
import { openModel } from './model/open-model.js';
import { resolveSpeculation } from './model/speculation.js';

const USAGE = `usage: local-coder eval --model MODEL [options]      run the task suite
       local-coder eval validate [--tasks LIST]         check every task with its reference solution
       local-coder eval --compare A.json B.json [C.json...]  reports side by side (A the baseline)
options:
  --model MODEL        a .gguf file, openai:http://HOST:PORT/v1#NAME (a model on an OpenAI-compatible
                       engine), or script:FILE.json
  --suite DIR          the task suite (default: eval/tasks of this repository)
  --tasks LIST         comma-separated task ids or globs (py-*, *-feature-*)
  --context-size N     context window in tokens (default 8192)
  --lookup MODE        prompt-lookup speculation: auto (default: on a GPU, off on the CPU), on, off
  --draft-model FILE   a smaller GGUF with the model's tokenizer drafts tokens
  --max-steps N        model turns a try (default 16)
  --time-limit S       seconds a try (default 300)
  --tries N            1, or 2 (default: the second try gets the grader's output, as aider's benchmark)
  --repeat N           run the suite N times (default 1)
  --seed S             sampling seed of the first repeat (S+1 for the next...); with --temperature
  --temperature T      sampling temperature (default 0: greedy)
  --tool-choice MODE   auto, first (default) or required
  --off LIST           harness features to switch off: ${[...FEATURE_NAMES].join(', ')}
  --out DIR            where report.json, report.md and the transcripts go (default eval-results/...)
  --json               print the JSON report on stdout instead of the Markdown`;

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from src/main or from the built out/main. */
const repoRoot = path.resolve(here, '..', '..');

class EvalUsageError extends Error {}

export async function runEvalCommand(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'validate') return await validateCommand(argv.slice(1));
    return await evalCommand(argv);
  } catch (error) {
    if (error instanceof EvalUsageError) return printUsageError(error.message, USAGE);
    if (error instanceof ModelError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parse(argv: string[]) {
  const parsed = parseCliArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      suite: { type: 'string' },
      tasks: { type: 'string' },
      'context-size': { type: 'string' },
      lookup: { type: 'string' },
      'draft-model': { type: 'string' },
      'max-steps': { type: 'string' },
      'time-limit': { type: 'string' },
      tries: { type: 'string' },
      repeat: { type: 'string' },
      seed: { type: 'string' },
      temperature: { type: 'string' },
      'tool-choice': { type: 'string' },
      off: { type: 'string' },
      out: { type: 'string' },
      compare: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!parsed.ok) throw new EvalUsageError(parsed.message);
  return parsed;
}

function int(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new EvalUsageError(`--${name} must be a whole number of at least ${min}, got "${value}".`);
  return n;
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function sandboxOrRefuse(): Promise<SandboxInfo | null> {
  const info = await detectSandbox();
  if (info.available) return info;
  if (process.env.LOCAL_CODER_SANDBOX === 'off') {
    process.stderr.write(
      'warning: the sandbox is off (LOCAL_CODER_SANDBOX=off): graders run outside it and the agent may run no command\n',
    );
    return null;
  }
  throw new EvalUsageError(
    `the eval runs model-written code and needs the OS sandbox, which is not available: ${info.note}. ` +
      '(LOCAL_CODER_SANDBOX=off runs graders without it, at your own risk.)',
  );
}

/** Puts this repository's node_modules/.bin first on PATH, for the TypeScript tasks (tsx). */
function toolsOnPath(): void {
  const bin = path.join(repoRoot, 'node_modules', '.bin');
  if (existsSync(bin)) process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
}

async function validateCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv);
  if (values.help) return help();
  const suite = path.resolve(values.suite ?? path.join(repoRoot, 'eval/tasks'));
  const sandbox = await sandboxOrRefuse();
  toolsOnPath();
  const tasks = await loadSuite(suite, commaList(values.tasks));
  if (tasks.length === 0) throw new EvalUsageError(`no task in ${suite} matches.`);
  const results = await validateSuite(tasks, sandbox, (v) => {
    const checks = v.checks.map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.name}${c.ok ? '' : ` (${c.detail})`}`);
    process.stdout.write(`${v.ok ? 'ok  ' : 'FAIL'} ${v.id}: ${v.error ?? checks.join('; ')}\n`);
  });
  const failed = results.filter((v) => !v.ok).length;
  process.stdout.write(`\neval suite: ${results.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) return help();
  if (values.compare) return compareCommand(positionals);
  if (!values.model) throw new EvalUsageError('--model is required.');
  const off = commaList(values.off);
  const unknown = off.filter((f) => f !== 'firstCall' && !(FEATURE_NAMES as readonly string[]).includes(f));
  if (unknown.length > 0)
    throw new EvalUsageError(
      `unknown feature ${unknown.join(', ')}; known: firstCall, ${FEATURE_NAMES.join(', ')}.`,
    );
  const features: Partial<HarnessFeatures> = Object.fromEntries(
    off.filter((f) => f !== 'firstCall').map((f) => [f, false]),
  );
  const toolChoice = off.includes('firstCall') ? 'auto' : (values['tool-choice'] ?? 'first');
  if (toolChoice !== 'auto' && toolChoice !== 'first' && toolChoice !== 'required') {
    throw new EvalUsageError('--tool-choice must be auto, first or required.');
  }
  const tries = int('tries', values.tries, 2);
  if (tries > 2) throw new EvalUsageError('--tries is 1 or 2.');
  const contextSize = int('context-size', values['context-size'], 8192, 256);
  const seed = values.seed === undefined ? undefined : int('seed', values.seed, 0, 0);
  const temperature = values.temperature === undefined ? undefined : Number(values.temperature);
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2))
    throw new EvalUsageError('--temperature is between 0 and 2.');
  const suite = path.resolve(values.suite ?? path.join(repoRoot, 'eval/tasks'));
  const tasks = await loadSuite(suite, commaList(values.tasks));
  if (tasks.length === 0) throw new EvalUsageError(`no task in ${suite} matches.`);
  const sandbox = await sandboxOrRefuse();
  toolsOnPath();

  const sampling = {
    ...(temperature !== undefined ? { temperature } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  // The eval does not read the person's saved settings: a run says what it measures in its flags.
  const speculation = resolveSpeculation(
    {
      ...(values.lookup !== undefined ? { lookup: values.lookup } : {}),
      ...(values['draft-model'] !== undefined ? { draftModel: path.resolve(values['draft-model']) } : {}),
    },
    { lookup: 'auto', draftModel: null },
  );
  if (!speculation.ok) throw new EvalUsageError(speculation.message);
  const model = await openModel(values.model, {
    contextSize,
    sampling,
    speculation: speculation.speculation,
  });
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling the eval (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(
    values.out ??
      path.join(
        'eval-results',
        // An engine model's id holds spaces and a host:port: only safe characters in the folder name.
        `${stamp}-${path.basename(model.id, '.gguf').replace(/[^A-Za-z0-9._-]+/g, '-')}-${model.contextSize}`,
      ),
  );
  try {
    await fs.mkdir(path.join(out, 'transcripts'), { recursive: true });
    process.stderr.write(
      `eval: ${tasks.length} tasks, ${model.id}, ${model.contextSize}-token window, results in ${out}\n`,
    );
    if (model.about) process.stderr.write(`eval: ${model.id}: ${model.about}\n`);
    const report = await runSuite({
      model,
      tasks,
      repeat: int('repeat', values.repeat, 1),
      maxSteps: int('max-steps', values['max-steps'], 16),
      timeLimitSec: int('time-limit', values['time-limit'], 300),
      tries,
      toolChoice,
      features,
      sandbox,
      transcriptsDir: path.join(out, 'transcripts'),
      signal: controller.signal,
      record: {
        model: model.id,
        ...(model.about ? { servedBy: model.about } : {}),
        contextSize: model.contextSize,
        suite,
        sandboxed: sandbox !== null,
        ...(seed !== undefined ? { seed } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
      },
      onProgress: (line) => process.stderr.write(`${line}\n`),
      beforeRepeat: (r) => {
        if (seed !== undefined && 'sampling' in model) {
          (model as { sampling: { seed?: number } }).sampling = { ...sampling, seed: seed + r };
        }
      },
    });
    const markdown = reportMarkdown(report);
    await fs.writeFile(path.join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await fs.writeFile(path.join(out, 'report.md'), markdown);
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : markdown);
    process.stderr.write(`report: ${path.join(out, 'report.md')}\n`);
    // 130: ended by Ctrl-C (the report holds the tasks finished before it).
    return report.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    await model.dispose();
  }
}

async function compareCommand(files: string[]): Promise<number> {
  if (files.length < 2) throw new EvalUsageError('--compare takes two or more report.json files.');
  const reports: EvalReport[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      throw new EvalUsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    if (!isReport(parsed)) throw new EvalUsageError(`${file} is not an eval report (report.json).`);
    reports.push(parsed);
  }
  process.stdout.write(compareMarkdown(reports, files));
  return 0;
}

function isReport(value: unknown): value is EvalReport {
  const v = value as Partial<EvalReport> | null;
  return (
    !!v &&
    v.version === 1 &&
    Array.isArray(v.repeats) &&
    typeof v.total === 'object' &&
    typeof v.settings === 'object'
  );
}

function help(): number {
  process.stdout.write(`${USAGE}\n`);
  return 0;
}
