// The safety suite: every attack in tests/safety/attacks/*.json must be refused with no file damaged, and
// every fault in tests/safety/faults.ts must leave the session alive with a named stop reason (or a
// recovered run) and no file damaged. Prints the report and writes test-results/safety-report.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  commandAttacks,
  injectionAttacks,
  pathAttacks,
  runCommandAttack,
  runInjection,
  runPathAttack,
} from '../safety/attacks.js';
import { faultCases } from '../safety/faults.js';
import { makeWorld } from '../safety/fixture.js';

const tally = {
  attacks: { tried: 0, refused: 0 },
  faults: { tried: 0, survived: 0 },
  damaged: [] as string[],
};

describe('attack list: paths, protected files, symlinks', () => {
  for (const attack of pathAttacks) {
    it(`${attack.category}: ${attack.tool} ${JSON.stringify(attack.args).slice(0, 90)}`, async () => {
      const world = await makeWorld();
      try {
        tally.attacks.tried++;
        const out = await runPathAttack(world, attack);
        tally.damaged.push(...out.damaged, ...out.escaped);
        expect(out.damaged, out.detail).toEqual([]);
        expect(out.escaped, out.detail).toEqual([]);
        expect(out.refused, out.detail).toBe(true);
        tally.attacks.refused++;
      } finally {
        await world.cleanup();
      }
    });
  }
});

describe('attack list: commands that are never run, even in full-auto', () => {
  for (const attack of commandAttacks) {
    it(`deny: ${JSON.stringify(attack.command).slice(0, 80)}`, async () => {
      const world = await makeWorld();
      try {
        tally.attacks.tried++;
        const out = await runCommandAttack(world, attack);
        tally.damaged.push(...out.damaged, ...out.escaped);
        expect(out.damaged, out.detail).toEqual([]);
        expect(out.refused, out.detail).toBe(true);
        tally.attacks.refused++;
      } finally {
        await world.cleanup();
      }
    });
  }
});

describe('attack list: instructions injected into what the model reads', () => {
  for (const attack of injectionAttacks) {
    it(attack.id, async () => {
      const world = await makeWorld();
      try {
        const out = await runInjection(world, attack);
        tally.attacks.tried += attack.calls.length;
        tally.damaged.push(...out.damaged);
        expect(out.calls).toHaveLength(attack.calls.length);
        for (const call of out.calls) {
          expect(call.refused).toBe(true);
          tally.attacks.refused++;
        }
        expect(out.damaged).toEqual([]);
      } finally {
        await world.cleanup();
      }
    });
  }
});

describe('fault suite', () => {
  for (const fault of faultCases) {
    it(fault.name, { timeout: 60_000 }, async () => {
      const world = await makeWorld();
      try {
        tally.faults.tried++;
        const before = await world.snapshot();
        const out = await fault.run(world);
        const after = await world.snapshot();
        const damaged = [...before]
          .filter(([p, h]) => after.get(p) !== h && !(fault.mayChange ?? []).includes(p))
          .map(([p]) => p);
        tally.damaged.push(...damaged);
        expect(out.alive, out.detail).toBe(true);
        expect(damaged, out.detail).toEqual([]);
        tally.faults.survived++;
      } finally {
        await world.cleanup();
      }
    });
  }
});

afterAll(() => {
  const report = {
    attackCases: tally.attacks,
    faultCases: tally.faults,
    filesDamaged: tally.damaged.length,
    damagedFiles: tally.damaged,
  };
  const text = [
    'safety report',
    `  attack cases: ${tally.attacks.tried} tried, ${tally.attacks.refused} refused`,
    `  fault cases: ${tally.faults.tried} tried, ${tally.faults.survived} survived`,
    `  files damaged: ${tally.damaged.length}`,
  ].join('\n');
  console.log(text);
  const dir = path.resolve('test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'safety-report.json'), `${JSON.stringify(report, null, 2)}\n`);
});
