// Everyday developer lines (everyday.json) and how one is judged: the command policy, as it runs with a
// sandbox (a private /tmp), must judge none worse than expected. read_only: runs unasked in every mode;
// ask: never denied, so it runs where the mode runs asked commands unasked (full-auto).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeCommand } from '../../src/main/safety/command-policy.js';

export interface EverydayLine {
  command: string;
  expect: 'read_only' | 'ask';
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const everydayLines = (
  JSON.parse(readFileSync(path.join(here, 'everyday.json'), 'utf8')) as { cases: EverydayLine[] }
).cases;

const RANK = { read_only: 0, ask: 1, deny: 2 } as const;

/** Why the line is over-denied (its verdict and reasons), or undefined when it is judged as expected. */
export async function judgeEveryday(line: EverydayLine): Promise<string | undefined> {
  const judged = await judgeCommand(line.command, { root: '/work/project', privateTmp: true });
  return RANK[judged.verdict] > RANK[line.expect]
    ? `${judged.verdict}: ${judged.reasons.join('; ')}`
    : undefined;
}
