// The command policy against the attack list (tests/safety/attacks/commands.json): chained and
// substituted commands, dangerous flags, odd characters, and read-only commands that must stay allowed.
// Then the parser's segments and words, and denials too destructive to keep in the list (the safety
// suite runs every denied case of the list for real, in case the policy ever let one through).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeCommand } from '../../../src/main/safety/command-policy.js';
import { loadBashParser, parseCommandLine } from '../../../src/main/safety/command-parse.js';
import type { ParsedLine } from '../../../src/main/safety/command-walk.js';
import { everydayLines, judgeEveryday } from '../../safety/everyday.js';

interface Case {
  command: string;
  expect: 'read_only' | 'ask' | 'deny';
  why: string;
}
const file = path.resolve(__dirname, '../../safety/attacks/commands.json');
const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases;
const root = '/work/project';

async function parsed(line: string): Promise<ParsedLine> {
  const result = await parseCommandLine(line);
  if (!result.ok) throw new Error(result.message);
  return result.line;
}

describe('command policy: attack list', () => {
  it('has enough cases of every verdict', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const v of ['read_only', 'ask', 'deny']) {
      expect(cases.filter((c) => c.expect === v).length).toBeGreaterThan(20);
    }
  });
  for (const c of cases) {
    const label = JSON.stringify(
      c.command.length > 80 ? `${c.command.slice(0, 40)}...${c.command.slice(-30)}` : c.command,
    );
    it(`${c.expect}: ${label} (${c.why})`, async () => {
      const judged = await judgeCommand(c.command, { root });
      expect(judged.verdict, judged.reasons.join('; ')).toBe(c.expect);
      expect(judged.reasons.length).toBeGreaterThan(0);
    });
  }
});

describe('command policy: everyday developer lines (tests/safety/everyday.json)', () => {
  it('judges none of them worse than expected (0 over-denials)', async () => {
    expect(everydayLines.length).toBeGreaterThan(150);
    const overDenied: string[] = [];
    for (const line of everydayLines) {
      const why = await judgeEveryday(line);
      if (why) overDenied.push(`${line.command} -> ${why}`);
    }
    expect(overDenied).toEqual([]);
  });
});

describe('segments', () => {
  it('finds every simple command, substitutions and redirection targets included', async () => {
    const line = await parsed('echo $(rm -rf x) && ls | grep y > out.txt; cat <(date) `whoami` > "$(pwd)"');
    const names = line.commands.map((c) => c.argv[0]?.value);
    expect(names).toEqual(['echo', 'rm', 'ls', 'grep', 'cat', 'date', 'whoami', 'pwd']);
    const grep = line.commands.find((c) => c.argv[0]?.value === 'grep');
    expect(grep?.redirects.map((r) => [r.op, r.target?.value])).toEqual([['>', 'out.txt']]);
    expect(grep?.pipeline?.stage).toBe(1);
    expect(line.commands.find((c) => c.argv[0]?.value === 'rm')?.parent).toBe(0);
  });

  it('finds commands in assignments, conditions, loops, functions and here-documents', async () => {
    const line = await parsed(
      'X=$(a1) b1; if [ -f x ]; then c1; fi; for f in $(d1); do e1; done; g() { h1; }; cat <<EOF\n$(i1)\nEOF',
    );
    const names = line.commands.map((c) => c.argv[0]?.value).filter((n) => n !== undefined);
    expect(names).toEqual(['b1', 'a1', '[', 'c1', 'd1', 'e1', 'h1', 'cat', 'i1']);
    expect(line.commands.find((c) => c.argv[0]?.value === 'h1')?.inFunction).toBe('g');
    expect(line.commands[0]?.assignments.map((a) => a.name)).toEqual(['X']);
  });

  it('unquotes words the way bash does and marks run-time values as unknown', async () => {
    const line = await parsed(`echo 'a b' "c d" e\\ f "$HOME" x"y"'z' $'\\x41\\n' "$X" $"t"`);
    expect(line.commands[0]?.argv.map((w) => w.value)).toEqual([
      'echo',
      'a b',
      'c d',
      'e f',
      '~',
      'xyz',
      'A\n',
      undefined,
      't',
    ]);
  });

  it('keeps a cd inside its subshell', async () => {
    const line = await parsed('(cd /; ls); pwd');
    const [cd, ls, pwd] = line.commands;
    expect(cd?.scope).toBe(ls?.scope);
    expect(pwd?.scope).toBe(0);
    expect(cd?.scope).not.toBe(0);
  });

  it('refuses what the grammar does not accept, and does not read a quoted here-document', async () => {
    expect((await parseCommandLine('ls "unterminated')).ok).toBe(false);
    const quoted = await parsed("cat <<'EOF'\n$(rm -rf ~)\nEOF");
    expect(quoted.commands.map((c) => c.text)).toEqual(["cat <<'EOF'\n$(rm -rf ~)\nEOF"]);
  });

  it('loads the parser once', async () => {
    expect(await loadBashParser()).toBe(await loadBashParser());
  });

  it('reports the segments and reasons of a judged line, nested command strings included', async () => {
    const judged = await judgeCommand('ls && find . -exec rm {} \\;', { root });
    expect(judged.segments).toEqual(['ls', 'find . -exec rm {} \\;']);
    expect(judged.reasons).toContain('find -exec runs a command');
    const nested = await judgeCommand("bash -c 'ls | wc -l'", { root });
    expect(nested.segments).toEqual(["bash -c 'ls | wc -l'", 'ls', 'wc -l']);
    expect(nested.verdict).toBe('ask');
  });
});

describe('judgements', () => {
  it('names the invisible character it refused', async () => {
    const judged = await judgeCommand('ls\u202e', { root });
    expect(judged).toMatchObject({
      verdict: 'deny',
      reasons: ['contains the invisible or control character U+202E (RIGHT-TO-LEFT OVERRIDE)'],
    });
  });

  it('finds a denied command at the end of a long chain', async () => {
    const judged = await judgeCommand(`${'true && '.repeat(200)}rm -rf /`, { root });
    expect(judged.verdict).toBe('deny');
    expect(judged.segments).toHaveLength(201);
    expect(judged.reasons).toEqual(['rm deletes /, outside the folder']);
  });

  it('checks a 10k-character line', async () => {
    const line = Array.from({ length: 400 }, (_, i) => `grep -n "x${i}" src/f${i}.ts`).join(' | ');
    expect(line.length).toBeGreaterThan(10_000);
    const judged = await judgeCommand(line, { root });
    expect(judged.verdict).toBe('read_only');
    expect(judged.segments).toHaveLength(400);
  });

  it('refuses commands too destructive to keep in the attack list', async () => {
    for (const command of [
      'kill -9 -1',
      'systemctl poweroff',
      'echo x > /dev/sda',
      'dd if=/dev/zero of=/dev/sda',
      'cd ~ && rm -rf *',
      'chmod -R 777 ~',
      'rm -rf "${HOME}"',
    ]) {
      expect((await judgeCommand(command, { root })).verdict, command).toBe('deny');
    }
  });

  it('resolves ~ against the given home', async () => {
    const options = { root: '/home/u/proj', home: '/home/u' };
    expect((await judgeCommand('rm -rf ~/proj/build', options)).verdict).toBe('ask');
    expect((await judgeCommand('rm -rf ~/other', options)).verdict).toBe('deny');
    expect((await judgeCommand('cd ~/proj/src && ls', options)).verdict).toBe('read_only');
  });

  it('says what a read-only line runs', async () => {
    expect(await judgeCommand('ls | wc -l', { root })).toEqual({
      verdict: 'read_only',
      reasons: ['only reads: ls, wc'],
      segments: ['ls', 'wc -l'],
    });
  });
});
