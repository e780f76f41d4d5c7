// The eval report: per task and in total, as JSON (everything) and Markdown (for people), and the
// comparison of two reports.
import type { HarnessFeatures } from '../agent/features.js';
import type { TaskResult } from './run-task.js';

export interface EvalSettingsRecord {
  model: string;
  /** An engine model: the server, its context's source, the tool mode and how tokens were counted. */
  servedBy?: string;
  contextSize: number;
  suite: string;
  maxSteps: number;
  timeLimitSec: number;
  tries: number;
  toolChoice: string;
  features: Partial<HarnessFeatures>;
  repeat: number;
  seed?: number;
  temperature?: number;
  sandboxed: boolean;
}

export interface Totals {
  tasks: number;
  malformed: number;
  /** Tasks that ran at least one try: the pass rates' denominator. */
  tried: number;
  /** Share of well-formed tasks solved on the first try, and within two tries (mean over repeats). */
  pass1: number;
  pass2: number;
  solved1: number;
  solved2: number;
  stopReasons: Record<string, number>;
  toolCalls: { total: number; valid: number; invalid: number; writtenAsText: number; failed: number };
  /** valid / total; 1 when no call was made. */
  toolCallValidity: number;
  tokens: { prompt: number; evaluated: number; reused: number; generated: number };
  tokensPerSecond: number;
  time: { wallMs: number; modelMs: number; toolMs: number; checksMs: number; gradeMs: number };
  warnings: Record<string, number>;
}

export interface EvalReport {
  version: 1;
  started: string;
  durationMs: number;
  settings: EvalSettingsRecord;
  /** One list of task results per repeat. */
  repeats: TaskResult[][];
  total: Totals;
  byLevel: Record<string, Totals>;
  byLanguage: Record<string, Totals>;
  /** Set when the run was cancelled (Ctrl-C): the tasks finished before it, of those planned. */
  cancelled?: { finished: number; planned: number };
}

export function summarize(
  settings: EvalSettingsRecord,
  repeats: TaskResult[][],
  started: Date,
  durationMs: number,
): EvalReport {
  const all = repeats.flat();
  const group = (key: (r: TaskResult) => string | undefined): Record<string, Totals> => {
    const keys = [...new Set(all.map(key).filter((k): k is string => k !== undefined))].sort();
    return Object.fromEntries(keys.map((k) => [k, totals(all.filter((r) => key(r) === k))]));
  };
  return {
    version: 1,
    started: started.toISOString(),
    durationMs,
    settings,
    repeats,
    total: totals(all),
    byLevel: group((r) => r.level),
    byLanguage: group((r) => r.language),
  };
}

export function totals(results: readonly TaskResult[]): Totals {
  const t: Totals = {
    tasks: results.length,
    malformed: 0,
    tried: 0,
    pass1: 0,
    pass2: 0,
    solved1: 0,
    solved2: 0,
    stopReasons: {},
    toolCalls: { total: 0, valid: 0, invalid: 0, writtenAsText: 0, failed: 0 },
    toolCallValidity: 1,
    tokens: { prompt: 0, evaluated: 0, reused: 0, generated: 0 },
    tokensPerSecond: 0,
    time: { wallMs: 0, modelMs: 0, toolMs: 0, checksMs: 0, gradeMs: 0 },
    warnings: {},
  };
  let genSeconds = 0;
  for (const r of results) {
    if (r.status === 'malformed') t.malformed++;
    if (r.solvedOnTry === 1) t.solved1++;
    if (r.solvedOnTry !== null) t.solved2++;
    for (const attempt of r.tries) {
      const m = attempt.metrics;
      t.stopReasons[m.stopReason] = (t.stopReasons[m.stopReason] ?? 0) + 1;
      for (const k of Object.keys(t.toolCalls) as (keyof Totals['toolCalls'])[])
        t.toolCalls[k] += m.toolCalls[k];
      for (const k of Object.keys(t.tokens) as (keyof Totals['tokens'])[]) t.tokens[k] += m.tokens[k];
      t.time.wallMs += m.time.wallMs;
      t.time.modelMs += m.time.modelMs;
      t.time.toolMs += m.time.toolMs;
      t.time.checksMs += m.time.checksMs;
      t.time.gradeMs += attempt.grade.durationMs;
      if (m.tokensPerSecond > 0) genSeconds += m.tokens.generated / m.tokensPerSecond;
      for (const [code, n] of Object.entries(m.warnings)) t.warnings[code] = (t.warnings[code] ?? 0) + n;
    }
  }
  // Every task that was tried counts: a grader that timed out on model-written code is not solved.
  const graded = results.filter((r) => r.tries.length > 0).length;
  t.tried = graded;
  t.pass1 = graded > 0 ? round3(t.solved1 / graded) : 0;
  t.pass2 = graded > 0 ? round3(t.solved2 / graded) : 0;
  t.toolCallValidity = t.toolCalls.total > 0 ? round3(t.toolCalls.valid / t.toolCalls.total) : 1;
  t.tokensPerSecond = genSeconds > 0 ? Math.round((t.tokens.generated / genSeconds) * 10) / 10 : 0;
  return t;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const counts = (rec: Record<string, number>) =>
  Object.entries(rec)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '-';

function totalsRow(name: string, t: Totals): string {
  const reuse = t.tokens.prompt > 0 ? pct(t.tokens.reused / t.tokens.prompt) : '-';
  return `| ${name} | ${t.tried}${t.malformed > 0 ? ` (${t.malformed} malformed)` : ''} | ${pct(t.pass1)} | ${pct(t.pass2)} | ${pct(t.toolCallValidity)} (${t.toolCalls.invalid} invalid, ${t.toolCalls.writtenAsText} as text) | ${t.tokens.evaluated} / ${reuse} | ${t.tokens.generated} | ${t.tokensPerSecond} | ${counts(t.stopReasons)} |`;
}

const TOTALS_HEAD =
  '| | tasks | pass@1 | pass@2 | valid tool calls | prompt tokens evaluated / reused | generated | tok/s | stop reasons |\n|---|---|---|---|---|---|---|---|---|';

export function reportMarkdown(report: EvalReport): string {
  const s = report.settings;
  const t = report.total;
  const features = Object.entries(s.features)
    .filter(([, on]) => on === false)
    .map(([k]) => k);
  const lines = [
    `# Eval: ${s.model} (${s.contextSize}-token window)`,
    '',
    ...(s.servedBy ? [`Served by ${s.servedBy}.`, ''] : []),
    ...(report.cancelled
      ? [
          `**Cancelled** after ${report.cancelled.finished} of ${report.cancelled.planned} task runs; the figures cover those only.`,
          '',
        ]
      : []),
    `${report.started}, ${secs(report.durationMs)}. Suite ${s.suite}; ${s.maxSteps} steps and ${s.timeLimitSec} s a try, ${s.tries} ${s.tries === 1 ? 'try' : 'tries'}, tool choice ${s.toolChoice}, ${s.repeat} repeat(s)${s.seed !== undefined ? `, seed ${s.seed}` : ''}${s.temperature !== undefined ? `, temperature ${s.temperature}` : ''}; ${s.sandboxed ? 'sandboxed' : 'NOT sandboxed'}; harness features off: ${features.join(', ') || 'none'}.`,
    '',
    TOTALS_HEAD,
    totalsRow('all', t),
    ...Object.entries(report.byLevel).map(([k, v]) => totalsRow(k, v)),
    ...Object.entries(report.byLanguage).map(([k, v]) => totalsRow(k, v)),
    '',
    `Where the time went: model ${secs(t.time.modelMs)}, tools ${secs(t.time.toolMs)} (project checks ${secs(t.time.checksMs)}), grading ${secs(t.time.gradeMs)}, of ${secs(t.time.wallMs)} in tries. Warnings: ${counts(t.warnings)}.`,
    '',
    '| task | level | result | steps | calls (invalid, as text) | stop | prompt eval / reused | generated | time |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [r, round] of report.repeats.entries()) {
    for (const task of round) {
      const name = report.repeats.length > 1 ? `${task.id} #${r + 1}` : task.id;
      if (task.status === 'malformed') {
        lines.push(
          `| ${name} | ${task.level ?? '?'} | malformed: ${oneLine(task.error ?? '')} | | | | | | |`,
        );
        continue;
      }
      const result = task.status === 'solved' ? `solved (try ${task.solvedOnTry})` : 'failed';
      const each = (f: (x: TaskResult['tries'][number]) => string) => task.tries.map(f).join(' / ');
      lines.push(
        `| ${name} | ${task.level} | ${result} | ${each((x) => String(x.metrics.steps))} | ${each((x) => `${x.metrics.toolCalls.total} (${x.metrics.toolCalls.invalid}, ${x.metrics.toolCalls.writtenAsText})`)} | ${each((x) => x.metrics.stopReason)} | ${each((x) => `${x.metrics.tokens.evaluated} / ${x.metrics.tokens.reused}`)} | ${each((x) => String(x.metrics.tokens.generated))} | ${each((x) => secs(x.metrics.time.wallMs))} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 160);
}

/** The harness features a run switched off; the forced first call counts as one (tool choice auto). */
export function offList(r: EvalReport): string {
  const off = Object.entries(r.settings.features)
    .filter(([, on]) => on === false)
    .map(([k]) => k);
  if (r.settings.toolChoice === 'auto') off.unshift('firstCall');
  return off.join(', ') || 'none';
}
