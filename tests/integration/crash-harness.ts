// Kill -9 harness for file writes: a child process rewrites a few files in a loop (self-checking
// content: a header with the body's length and sha256), the parent kills it with SIGKILL at a random
// moment, then counts files that are not one complete version. Shared by the crash-safety test and
// bench/crash-safety.ts. The child is plain JavaScript (writeFileAtomic transpiled once) so that a
// round costs a node start, not a TypeScript toolchain start.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

export type WriteMode = 'atomic' | 'naive';

export interface CrashReport {
  rounds: number;
  /** Files checked after kills (rounds x files). */
  files: number;
  /** Files that were truncated, mixed or unreadable: must be 0 for atomic writes. */
  damaged: number;
  /** Temp files left behind by killed writes (harmless: never the file itself). */
  leftoverTemps: number;
}

const CHILD = `
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.mjs';
const [dir, files, mode] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
let gen = 0;
for (;;) {
  for (let i = 0; i < files; i++) {
    gen++;
    const size = 16 * 1024 + ((gen * 7919) % 8) * 16 * 1024;
    const body = Buffer.alloc(size, gen % 251);
    const hash = createHash('sha256').update(body).digest('hex');
    const data = Buffer.concat([Buffer.from('GEN ' + gen + ' ' + size + ' ' + hash + '\\n'), body]);
    const file = path.join(dir, 'f' + i + '.dat');
    if (mode === 'atomic') await writeFileAtomic(file, data);
    else await fs.writeFile(file, data);
  }
  if (gen === files) process.stdout.write('ready\\n');
}
`;

/** Writes the child and a JS copy of src/main/workspace/atomic-write.ts into a temp folder. */
export async function prepareChild(): Promise<{ dir: string; script: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lc-crash-child-'));
  const source = await fs.readFile(path.resolve('src/main/workspace/atomic-write.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  await fs.writeFile(path.join(dir, 'atomic-write.mjs'), js);
  await fs.writeFile(path.join(dir, 'child.mjs'), CHILD);
  return { dir, script: path.join(dir, 'child.mjs') };
}

/** One complete version: header matches the body's length and hash. */
export function isIntact(content: Buffer): boolean {
  const nl = content.indexOf(10);
  if (nl < 0) return false;
  const m = /^GEN (\d+) (\d+) ([0-9a-f]{64})$/.exec(content.subarray(0, nl).toString('latin1'));
  if (!m) return false;
  const body = content.subarray(nl + 1);
  return body.length === Number(m[2]) && createHash('sha256').update(body).digest('hex') === m[3];
}

export interface CrashOptions {
  script: string;
  rounds: number;
  files: number;
  mode: WriteMode;
  /** Random kill delay after the child is ready, ms. */
  maxDelayMs: number;
  /** Writers killed at the same time, each in its own folder (node start-up dominates a round). */
  parallel?: number;
}

export async function crashRounds(opts: CrashOptions): Promise<CrashReport> {
  const lanes = Math.max(1, Math.min(opts.parallel ?? 1, opts.rounds));
  const reports = await Promise.all(
    Array.from({ length: lanes }, (_, i) =>
      crashLane({ ...opts, rounds: Math.floor(opts.rounds / lanes) + (i < opts.rounds % lanes ? 1 : 0) }),
    ),
  );
  return reports.reduce((a, b) => ({
    rounds: a.rounds + b.rounds,
    files: a.files + b.files,
    damaged: a.damaged + b.damaged,
    leftoverTemps: a.leftoverTemps + b.leftoverTemps,
  }));
}

async function crashLane(opts: CrashOptions): Promise<CrashReport> {
  const report: CrashReport = { rounds: 0, files: 0, damaged: 0, leftoverTemps: 0 };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lc-crash-'));
  try {
    for (let r = 0; r < opts.rounds; r++) {
      await killMidWrite(opts.script, dir, opts.files, opts.mode, Math.random() * opts.maxDelayMs);
      report.rounds++;
      for (const name of await fs.readdir(dir)) {
        const abs = path.join(dir, name);
        if (name.endsWith('.tmp')) {
          report.leftoverTemps++;
          await fs.rm(abs, { force: true });
          continue;
        }
        report.files++;
        if (!isIntact(await fs.readFile(abs))) {
          report.damaged++;
          await fs.rm(abs, { force: true }); // the next round starts from intact files
        }
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return report;
}

function killMidWrite(
  script: string,
  dir: string,
  files: number,
  mode: WriteMode,
  delayMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, String(files), mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', () => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the writer exited by itself (code ${code}, signal ${signal})`));
    });
  });
}
