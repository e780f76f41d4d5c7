// A cheap check right after a file is written, where one exists: JSON parses, `node --check` for
// JavaScript, the TypeScript parser (when the package is present) for TypeScript, Python's ast, `bash
// -n`. A note goes back with the edit's result only when something is wrong; a missing checker is
// silence, never an error.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as TsNamespace from 'typescript';
import type { CommandRunner } from '../../workspace/command-runner.js';

export interface SyntaxCheckOptions {
  root: string;
  runner: CommandRunner;
  /** Per check. Default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_NOTE_CHARS = 1200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** JSON files that allow comments (so JSON.parse would be wrong about them). */
const JSONC = /(^|\/)(tsconfig[^/]*|jsconfig[^/]*|\.eslintrc|\.babelrc|devcontainer)\.json$|(^|\/)\.vscode\//;

type TsModule = typeof TsNamespace;
let typescript: Promise<TsModule | null> | undefined;

/** Returns `afterWrite` for the tool context. */
export function createSyntaxChecker(
  options: SyntaxCheckOptions,
): (rel: string) => Promise<string | undefined> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const run = async (command: string): Promise<string | undefined> => {
    const r = await options.runner.run(command, {
      cwd: options.root,
      timeoutMs,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    if (
      r.exitCode === 0 ||
      r.exitCode === 126 ||
      r.exitCode === 127 ||
      r.timedOut ||
      r.spawnError !== undefined
    ) {
      return undefined; // passed, or no checker here
    }
    return r.output;
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
        problem = cleanNode(await run(nodeCheckCommand(rel, ext, await fs.readFile(abs, 'utf8'))), rel);
      } else if (['.ts', '.tsx', '.mts', '.cts'].includes(ext))
        problem = await tsProblem(rel, await fs.readFile(abs, 'utf8'));
      else if (ext === '.py') {
        const py = process.platform === 'win32' ? 'python' : 'python3';
        const code = 'import ast,sys; ast.parse(open(sys.argv[1],"rb").read(), sys.argv[1])';
        problem = lastLines(await run(`${py} -c ${quote(code)} ${quote(rel)}`), 6);
      } else if (ext === '.sh' || ext === '.bash') problem = await run(`bash -n ${quote(rel)}`);
    } catch {
      return undefined;
    }
    if (problem === undefined || problem.trim() === '') return undefined;
    const text = problem.trim();
    return `Syntax check of ${rel} failed:\n${text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS)} ...` : text}`;
  };
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
function nodeCheckCommand(rel: string, ext: string, text: string): string {
  const node = quote(process.execPath);
  if (ext === '.js' && /^\s*(import|export)\b/m.test(text))
    return `${node} --input-type=module --check < ${quote(rel)}`;
  return `${node} --check ${quote(rel)}`;
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
