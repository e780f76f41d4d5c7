// The eval runner against a suite made in a temp folder, with scripted models: grading, the second try
// with the grader's output, question tasks, malformed tasks, and the task folders left untouched.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyStats, type TurnRequest } from '../../../src/main/model/turn.js';
import { runSuite } from '../../../src/main/eval/eval-runner.js';
import { compareMarkdown } from '../../../src/main/eval/compare.js';
import { reportMarkdown } from '../../../src/main/eval/report.js';
import { loadSuite } from '../../../src/main/eval/task-suite.js';
import { validateSuite } from '../../../src/main/eval/validate.js';
import { ScriptedModel, type Script } from '../../../src/main/model/scripted-model.js';
import { detectSandbox } from '../../../src/main/safety/sandbox.js';

let suite: string;
beforeEach(async () => {
  suite = await mkdtemp(path.join(os.tmpdir(), 'lc-evalsuite-'));
});
afterEach(async () => {
  await rm(suite, { recursive: true, force: true });
});

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
}

const MATH_BUG = 'export function add(a, b) {\n  return a - b;\n}\n';
const MATH_FIXED = 'export function add(a, b) {\n  return a + b;\n}\n';
const VISIBLE =
  "import assert from 'node:assert/strict';\nimport { add } from './math.js';\nassert.equal(add(2, 3), 5);\n";
const GRADER =
  "import { execFileSync } from 'node:child_process';\nimport assert from 'node:assert/strict';\n" +
  "execFileSync('node', ['test.js'], { stdio: 'inherit' });\nconst { add } = await import('../math.js');\n" +
  "assert.equal(add(-4, 10), 6, 'add(-4, 10) should be 6');\nconsole.log('hidden ok');\n";

async function addFixTask(id = 'js-fix-add'): Promise<void> {
  await writeTree(path.join(suite, id), {
    'task.json': JSON.stringify({
      instruction: 'node test.js fails. Fix add in math.js.',
      level: 'one-line',
      language: 'javascript',
      kind: 'change',
      grade: 'node .grader/grade.mjs',
      timeoutSec: 20,
      visibleTests: ['test.js'],
    }),
    'files/package.json': '{"type":"module","scripts":{"test":"node test.js"}}',
    'files/math.js': MATH_BUG,
    'files/test.js': VISIBLE,
    'grader/grade.mjs': GRADER,
    'solution/math.js': MATH_FIXED,
  });
}

async function addQuestionTask(): Promise<void> {
  await writeTree(path.join(suite, 'js-question'), {
    'task.json': JSON.stringify({
      instruction: 'What does add() in math.js return?',
      level: 'question',
      language: 'javascript',
      kind: 'question',
      grade: 'node .grader/grade.mjs',
    }),
    'files/math.js': MATH_BUG,
    'grader/grade.mjs':
      "import { readFileSync } from 'node:fs';\nconst a = readFileSync(process.env.EVAL_ANSWER, 'utf8');\n" +
      "if (!/a\\s*-\\s*b|subtract|difference/i.test(a)) { console.log('answer does not say it subtracts'); process.exit(1); }\n",
    'solution/answer.md': 'It returns a - b: it subtracts.',
  });
}

async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string) => {
    for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const abs = path.join(dir, e.name);
      hash.update(path.relative(root, abs));
      if (e.isDirectory()) await walk(abs);
      else hash.update(await readFile(abs));
    }
  };
  await walk(root);
  return hash.digest('hex');
}

const fixCalls = [
  { name: 'read_file', args: { path: 'math.js' } },
  { name: 'edit_file', args: { path: 'math.js', old_text: 'return a - b;', new_text: 'return a + b;' } },
];

async function run(script: Script, opts: { tries?: number; model?: ScriptedModel } = {}) {
  const sandbox = await detectSandbox();
  const model = opts.model ?? new ScriptedModel(script, 'script', 8192);
  const lines: string[] = [];
  const report = await runSuite({
    model,
    tasks: await loadSuite(suite),
    repeat: 1,
    maxSteps: 8,
    timeLimitSec: 60,
    tries: opts.tries ?? 2,
    toolChoice: 'auto',
    features: {},
    sandbox: sandbox.available ? sandbox : null,
    record: { model: model.id, contextSize: model.contextSize, suite, sandboxed: sandbox.available },
    onProgress: (line) => lines.push(line),
  });
  return { report, lines };
}

describe('eval runner', () => {
  it('grades a fix with the hidden tests and reports its figures, leaving the task folder as it was', async () => {
    await addFixTask();
    const before = await hashTree(suite);
    const { report, lines } = await run({
      turns: [{ calls: [fixCalls[0]!] }, { calls: [fixCalls[1]!] }, { text: 'Fixed.' }],
    });
    const task = report.repeats[0]![0]!;
    expect(task).toMatchObject({ id: 'js-fix-add', status: 'solved', solvedOnTry: 1 });
    const m = task.tries[0]!.metrics;
    expect(m.stopReason).toBe('done');
    expect(m.toolCalls).toMatchObject({ total: 2, valid: 2, invalid: 0, writtenAsText: 0 });
    expect(task.tries[0]!.grade.output).toContain('hidden ok');
    expect(report.total).toMatchObject({ tasks: 1, pass1: 1, pass2: 1 });
    expect(lines[0]).toMatch(/\[1\/1\] js-fix-add +solved \(try 1\)/);
    expect(await hashTree(suite)).toBe(before);
  });

  it('a cheat that empties the visible test does not pass: the grader restores it first', async () => {
    await addFixTask();
    const cheat = { name: 'write_file', args: { path: 'test.js', content: '' } };
    const { report } = await run(
      {
        turns: [
          { calls: [{ name: 'read_file', args: { path: 'test.js' } }] },
          { calls: [cheat] },
          { text: 'Done.' },
        ],
      },
      { tries: 1 },
    );
    expect(report.repeats[0]![0]).toMatchObject({ status: 'failed', solvedOnTry: null });
  });

  it('a symlink planted on the path of a visible test fails the try and never reaches the task folder', async () => {
    await addFixTask();
    const before = await hashTree(suite);
    // The agent swaps test.js for a link to the task's own copy, then "fixes" nothing.
    const plant = {
      name: 'run_command',
      args: { command: `rm test.js && ln -s ${path.join(suite, 'js-fix-add/files/test.js')} test.js` },
    };
    const { report } = await run({ turns: [{ calls: [plant] }, { text: 'Done.' }] }, { tries: 1 });
    const task = report.repeats[0]![0]!;
    expect(task.status).toBe('failed');
    expect(task.tries[0]!.grade.output).toMatch(/Not graded: test\.js in the work copy is a symbolic link/);
    expect(await hashTree(suite)).toBe(before);
  });

  it('the second try gets the grader output back and can pass (pass@2)', async () => {
    await addFixTask();
    const seen: string[] = [];
    const scripted = new ScriptedModel(
      {
        turns: [
          // Try 1 special-cases the visible test: its check passes, the hidden grader does not.
          { calls: [fixCalls[0]!] },
          {
            calls: [
              {
                name: 'edit_file',
                args: { path: 'math.js', old_text: 'return a - b;', new_text: 'return 5;' },
              },
            ],
          },
          { text: 'Fixed.' },
          { calls: [fixCalls[0]!] },
          {
            calls: [
              {
                name: 'edit_file',
                args: { path: 'math.js', old_text: 'return 5;', new_text: 'return a + b;' },
              },
            ],
          },
          { text: 'Fixed now.' },
        ],
      },
      'script',
      8192,
    );
    const spy = Object.assign(Object.create(scripted) as ScriptedModel, {
      turn: (req: TurnRequest) => {
        const first = req.messages[1];
        if (first?.role === 'user') seen.push(first.content);
        return scripted.turn(req);
      },
    });
    const { report } = await run({ turns: [] }, { model: spy });
    const task = report.repeats[0]![0]!;
    expect(task).toMatchObject({ status: 'solved', solvedOnTry: 2 });
    expect(task.tries).toHaveLength(2);
    expect(seen.at(-1)).toMatch(/A first attempt at this did not pass the checks/);
    expect(seen.at(-1)).toContain('add(-4, 10) should be 6');
    expect(report.total).toMatchObject({ pass1: 0, pass2: 1 });
  });

  it('a question task is graded on the final answer, and fails when it changed files', async () => {
    await addQuestionTask();
    const good = await run(
      { turns: [{ calls: [fixCalls[0]!] }, { text: 'add() returns a - b, so it subtracts.' }] },
      { tries: 1 },
    );
    expect(good.report.repeats[0]![0]).toMatchObject({ status: 'solved' });
    const meddled = await run(
      { turns: [{ calls: [fixCalls[0]!] }, { calls: [fixCalls[1]!] }, { text: 'It subtracts (a - b).' }] },
      { tries: 1 },
    );
    const task = meddled.report.repeats[0]![0]!;
    expect(task.status).toBe('failed');
    expect(task.tries[0]!.grade.output).toMatch(/must change nothing.*math\.js/);
  });

  it('malformed tasks are reported with what is wrong, and the suite goes on', async () => {
    await addFixTask('z-good');
    await writeTree(path.join(suite, 'a-no-instruction'), {
      'task.json': JSON.stringify({
        instruction: ' ',
        level: 'one-line',
        language: 'javascript',
        kind: 'change',
        grade: 'true',
      }),
      'files/x.js': '',
      'grader/g.mjs': '',
    });
    await writeTree(path.join(suite, 'b-no-grader'), {
      'task.json': JSON.stringify({
        instruction: 'Fix it.',
        level: 'one-line',
        language: 'javascript',
        kind: 'change',
        grade: 'true',
      }),
      'files/x.js': '',
    });
    await writeTree(path.join(suite, 'c-hangs'), {
      'task.json': JSON.stringify({
        instruction: 'Fix it.',
        level: 'one-line',
        language: 'javascript',
        kind: 'change',
        grade: 'sleep 30',
        timeoutSec: 1,
      }),
      'files/x.js': '',
      'grader/g.mjs': '',
    });
    await writeTree(path.join(suite, 'd-not-json'), {
      'task.json': '{ nope',
      'files/x.js': '',
      'grader/g.mjs': '',
    });
    // c-hangs runs (its grader hangs afterwards): it takes the first turn; z-good the rest.
    const script = {
      turns: [{ text: 'No.' }, { calls: [fixCalls[0]!] }, { calls: [fixCalls[1]!] }, { text: 'Fixed.' }],
    };
    const { report, lines } = await run(script, { tries: 1 });
    const byId = Object.fromEntries(report.repeats[0]!.map((t) => [t.id, t]));
    expect(byId['a-no-instruction']).toMatchObject({
      status: 'malformed',
      error: expect.stringMatching(/instruction: instruction is empty/),
    });
    expect(byId['b-no-grader']).toMatchObject({
      status: 'malformed',
      error: expect.stringMatching(/no grader\/ folder/),
    });
    expect(byId['c-hangs']).toMatchObject({
      status: 'malformed',
      error: expect.stringMatching(/ran past its limit of 1 s/),
    });
    expect(byId['d-not-json']).toMatchObject({
      status: 'malformed',
      error: expect.stringMatching(/not valid JSON/),
    });
    expect(byId['z-good']).toMatchObject({ status: 'solved' });
    // The hanging grader's task was tried: it counts, unsolved, in the pass rate.
    expect(report.total).toMatchObject({ tasks: 5, malformed: 4, tried: 2, solved1: 1, pass1: 0.5 });
    expect(lines.filter((l) => l.includes('MALFORMED'))).toHaveLength(4);
    const md = reportMarkdown(report);
    expect(md).toContain('| all | 2 (4 malformed) | 50.0% | 50.0% |');
    expect(md).toMatch(/\| c-hangs \| one-line \| malformed: The grader ran past its limit/);
  }, 60_000);

  it("a suite's _shared/ helpers reach every grader, and _ folders are not tasks", async () => {
    await addFixTask();
    await writeTree(path.join(suite, '_shared'), {
      'check-add.mjs':
        "import assert from 'node:assert/strict';\nexport async function checkAdd() {\n" +
        "  const { add } = await import('../math.js');\n  assert.equal(add(-4, 10), 6);\n}\n",
    });
    // The task's grader uses the shared helper instead of its own hidden test.
    await writeFile(
      path.join(suite, 'js-fix-add', 'grader', 'grade.mjs'),
      "import { checkAdd } from './check-add.mjs';\nawait checkAdd();\nconsole.log('shared ok');\n",
    );
    expect((await loadSuite(suite)).map((t) => (t.ok ? t.task.id : t.malformed.id))).toEqual(['js-fix-add']);
    const { report } = await run(
      { turns: [{ calls: [fixCalls[0]!] }, { calls: [fixCalls[1]!] }, { text: 'Fixed.' }] },
      { tries: 1 },
    );
    expect(report.repeats[0]![0]).toMatchObject({ id: 'js-fix-add', status: 'solved' });
  }, 60_000);

  it('a cancel mid-task leaves that task out, marks the report cancelled and removes the temp copy', async () => {
    await addFixTask('a-fix');
    await addFixTask('b-fix');
    const controller = new AbortController();
    const scripted = new ScriptedModel(
      { turns: [{ calls: [fixCalls[0]!] }, { calls: [fixCalls[1]!] }, { text: 'Fixed.' }] },
      'script',
      8192,
    );
    let turns = 0;
    const tempsBefore = (await readdir(os.tmpdir())).filter((n) => n.startsWith('lc-eval-b-fix-'));
    // The person presses Ctrl-C during the second task's first turn.
    const model = {
      id: scripted.id,
      contextSize: scripted.contextSize,
      turn: async (request: TurnRequest) => {
        if (++turns === 4) {
          controller.abort();
          return { text: '', toolCalls: [], finishReason: 'cancelled' as const, stats: emptyStats() };
        }
        return scripted.turn(request);
      },
      dispose: () => scripted.dispose(),
    };
    const report = await runSuite({
      model,
      tasks: await loadSuite(suite),
      repeat: 1,
      maxSteps: 8,
      timeLimitSec: 60,
      tries: 1,
      toolChoice: 'auto',
      features: {},
      sandbox: null,
      signal: controller.signal,
      record: { model: model.id, contextSize: model.contextSize, suite, sandboxed: false },
    });
    expect(report.cancelled).toEqual({ finished: 1, planned: 2 });
    expect(report.repeats[0]!.map((t) => t.id)).toEqual(['a-fix']);
    expect(report.total).toMatchObject({ tasks: 1, solved1: 1 });
    expect(reportMarkdown(report)).toContain('**Cancelled** after 1 of 2 task runs');
    const tempsAfter = (await readdir(os.tmpdir())).filter((n) => n.startsWith('lc-eval-b-fix-'));
    expect(tempsAfter).toEqual(tempsBefore);
  }, 60_000);

  it('validation passes a good task and catches a task that is already solved', async () => {
    await addFixTask();
    await writeTree(path.join(suite, 'already-solved'), {
      'task.json': JSON.stringify({
        instruction: 'Fix add.',
        level: 'one-line',
        language: 'javascript',
        kind: 'change',
        grade: 'node .grader/grade.mjs',
        visibleTests: ['test.js'],
      }),
      'files/math.js': MATH_FIXED,
      'files/test.js': VISIBLE,
      'files/package.json': '{"type":"module"}',
      'grader/grade.mjs': GRADER,
      'solution/math.js': MATH_FIXED,
    });
    const sandbox = await detectSandbox();
    const results = await validateSuite(await loadSuite(suite), sandbox.available ? sandbox : null);
    expect(results.find((r) => r.id === 'js-fix-add')).toMatchObject({ ok: true });
    const bad = results.find((r) => r.id === 'already-solved')!;
    expect(bad.ok).toBe(false);
    expect(bad.checks.find((c) => c.name === 'starting files fail')).toMatchObject({ ok: false });
  });

  it('compares reports: totals side by side and the tasks whose outcome differs', async () => {
    await addFixTask();
    const a = (await run({ turns: [{ text: 'No.' }] }, { tries: 1 })).report;
    const b = (
      await run(
        { turns: [{ calls: [fixCalls[0]!] }, { calls: [fixCalls[1]!] }, { text: 'Fixed.' }] },
        { tries: 1 },
      )
    ).report;
    const md = compareMarkdown([a, b], ['a.json', 'b.json']);
    expect(md).toContain('| pass@1 | 0.0% (0) | 100.0% (1) |');
    expect(md).toContain('| js-fix-add | failed | solved (try 1) |');
    // Three or more: one column each (an ablation table); a run without the forced first call says so.
    const c = { ...b, settings: { ...b.settings, toolChoice: 'auto' as const } };
    const three = compareMarkdown([a, b, c], ['a.json', 'b.json', 'c.json']);
    expect(three).toContain('| pass@1 | 0.0% (0) | 100.0% (1) | 100.0% (1) |');
    expect(three).toContain('| js-fix-add | failed | solved (try 1) | solved (try 1) |');
    expect(three).toMatch(/^C: c\.json: .*features off: firstCall$/m);
  });
});
