// The command policy against the attack list (tests/safety/attacks/commands.json): chained and
// substituted commands, dangerous flags, odd characters, and read-only commands that must stay allowed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCommand } from '../../../src/main/safety/command-policy.js';
import { parseCommandLine } from '../../../src/main/safety/command-parse.js';

interface Case {
  command: string;
  expect: 'read_only' | 'ask' | 'deny';
  why: string;
}
const file = path.resolve(__dirname, '../../safety/attacks/commands.json');
const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases;
const root = '/work/project';

describe('command policy: attack list', () => {
  it('has cases of every verdict', () => {
    for (const v of ['read_only', 'ask', 'deny'])
      expect(cases.filter((c) => c.expect === v).length).toBeGreaterThan(20);
  });
  for (const c of cases) {
    const label = JSON.stringify(
      c.command.length > 80 ? `${c.command.slice(0, 40)}...${c.command.slice(-30)}` : c.command,
    );
    it(`${c.expect}: ${label} (${c.why})`, async () => {
      const judged = await judgeCommand(c.command, { root });
      expect(judged.verdict, judged.reasons.join('; ')).toBe(c.expect);
      if (c.expect !== 'read_only') expect(judged.reasons.length).toBeGreaterThan(0);
    });
  }
});

describe('segments', () => {
  it('finds every simple command, substitutions and redirection targets included', async () => {
    const parsed = await parseCommandLine('echo $(rm -rf x) && ls | grep y > out.txt; cat <(date) `whoami`');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const names = parsed.commands.map((c) => c.words[0]);
    expect(names).toEqual(expect.arrayContaining(['echo', 'rm', 'ls', 'grep', 'cat', 'date', 'whoami']));
    const grep = parsed.commands.find((c) => c.words[0] === 'grep');
    expect(grep?.redirects).toContainEqual({ op: '>', target: 'out.txt' });
  });

  it('unquotes words the way bash does and marks run-time values as unknown', async () => {
    const parsed = await parseCommandLine(`echo 'a b' "c d" e\\ f "$HOME" x"y"'z'`);
    expect(parsed.ok && parsed.commands[0]?.words).toEqual(['echo', 'a b', 'c d', 'e f', null, 'xyz']);
  });

  it('reports the segments and reasons of a judged line', async () => {
    const judged = await judgeCommand('ls && find . -exec rm {} \\;', { root });
    expect(judged.segments).toEqual(['ls', 'find . -exec rm {} \\;']);
    expect(judged.reasons).toContain('find -exec runs a command');
  });

  it('names the invisible character it refused', async () => {
    const judged = await judgeCommand('ls\u202e', { root });
    expect(judged).toMatchObject({
      verdict: 'deny',
      reasons: ['contains the invisible or control character U+202E'],
    });
  });
});
