// A cheap check right after a file is written, where one exists: JSON parses, `node --check` for
// JavaScript, the TypeScript parser (when the package is present) for TypeScript, Python's ast, `bash
// -n`. A note goes back with the edit's result only when something is wrong; a missing checker is
// silence, never an error.
// The checkers only parse, and nothing in the folder may run in their place: each is found on PATH
// outside the folder, runs from the file system's root (no cwd on Python's path, no .python-version),
// in an isolated mode (`python3 -I -S`), with PATH kept to trusted folders and the variables that
// preload code emptied. The runner is the session's: inside the sandbox (read-only profile), or, without
// one, asking first as any command does.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as TsNamespace from 'typescript';
import type { CommandRunner } from '../../workspace/command-runner.js';
import { findProgram, trustedPathVar } from '../../workspace/find-program.js';

export interface SyntaxCheckOptions {
  root: string;
  runner: CommandRunner;
  /** Per check. Default 10 s. */
  timeoutMs?: number;
  /** The run's: a cancel ends a check (or the question about it). */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_NOTE_CHARS = 1200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** JSON files that allow comments (so JSON.parse would be wrong about them). */
const JSONC = /(^|\/)(tsconfig[^/]*|jsconfig[^/]*|\.eslintrc|\.babelrc|devcontainer)\.json$|(^|\/)\.vscode\//;

/**
 * For every check: the Electron binary runs as node, and the variables naming code to load before the
 * parse (NODE_OPTIONS --require, a BASH_ENV script) are emptied. Python ignores its own under -I.
 */
const SYNTAX_CHECK_ENV: Readonly<Record<string, string>> = {
  ELECTRON_RUN_AS_NODE: '1',
  NODE_OPTIONS: '',
  NODE_PATH: '',
  BASH_ENV: '',
  ENV: '',
};

const PY_AST = 'import ast,sys; ast.parse(open(sys.argv[1],"rb").read(), sys.argv[1])';

type TsModule = typeof TsNamespace;
let typescript: Promise<TsModule | null> | undefined;

/** Returns `afterWrite` for the tool context. */
export function createSyntaxChecker(
  options: SyntaxCheckOptions,
): (rel: string) => Promise<string | undefined> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Outside the folder, so nothing there is on a path an interpreter searches.
  const cwd = path.parse(options.root).root;
  const programs = new Map<string, Promise<string | null>>();
  const program = (name: string): Promise<string | null> => {
    let found = programs.get(name);
    if (!found) {
      found = findProgram(name, { avoid: [options.root] });
      programs.set(name, found);
    }
    return found;
  };
  const run = async (command: string, abs: string, rel: string): Promise<string | undefined> => {
    const r = await options.runner.run(command, {
      cwd,
      timeoutMs,
      env: { ...SYNTAX_CHECK_ENV, PATH: trustedPathVar({ avoid: [options.root] }) },
      // A parse writes nothing: the folder stays read-only, the network off.
      profile: 'read-only',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (
      r.exitCode === 0 ||
      r.exitCode === 126 ||
      r.exitCode === 127 ||
      r.exitCode === null ||
      r.timedOut ||
      r.cancelled ||
      r.spawnError !== undefined
    ) {
      return undefined; // passed, or no checker here (or not allowed to run)
    }
    return r.output.split(abs).join(rel);
  };
  return async (rel) => {
    const abs = path.join(options.root, rel);
    let problem: string | undefined;
    try {
      const stat = await fs.stat(abs);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      const ext = path.extname(rel).toLowerCase();
      if (ext === '.json' && !JSONC.test(rel)) problem = jsonProblem(await fs.readFile(abs, 'utf8'));
      else if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
        const command = nodeCheckCommand(abs, ext, await fs.readFile(abs, 'utf8'));
        problem = cleanNode(await run(command, abs, rel), rel);
      } else if (['.ts', '.tsx', '.mts', '.cts'].includes(ext))
        problem = await tsProblem(rel, await fs.readFile(abs, 'utf8'));
      else if (ext === '.py') {
        const py = await program(process.platform === 'win32' ? 'python' : 'python3');
        if (py) problem = lastLines(await run(pythonCheckCommand(py, abs), abs, rel), 6);
      } else if (ext === '.sh' || ext === '.bash') {
        const bash = await program('bash');
        if (bash) problem = await run(`${quote(bash)} --noprofile --norc -n ${quote(abs)}`, abs, rel);
      }
    } catch {
      return undefined;
    }
    if (problem === undefined || problem.trim() === '') return undefined;
    const text = problem.trim();
    return `Syntax check of ${rel} failed:\n${text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS)} ...` : text}`;
  };
}

/** Isolated (-I: no script folder or cwd on sys.path, no PYTHON* variables, no user site), no site (-S). */
function pythonCheckCommand(python: string, abs: string): string {
  return `${quote(python)} -I -S -c ${quote(PY_AST)} ${quote(abs)}`;
}

function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Node 20's `--check` of a .js file falls back to ESM detection and then reports nothing for a broken
 * ES module, so a .js file that looks like one is checked as a module through stdin.
 */
function nodeCheckCommand(abs: string, ext: string, text: string): string {
  const node = quote(process.execPath);
  if (ext === '.js' && /^\s*(import|export)\b/m.test(text))
    return `${node} --input-type=module --check < ${quote(abs)}`;
  return `${node} --check ${quote(abs)}`;
}

/** node --check prints the place, the line, a caret and the error, then a stack: keep the first part. */
function cleanNode(output: string | undefined, rel: string): string | undefined {
  if (output === undefined) return undefined;
  const lines = output.split('\n').filter((l) => !/^\s+at /.test(l) && !/^Node\.js v/.test(l));
  return lines
    .join('\n')
    .replace(/^\[stdin\]/, rel)
    .trim();
}

function lastLines(text: string | undefined, n: number): string | undefined {
  return text?.trim().split('\n').slice(-n).join('\n');
}

async function tsProblem(rel: string, text: string): Promise<string | undefined> {
  // A variable specifier keeps bundlers from pulling the compiler into the app; absent -> no check.
  const specifier = 'typescript';
  typescript ??= import(specifier).then(
    (m) => ((m as { default?: TsModule }).default ?? m) as TsModule,
    () => null,
  );
  const ts = await typescript;
  if (!ts) return undefined;
  const out = ts.transpileModule(text, {
    fileName: rel,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ESNext },
  });
  const diags = (out.diagnostics ?? []).slice(0, 5);
  if (diags.length === 0) return undefined;
  return diags
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return message;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${rel}:${line + 1}:${character + 1}: ${message}`;
    })
    .join('\n');
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
