// The safety report's figures, counted as the cases run (never typed in): attack cases tried and
// refused per category, fault cases tried and survived, files damaged, and the known gaps.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Count {
  tried: number;
  held: number;
}

export interface GapEntry {
  id: string;
  kind: 'attack' | 'fault';
  /** Whether the case held anyway (then the gap is closed and the case's gap note should go). */
  held: boolean;
  gap: string;
}

export class SafetyTally {
  private readonly attacks = new Map<string, Count>();
  private readonly faults = new Map<string, Count>();
  private contained = 0;
  readonly damagedFiles: string[] = [];
  readonly gaps: GapEntry[] = [];
  /** Cases that cannot run on this machine, with the reason. */
  readonly skipped: string[] = [];

  /** One attack case; `contained`: allowed to act, it held because nothing guarded changed (sandbox, atomic replace). */
  attack(
    category: string,
    id: string,
    out: { held: boolean; damaged: string[] },
    extra: { gap?: string; contained?: boolean } = {},
  ): void {
    this.count(this.attacks, category, out.held);
    if (out.held && extra.contained) this.contained++;
    this.record(id, 'attack', out, extra.gap);
  }

  fault(group: string, id: string, out: { held: boolean; damaged: string[] }, gap?: string): void {
    this.count(this.faults, group, out.held);
    this.record(id, 'fault', out, gap);
  }

  private count(map: Map<string, Count>, key: string, held: boolean): void {
    const c = map.get(key) ?? { tried: 0, held: 0 };
    c.tried++;
    if (held) c.held++;
    map.set(key, c);
  }

  private record(
    id: string,
    kind: 'attack' | 'fault',
    out: { held: boolean; damaged: string[] },
    gap?: string,
  ) {
    this.damagedFiles.push(...out.damaged.map((p) => `${id}: ${p}`));
    if (gap) this.gaps.push({ id, kind, held: out.held, gap });
  }

  report(): { text: string; json: unknown } {
    const sum = (m: Map<string, Count>) =>
      [...m.values()].reduce((a, c) => ({ tried: a.tried + c.tried, held: a.held + c.held }), {
        tried: 0,
        held: 0,
      });
    const attacks = sum(this.attacks);
    const faults = sum(this.faults);
    const openGaps = this.gaps.filter((g) => !g.held);
    const lines = [
      'safety report',
      `  attack cases: ${attacks.tried} tried, ${attacks.held} refused`,
      ...[...this.attacks].map(([k, c]) => `    ${k}: ${c.tried} tried, ${c.held} refused`),
      `    (${this.contained} of the refused did run, as full-auto allows, and count because nothing leaked and nothing guarded changed)`,
      `  fault cases: ${faults.tried} tried, ${faults.held} survived`,
      ...[...this.faults].map(([k, c]) => `    ${k}: ${c.tried} tried, ${c.held} survived`),
      `  files damaged: ${this.damagedFiles.length}`,
      ...this.damagedFiles.map((f) => `    ${f}`),
      ...(this.skipped.length ? [`  skipped (not testable here): ${this.skipped.join('; ')}`] : []),
      `  known gaps still open: ${openGaps.length}${openGaps.length ? ` (${openGaps.map((g) => g.id).join(', ')})` : ''}`,
    ];
    const json = {
      attackCases: {
        ...renamed(attacks, 'refused'),
        ranButHeld: this.contained,
        byCategory: object(this.attacks, 'refused'),
      },
      faultCases: { ...renamed(faults, 'survived'), byGroup: object(this.faults, 'survived') },
      filesDamaged: this.damagedFiles.length,
      damagedFiles: this.damagedFiles,
      knownGaps: this.gaps,
      skipped: this.skipped,
    };
    return { text: lines.join('\n'), json };
  }

  /** Prints the report and writes it to test-results/safety-report.json. */
  write(): string {
    const { text, json } = this.report();
    const dir = path.resolve('test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'safety-report.json'), `${JSON.stringify(json, null, 2)}\n`);
    return text;
  }
}

function renamed(c: Count, heldName: string): Record<string, number> {
  return { tried: c.tried, [heldName]: c.held };
}

function object(m: Map<string, Count>, heldName: string): Record<string, Record<string, number>> {
  return Object.fromEntries([...m].map(([k, c]) => [k, renamed(c, heldName)]));
}
