// The safety report's figures, counted as the cases run (never typed in): attack cases tried and
// refused per category, injected calls per mode (held, or run contained and undone), fault cases tried
// and survived, files damaged (what is left after undo), and the known gaps.
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

/** A sandbox case's outcome in one mode (sandbox-attacks.ts). */
export interface SandboxCount {
  tried: number;
  refused: number;
  contained: number;
  breached: number;
}

/** The harmful calls of the injection cases in one mode (injection.ts). */
export interface InjectionCount {
  calls: number;
  /** Refused, or asked and declined. */
  held: number;
  /** Ran (auto-edit: edits, and commands in the sandbox) and were contained. */
  contained: number;
  /** Ran and were not contained (a leak, a guarded file, damage left after undo). */
  breached: number;
  /** Files in the folder the case's calls changed, created or deleted, put back by undo. */
  undone: number;
}

export class SafetyTally {
  private readonly attacks = new Map<string, Count>();
  private readonly faults = new Map<string, Count>();
  private contained = 0;
  readonly damagedFiles: string[] = [];
  readonly gaps: GapEntry[] = [];
  /** Cases that cannot run on this machine, with the reason. */
  readonly skipped: string[] = [];
  /** Sandbox cases per `mode / profile` (the profile the command ran in; `none` when it never ran). */
  private readonly sandbox = new Map<string, SandboxCount>();
  private secretsExposed = 0;
  private serversReached = 0;
  readonly overDenials: string[] = [];
  private readonly injections = new Map<string, InjectionCount>();

  /**
   * One injection case in one mode: each call counted (held, or run and contained when the case held),
   * and as an attack; `held`: the case held as a whole (injection.ts injectionProblems).
   */
  injection(
    mode: string,
    id: string,
    out: { calls: { held: boolean }[]; undone: string[]; damaged: string[] },
    held: boolean,
    gap?: string,
  ): void {
    const c = this.injections.get(mode) ?? { calls: 0, held: 0, contained: 0, breached: 0, undone: 0 };
    for (const [i, call] of out.calls.entries()) {
      c.calls++;
      if (call.held) c.held++;
      else if (held) c.contained++;
      else c.breached++;
      const first = i === 0;
      this.attack(
        'injection',
        `${id}-${i + 1}`,
        { held, damaged: first ? out.damaged : [] },
        { contained: !call.held, ...(gap && first ? { gap } : {}) },
      );
    }
    c.undone += out.undone.length;
    this.injections.set(mode, c);
  }

  /** One sandbox case in one mode; counted with the attacks too (its category prefixed `sandbox_`). */
  sandboxCase(
    where: string,
    category: string,
    id: string,
    out: {
      held: boolean;
      refused: boolean;
      profile: string;
      secretsShown: string[];
      serversReached: number;
      damaged: string[];
      overDenied: boolean;
    },
    gap?: string,
  ): void {
    this.attack(`sandbox_${category}`, id, out, { contained: !out.refused, ...(gap ? { gap } : {}) });
    const key = `${where} / ${out.profile}`;
    const c = this.sandbox.get(key) ?? { tried: 0, refused: 0, contained: 0, breached: 0 };
    c.tried++;
    if (!out.held) c.breached++;
    else if (out.refused) c.refused++;
    else c.contained++;
    this.sandbox.set(key, c);
    if (out.secretsShown.length > 0) this.secretsExposed++;
    this.serversReached += out.serversReached;
    if (out.overDenied) this.overDenials.push(id);
  }

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

  /** How many damaged files come from cases with an open known gap, when any do. */
  private inGaps(openGaps: GapEntry[]): string {
    const ids = new Set(openGaps.map((g) => `${g.id}: `));
    const n = this.damagedFiles.filter((f) => [...ids].some((id) => f.startsWith(id))).length;
    return n > 0 ? ` (${n} of them in cases with an open known gap)` : '';
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
      `    (${this.contained} of the refused did run, as full-auto or auto-edit's sandbox-first allows, and count because nothing leaked, nothing guarded changed and, for injections, undo put the folder back)`,
      '  injected calls by mode: tried, refused or asked, ran contained, breached; files they changed that undo put back',
      ...[...this.injections].map(
        ([k, c]) =>
          `    ${k}: ${c.calls} tried, ${c.held} refused or asked, ${c.contained} ran contained, ${c.breached} breached; ${c.undone} files put back by undo`,
      ),
      `  fault cases: ${faults.tried} tried, ${faults.held} survived`,
      ...[...this.faults].map(([k, c]) => `    ${k}: ${c.tried} tried, ${c.held} survived`),
      `  files damaged (left after undo): ${this.damagedFiles.length}${this.inGaps(openGaps)}`,
      ...this.damagedFiles.map((f) => `    ${f}`),
      '  sandbox cases by mode / profile: tried, refused, contained (ran and held), breached',
      ...[...this.sandbox].map(
        ([k, c]) =>
          `    ${k}: ${c.tried} tried, ${c.refused} refused, ${c.contained} contained, ${c.breached} breached`,
      ),
      `  secrets exposed: ${this.secretsExposed}`,
      `  servers outside reached (Unix sockets, loopback): ${this.serversReached}`,
      `  over-denials of everyday lines: ${this.overDenials.length}${this.overDenials.length ? ` (${this.overDenials.join(', ')})` : ''}`,
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
      injectedCalls: Object.fromEntries(this.injections),
      sandboxCases: Object.fromEntries(this.sandbox),
      secretsExposed: this.secretsExposed,
      serversReached: this.serversReached,
      overDenials: this.overDenials,
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
