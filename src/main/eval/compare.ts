// Reports side by side (`local-coder eval --compare A B [C...]`): one column per report, the totals,
// then the tasks whose outcome differs. With a baseline first and each other run switching one harness
// feature off, this is the ablation table.
import { counts, offList, pct, secs, type EvalReport, type Totals } from './report.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function compareMarkdown(reports: readonly EvalReport[], names: readonly string[]): string {
  const cols = reports.map((_, i) => LETTERS[i] ?? `#${i + 1}`);
  const table = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const row = (label: string, f: (t: Totals) => string) => table([label, ...reports.map((r) => f(r.total))]);
  const warnings = [...new Set(reports.flatMap((r) => Object.keys(r.total.warnings)))].sort();
  const lines = [
    `# Eval comparison: ${names.join(' vs ')}`,
    '',
    ...reports.map(
      (r, i) =>
        `${cols[i]}: ${names[i]}: ${r.settings.model}, ${r.settings.contextSize} tokens, features off: ${offList(r)}`,
    ),
    '',
    table(['', ...cols]),
    table(['---', ...cols.map(() => '---')]),
    row('tasks tried', (t) => String(t.tried)),
    row('pass@1', (t) => `${pct(t.pass1)} (${t.solved1})`),
    row('pass@2', (t) => `${pct(t.pass2)} (${t.solved2})`),
    row('tool calls', (t) => String(t.toolCalls.total)),
    row('valid tool calls', (t) => pct(t.toolCallValidity)),
    row('calls failed when run', (t) => String(t.toolCalls.failed)),
    row('calls written as text', (t) => String(t.toolCalls.writtenAsText)),
    row('prompt tokens evaluated', (t) => String(t.tokens.evaluated)),
    row('prompt tokens reused', (t) => String(t.tokens.reused)),
    row('tokens generated', (t) => String(t.tokens.generated)),
    row('tokens/s', (t) => String(t.tokensPerSecond)),
    row('time in tries', (t) => secs(t.time.wallMs)),
    row('stop reasons', (t) => counts(t.stopReasons)),
    ...warnings.map((w) => row(`warnings: ${w}`, (t) => String(t.warnings[w] ?? 0))),
    '',
  ];
  // Keyed by task and repeat: with --repeat, each run of a task is its own row.
  const outcomes = reports.map(
    (r) =>
      new Map(
        r.repeats.flatMap((round, i) =>
          round.map((t) => [
            r.repeats.length > 1 ? `${t.id} #${i + 1}` : t.id,
            t.status === 'solved' ? `solved (try ${t.solvedOnTry})` : t.status,
          ]),
        ),
      ),
  );
  const ids = [...new Set(outcomes.flatMap((o) => [...o.keys()]))].sort();
  const differing = ids.filter((id) => new Set(outcomes.map((o) => o.get(id))).size > 1);
  if (differing.length === 0) lines.push('Every task had the same outcome.');
  else lines.push(table(['task', ...cols]), table(['---', ...cols.map(() => '---')]));
  for (const id of differing) lines.push(table([id, ...outcomes.map((o) => o.get(id) ?? '-')]));
  return `${lines.join('\n')}\n`;
}
