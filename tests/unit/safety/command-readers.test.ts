// The readers under the command policy: exact option lists (getopt's clusters and values, no GNU
// abbreviations), bash's here-document delimiters, awk programs, and the environment that keeps a git
// started on a read-only verdict from running programs (checked against a real git in a temp folder,
// with a hook that only touches a marker file there).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { optionTable, scanOptions } from '../../../src/main/safety/command-options.js';
import type { ShellWord } from '../../../src/main/safety/command-words.js';
import { bashDelimiter } from '../../../src/main/safety/command-heredoc.js';
import { awkProgramRisk } from '../../../src/main/safety/awk-program.js';
import { safeGitEnv } from '../../../src/main/safety/command-git.js';
import { judgeCommand } from '../../../src/main/safety/command-policy.js';

const root = '/work/project';
const ctx = { root, home: '/home/u', cwd: root };
const words = (...values: string[]): ShellWord[] =>
  values.map((v) => ({ text: v, value: v, pattern: v.replace(/[\s\S]/g, (c) => `\\${c}`), split: false }));

describe('option scanner', () => {
  const table = optionTable('-a -n= -i=? --all --lines= --color=? -#');
  const scan = (...args: string[]) => scanOptions(words(...args), { name: 'x', table, ctx });

  it('reads clusters, attached and separate values, and -NUM', () => {
    const s = scan('-an5', '-n', '3', '--lines=2', '--lines', '1', '-20', 'file', '--', '-z');
    expect(s.findings).toEqual([]);
    expect(s.operands.map((w) => w.value)).toEqual(['file', '-z']);
    expect(s.given.map((g) => [g.option, g.value?.value])).toEqual([
      ['-a', undefined],
      ['-n', '5'],
      ['-n', '3'],
      ['--lines', '2'],
      ['--lines', '1'],
      ['-#', '20'],
    ]);
  });

  it('takes an optional value only when attached, so the next word is still checked', () => {
    const s = scan('-i', '--output=x', '--color', 'f');
    expect(s.findings.map((f) => f.reason)).toEqual(['x --output is not a known read-only option']);
  });

  it('refuses abbreviations, unknown options and flags given a value', () => {
    for (const bad of ['--al', '--line=3', '--all=1', '-z', '-az']) {
      expect(scan(bad).findings, bad).toHaveLength(1);
    }
  });

  it('stops at the first operand for builtins and wrappers', () => {
    const s = scanOptions(words('-a', 'cmd', '-z'), { name: 'x', table, ctx, stopAtOperand: true });
    expect(s.rest).toBe(1);
    expect(s.findings).toEqual([]);
  });
});

describe("bash's here-document delimiter", () => {
  it('removes quotes the way bash does', () => {
    expect(bashDelimiter('EOF')).toBe('EOF');
    expect(bashDelimiter('E"OF"')).toBe('EOF');
    expect(bashDelimiter("E'OF'")).toBe('EOF');
    expect(bashDelimiter("E$'O'F")).toBe('EOF');
    expect(bashDelimiter("$'\\x45OF'")).toBe('EOF');
    expect(bashDelimiter('\\EOF')).toBe('EOF');
    expect(bashDelimiter('"E\\"F"')).toBe('E"F');
    expect(bashDelimiter('$"EOF"')).toBeUndefined();
    expect(bashDelimiter('E"$X"')).toBeUndefined();
  });

  it('refuses a line whose here-document bash ends elsewhere, and nothing it reads alike', async () => {
    const hidden = [
      'cat <<E"OF"\nx\nEOF\necho hidden\nE"OF"',
      "cat <<E'OF'\nx\nEOF\necho hidden\nE'OF'",
      "cat <<E$'O'F\nx\nEOF\necho hidden\nE$'O'F",
      'cat <<EOF\nx\nEO\\\nF\necho hidden\nEOF',
      'cat <<EOF\nx\nEOF \necho hidden\nEOF',
      // tree-sitter-bash drops a substitution after a body line's leading blanks.
      'cat <<EOF\n$(id)\n\t$(echo hidden)\nEOF',
      'cat <<EOF\n  `echo hidden`\nEOF',
    ];
    for (const line of hidden) expect((await judgeCommand(line, { root })).verdict, line).toBe('deny');
    const alike = [
      "cat <<'EOF'\n$(x)\nEOF",
      'cat <<"EOF"\nx\nEOF',
      'cat <<-EOF\n\tx\n\tEOF',
      'cat <<\\EOF\n`x`\nEOF',
    ];
    for (const line of alike) expect((await judgeCommand(line, { root })).verdict, line).toBe('read_only');
  });
});

describe('awk programs', () => {
  it('tells comparisons, regular expressions and strings from redirections and pipes', () => {
    for (const ok of [
      '{print ($2 > 0 ? "pos" : "neg")}',
      '/a|b/ {print}',
      '{ if ($3 > m) m = $3 } END { print m }',
      'NR % 2 == 0 { print $1 / 2 }',
      '{ print "a > b | c" }',
      'BEGIN { while ((getline l < "f.txt") > 0) n++ }',
      '{ print > "/dev/stderr" }',
      '{ x = a / b / c; print x }',
      '$1 ~ /x\\/y/ { print }',
    ]) {
      expect(awkProgramRisk(ok), ok).toBeUndefined();
    }
    for (const bad of [
      '{ print > "out" }',
      '{ print $1 >> f }',
      '{ printf("%s", $1) > "out" }',
      '{ print | "sh" }',
      'BEGIN { "id" | getline x }',
      'BEGIN { system("id") }',
      'BEGIN { f = "system"; @f("id") }',
      'BEGIN { getline x < ARGV[1] }',
      '/[/]/ { system("id") }',
      '{ print "unterminated }',
    ]) {
      expect(awkProgramRisk(bad), bad).toBeDefined();
    }
  });
});

describe('the environment of a git started on a read-only verdict', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safe-git-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const git = (cwd: string, args: string[], env: NodeJS.ProcessEnv) =>
    execFileSync('git', args, { cwd, env, stdio: 'pipe' }).toString();
  const safe = (): NodeJS.ProcessEnv => {
    const { set, unset } = safeGitEnv();
    const env: NodeJS.ProcessEnv = { ...process.env, ...set };
    for (const k of unset) delete env[k];
    return env;
  };

  it("is only given for the folder's own repository, and not once the session changed it", async () => {
    expect((await judgeCommand('git status', { root })).verdict).toBe('read_only');
    expect((await judgeCommand('git status', { root, untrustedGit: true })).verdict).toBe('ask');
    expect((await judgeCommand('cd sub && git log', { root })).verdict).toBe('ask');
  });

  it('does not run a repository configuration hook (core.fsmonitor)', () => {
    const repo = path.join(dir, 'repo');
    const marker = path.join(dir, 'ran');
    const hook = path.join(dir, 'hook.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(hook, 0o755);
    const plain = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, 'f'), 'a\n');
    git(repo, ['config', 'core.fsmonitor', hook], plain);
    git(repo, ['status', '--short'], plain);
    expect(existsSync(marker), 'the hook runs without the safe environment').toBe(true);
    rmSync(marker);
    git(repo, ['status', '--short'], safe());
    expect(existsSync(marker)).toBe(false);
  });

  // safe.bareRepository is read from git 2.38 on.
  const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(execFileSync('git', ['--version']).toString()) ?? [])
    .slice(1)
    .map(Number);
  it.skipIf(major < 2 || (major === 2 && minor < 38))(
    'does not use a folder that only looks like a bare repository',
    () => {
      const bare = path.join(dir, 'bare');
      execFileSync('git', ['init', '-q', '--bare', bare]);
      expect(() => git(bare, ['rev-parse', '--git-dir'], safe())).toThrow(/bare repository/);
    },
  );
});
