// Judges a `bash -c` command line before it runs: every simple command in it, wherever it sits, is
// judged, and the line gets the worst verdict. read_only may run without asking; ask needs the person
// (unless full-auto); deny never runs. Odd characters and unparsable lines are denied, so the checker
// and the shell can never read different commands. Pure: the file system is never touched.
import os from 'node:os';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { CommandJudgement } from '../../shared/approval.js';
import { loadBashParser, parseLine } from './command-parse.js';
import type { ShellCommand } from './command-walk.js';
import { writeFinding, type Finding } from './command-paths.js';
import { envFinding, judgeArgv, type RuleContext } from './command-rules.js';
import { judgeDeclaration, judgeUnset } from './command-builtins.js';
import { codeSource } from './command-shells.js';
import { DOWNLOADERS } from './command-lists.js';
import type { ShellWord } from './command-words.js';

export interface PolicyOptions {
  /** Real path of the opened folder. */
  root: string;
  /** The home folder (`~`, `$HOME`); defaults to the current user's. */
  home?: string;
  /** Commands run in a sandbox with a private /tmp: writes there are contained, not outside. */
  privateTmp?: boolean;
  /**
   * The folder's own `.git` appeared or changed during the session (the model may have written its
   * config, whose diff and filter drivers no environment switches off): git is never read-only.
   */
  untrustedGit?: boolean;
}

type Verdict = CommandJudgement['verdict'];

/** Command strings nested deeper than this (bash -c "bash -c ...") are refused. */
const MAX_NESTING = 4;
/** Longer lines are refused rather than checked. */
const MAX_LENGTH = 100_000;
const MAX_REASONS = 12;

const INVISIBLE: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};
const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0: 'NUL',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
};

export async function judgeCommand(command: string, options: PolicyOptions): Promise<CommandJudgement> {
  const odd = oddCharacter(command);
  if (odd) return { verdict: 'deny', reasons: [odd], segments: [] };
  if (command.length > MAX_LENGTH) {
    return {
      verdict: 'deny',
      reasons: [`the command is longer than ${MAX_LENGTH} characters`],
      segments: [],
    };
  }
  let parser: Parser;
  try {
    parser = await loadBashParser();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { verdict: 'deny', reasons: [`the command checker could not start (${message})`], segments: [] };
  }
  const root = path.posix.resolve(options.root);
  const findings: Finding[] = [];
  const segments: string[] = [];
  const names: string[] = [];
  const base = {
    root,
    home: options.home ?? os.homedir(),
    cwd: root,
    ...(options.privateTmp ? { privateTmp: true } : {}),
    ...(options.untrustedGit ? { untrustedGit: true } : {}),
  };
  judgeSource(parser, command, base, 0, { findings, segments, names });
  return summarize(findings, segments, names);
}

/** The reason a line is refused for an invisible or control character, naming it. */
function oddCharacter(line: string): string | undefined {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = line.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains an unpaired surrogate U+${hex(code)} at position ${i}`;
    }
    const control = (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
    const name = control ? (CONTROL_NAMES[code] ?? 'control character') : INVISIBLE[code];
    if (name) return `contains the invisible or control character U+${hex(code)} (${name})`;
  }
  return undefined;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

interface Sink {
  findings: Finding[];
  segments: string[];
  names: string[];
}

function judgeSource(
  parser: Parser,
  source: string,
  where: {
    root: string;
    home: string;
    cwd: string | undefined;
    privateTmp?: boolean;
    untrustedGit?: boolean;
  },
  depth: number,
  sink: Sink,
): void {
  if (depth > MAX_NESTING) {
    sink.findings.push({ verdict: 'deny', reason: 'command strings are nested too deeply to check' });
    return;
  }
  const parsed = parseLine(parser, source);
  if (!parsed.ok) {
    sink.findings.push({ verdict: 'deny', reason: parsed.message });
    return;
  }
  const line = parsed.line;
  const out = sink.findings;
  for (const note of line.notes) out.push({ verdict: 'ask', reason: note });
  for (const v of line.loopVariables) {
    const f = envFinding(v, undefined);
    if (f) out.push({ ...f, reason: `a loop ${f.reason}` });
  }
  const functions = new Set(line.functions);
  out.push(...recursion(line.commands, functions));
  // A function shadows a command wherever it is called, before or after the definition: never read-only.
  if (functions.size > 0) {
    out.push({
      verdict: 'ask',
      reason: `defines a function (${[...functions].join(', ')}), which changes what a name runs`,
    });
  }
  // The folder each subshell is in: a `cd` moves its own scope and what starts inside it later.
  const cwds = new Map<number, string | undefined>([[0, where.cwd]]);
  const cwdOf = (scope: number): string | undefined => {
    if (!cwds.has(scope)) cwds.set(scope, cwdOf(line.scopes[scope] ?? 0));
    return cwds.get(scope);
  };
  for (const cmd of line.commands) {
    sink.segments.push(cmd.text);
    const ctx: RuleContext = {
      root: where.root,
      home: where.home,
      cwd: cwdOf(cmd.scope),
      ...(where.privateTmp ? { privateTmp: true } : {}),
      ...(where.untrustedGit ? { untrustedGit: true } : {}),
      nested: (inner) => {
        const before = out.length;
        judgeSource(parser, inner, { ...where, cwd: ctx.cwd }, depth + 1, sink);
        return out.splice(before);
      },
      judge(argv) {
        return judgeArgv(argv, this);
      },
    };
    for (const a of cmd.assignments) {
      const f = envFinding(a.name, a.value.value);
      if (f) out.push(f);
    }
    for (const r of cmd.redirects) out.push(...judgeRedirect(r.op, r.target, ctx));
    if (cmd.argv[0]?.value !== undefined) sink.names.push(cmd.argv[0].value);
    out.push(...judgeCommandWords(cmd, ctx));
    cwds.set(cmd.scope, ctx.cwd);
  }
  for (const r of line.redirects) {
    const ctx = { ...where, cwd: cwdOf(r.scope) };
    out.push(...judgeRedirect(r.op, r.target, ctx));
  }
  out.push(...downloadedCode(line.commands));
}

function judgeCommandWords(cmd: ShellCommand, ctx: RuleContext): Finding[] {
  switch (cmd.kind) {
    case 'assignment':
      return [];
    case 'declaration':
      return judgeDeclaration(cmd);
    case 'unset':
      return judgeUnset(cmd);
    default:
      return judgeArgv(cmd.argv, ctx);
  }
}

const INPUT_OPS = new Set(['<', '<<', '<<-', '<<<', '<&']);

function judgeRedirect(
  op: string,
  target: ShellWord | undefined,
  ctx: Omit<RuleContext, 'nested' | 'judge'>,
): Finding[] {
  if (op === '<' && target) return judgeInput(target);
  if (INPUT_OPS.has(op)) return [];
  if (!target) return [{ verdict: 'ask', reason: 'redirects output to a path only known at run time' }];
  // `>&2`, `2>&1`, `>&-`: duplicating or closing a descriptor writes no file.
  if ((op === '>&' || op === '&>' || op === '<&') && /^([0-9]+|-)$/.test(target.value ?? '')) return [];
  return [writeFinding(target, 'redirects output into', ctx) ?? undefined].filter(
    (f): f is Finding => f !== undefined,
  );
}

/** bash opens a network connection for `< /dev/tcp/host/port`; a path only known at run time may be one. */
function judgeInput(target: ShellWord): Finding[] {
  const known = target.value ?? target.lead;
  if (target.value === undefined && !(known && /^[^/$]/.test(known))) {
    return [
      {
        verdict: 'ask',
        reason: 'reads from a path only known at run time (it could be /dev/tcp, a network connection)',
      },
    ];
  }
  return /^\/dev\/(tcp|udp)\//.test(known ?? '')
    ? [{ verdict: 'ask', reason: `reads from ${target.text}, a network connection` }]
    : [];
}

/** A function that calls itself, directly or through others (`:(){ :|:& };:`), is a fork bomb. */
function recursion(commands: readonly ShellCommand[], functions: ReadonlySet<string>): Finding[] {
  const calls = new Map<string, Set<string>>();
  for (const c of commands) {
    const name = c.argv[0]?.value;
    if (!c.inFunction || name === undefined || !functions.has(name)) continue;
    if (!calls.has(c.inFunction)) calls.set(c.inFunction, new Set());
    calls.get(c.inFunction)?.add(name);
  }
  const reaches = (from: string, to: string, seen: Set<string>): boolean => {
    for (const next of calls.get(from) ?? []) {
      if (next === to) return true;
      if (!seen.has(next) && (seen.add(next), reaches(next, to, seen))) return true;
    }
    return false;
  };
  const bomb = [...functions].find((f) => reaches(f, f, new Set()));
  return bomb === undefined
    ? []
    : [{ verdict: 'deny', reason: `the function ${bomb} calls itself (a fork bomb)` }];
}

/** Downloaded text fed to a shell or interpreter: `curl | sh`, `sh -c "$(curl ...)"`, `bash <(wget ...)`. */
function downloadedCode(commands: readonly ShellCommand[]): Finding[] {
  const out: Finding[] = [];
  const fetches = (c: ShellCommand): boolean => DOWNLOADERS.has(path.posix.basename(programOf(c.argv)));
  commands.forEach((c) => {
    if (!fetches(c)) return;
    for (let p = c.parent; p !== undefined; p = commands[p]?.parent) {
      const parent = commands[p];
      if (parent && codeSource(parent.argv) !== undefined) {
        out.push({ verdict: 'deny', reason: `runs code downloaded by ${programOf(c.argv)}` });
      }
    }
    const pipe = c.pipeline;
    if (!pipe) return;
    for (const d of commands) {
      if (d.pipeline?.id === pipe.id && d.pipeline.stage > pipe.stage && codeSource(d.argv) === 'stdin') {
        out.push({ verdict: 'deny', reason: `pipes downloaded content into ${programOf(d.argv)}` });
      }
    }
  });
  return out;
}

/** The program a command runs, wrappers (env, nohup, timeout...) looked through. */
function programOf(argv: readonly ShellWord[]): string {
  const words = argv.filter((w, i) => i > 0 || w.value !== undefined);
  const wrappers =
    /^(env|nohup|nice|timeout|time|stdbuf|setsid|command|builtin|exec|sudo|doas|ionice|unbuffer)$/;
  for (let i = 0; i < words.length; i++) {
    const v = path.posix.basename(words[i]?.value ?? '');
    if (!wrappers.test(v) && !v.startsWith('-') && !v.includes('=') && !/^[0-9.]+[smhd]?$/.test(v)) return v;
  }
  return '';
}

function summarize(
  findings: readonly Finding[],
  segments: string[],
  names: readonly string[],
): CommandJudgement {
  const worst: Verdict = findings.some((f) => f.verdict === 'deny')
    ? 'deny'
    : findings.length > 0
      ? 'ask'
      : 'read_only';
  if (worst === 'read_only') {
    const unique = [...new Set(names)];
    const listed =
      unique.length > 0 ? `: ${unique.slice(0, 8).join(', ')}${unique.length > 8 ? ', ...' : ''}` : '';
    return { verdict: worst, reasons: [`only reads${listed}`], segments };
  }
  const reasons = [...new Set(findings.filter((f) => f.verdict === worst).map((f) => f.reason))];
  return { verdict: worst, reasons: reasons.slice(0, MAX_REASONS), segments };
}
