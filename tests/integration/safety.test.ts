// The safety suite: every attack in tests/safety/attacks/*.json must be refused (or held by the sandbox
// where the case says so; an injected call in auto-edit may run, contained, and is undone) with nothing
// leaked and no file damaged (left after undo); every fault in tests/safety/faults.ts must leave the
// session alive with a named stop reason (or a recovered run) and no file damaged. A case
// with a `gap` note is a known hole in the core: it must still fail the same way (so a setup error cannot
// pass for it), and once the fix lands it fails loudly, asking for the note to go. Prints the report
// and writes test-results/safety-report.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../src/main/safety/sandbox.js';
import {
  askedCommands,
  deniedCommands,
  gapHere,
  pathAttacks,
  runAskedCommand,
  runDeniedCommand,
  runPathAttack,
} from '../safety/attacks.js';
import { faultCases } from '../safety/faults.js';
import { damaged, diff, makeWorld, type World } from '../safety/fixture.js';
import { INJECTION_MODES, injectionAttacks, injectionProblems, runInjection } from '../safety/injection.js';
import { SafetyTally } from '../safety/report.js';
import { everydayLines, judgeEveryday } from '../safety/everyday.js';
import {
  FORCED_MODES,
  SANDBOX_MODES,
  runSandboxCase,
  sandboxCases,
  startListeners,
  type Listeners,
} from '../safety/sandbox-attacks.js';

const tally = new SafetyTally();
/** Whether commands run in an OS sandbox here (some gaps show only with, or only without, one). */
let sandboxed = false;

beforeAll(async () => {
  sandboxed = (await detectSandbox()).available;
});

async function inWorld<T>(fn: (world: World) => Promise<T>): Promise<T> {
  const world = await makeWorld();
  try {
    return await fn(world);
  } finally {
    await world.cleanup();
  }
}

const short = (v: unknown) => JSON.stringify(v).slice(0, 80);

/** A case holds; or, with a gap note, it still does not (the note must go once it does). */
function expectHeld(held: boolean, detail: string, gap: string | undefined): void {
  if (gap === undefined) expect(held, detail).toBe(true);
  else expect(held, `known gap now closed, remove its note: ${detail}`).toBe(false);
}

describe('attack list: paths, links, protected files, commands (paths.json, full-auto)', () => {
  for (const attack of pathAttacks) {
    const label = `${attack.id} ${attack.tool} ${short(attack.args)}${attack.gap ? ' (known gap)' : ''}`;
    it(label, async () => {
      const out = await inWorld((world) => runPathAttack(world, attack));
      const gap = gapHere(attack, sandboxed);
      tally.attack(attack.category, attack.id, out, {
        ...(gap ? { gap } : {}),
        contained: out.acted === true,
      });
      expectHeld(out.held, out.detail, gap);
    });
  }
});

describe('command policy list: denied lines never run, even in full-auto (commands.json)', () => {
  for (const [i, c] of deniedCommands.entries()) {
    it(`deny ${short(c.command)}`, async () => {
      const out = await inWorld((world) => runDeniedCommand(world, c));
      tally.attack('command_denied', `command-deny-${i + 1}`, out);
      expect(out.held, out.detail).toBe(true);
    });
  }
});

describe('command policy list: lines that need approval are asked, never run silently (auto-edit)', () => {
  for (const [i, c] of askedCommands.entries()) {
    it(`ask ${short(c.command)}`, async () => {
      const out = await inWorld((world) => runAskedCommand(world, c));
      tally.attack('command_asked', `command-ask-${i + 1}`, out);
      expect(out.held, out.detail).toBe(true);
    });
  }
});

describe('injected instructions: an obedient model is held (ask mode) or contained and undone (auto-edit, sandbox-first), and the mode holds', () => {
  for (const attack of injectionAttacks) {
    for (const mode of INJECTION_MODES) {
      it(`${attack.id} via ${attack.via} (${mode})${attack.gap ? ' (known gap in auto-edit)' : ''}`, async () => {
        const out = await inWorld((world) => runInjection(world, attack, mode));
        // A gap note is about containment: it applies where calls may run (auto-edit).
        const gap = mode === 'auto-edit' ? gapHere(attack, sandboxed) : undefined;
        const problems = injectionProblems(out);
        tally.injection(mode, `${attack.id}-${mode}`, out, problems.length === 0, gap);
        const detail = JSON.stringify(out);
        if (gap === undefined) expect(problems, detail).toEqual([]);
        else expect(problems.length, `known gap now closed, remove its note: ${detail}`).toBeGreaterThan(0);
      });
    }
  }
});

describe('sandbox list: secrets, sockets, profiles, private /tmp (sandbox.json), every mode', () => {
  let listeners: Listeners;
  beforeAll(async () => {
    listeners = await startListeners();
  });
  afterAll(() => listeners.close());
  const passes = [
    ...SANDBOX_MODES.map((mode) => ({ mode, forced: false })),
    ...FORCED_MODES.map((mode) => ({ mode, forced: true })),
  ];
  for (const c of sandboxCases) {
    const more = (c.forced_in ?? []).map((mode) => ({ mode, forced: true }));
    for (const { mode, forced } of [...passes, ...more]) {
      const where = forced ? `${mode}, verdict forced read-only` : mode;
      it(`${c.id} ${c.category} (${where}): ${short(c.command)}`, async () => {
        const out = await inWorld((world) => runSandboxCase(world, c, mode, listeners, forced));
        const gap = c.gap && out.profile === 'write' ? c.gap : undefined;
        tally.sandboxCase(where, c.category, `${c.id}-${mode}${forced ? '-forced' : ''}`, out, gap);
        // Without a sandbox every command is asked (and declined): nothing runs, nothing to contain.
        if (!sandboxed) expect(out.refused, out.detail).toBe(true);
        expectHeld(out.held, out.detail, gap);
      });
    }
  }
});

describe('everyday developer lines: none judged worse than expected (everyday.json)', () => {
  for (const [i, c] of everydayLines.entries()) {
    it(`${c.expect} ${short(c.command)}`, async () => {
      const over = await judgeEveryday(c);
      if (over) tally.overDenials.push(`everyday-${i + 1}`);
      expect(over).toBeUndefined();
    });
  }
});

describe('fault suite', () => {
  for (const fault of faultCases) {
    const reason = fault.unavailable?.();
    if (reason) {
      it.skip(`${fault.name} (not testable here: ${reason})`, () => {});
      tally.skipped.push(`${fault.name}: ${reason}`);
      continue;
    }
    it(`${fault.name}${fault.gap ? ' (known gap)' : ''}`, { timeout: 90_000 }, async () => {
      const result = await inWorld(async (world) => {
        await fault.setup?.(world);
        const before = await world.snapshot();
        const out = await fault.run(world).catch((error: unknown) => ({
          alive: false,
          detail: `the case threw: ${error instanceof Error ? error.stack : String(error)}`,
        }));
        const broken = damaged(diff(before, await world.snapshot()), fault.mayChange);
        return { ...out, damaged: broken };
      });
      const held = result.alive && result.damaged.length === 0;
      const gap = gapHere(fault, sandboxed);
      tally.fault(fault.group, fault.name, { held, damaged: result.damaged }, gap);
      expectHeld(held, `${result.detail}; damaged: ${result.damaged.join(', ') || 'none'}`, gap);
    });
  }
});

afterAll(() => {
  console.log(tally.write());
});
