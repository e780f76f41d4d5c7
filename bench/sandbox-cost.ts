// What the sandbox's extra protections cost, from the same run:
// - the folder scan a session does once (nested .git, files hard-linked outside), against a plain
//   readdir walk of the same tree (no stat) as the baseline;
// - a command in the sandbox with the session's policy (its binds) against one with no protected paths;
// - the /proc scan for processes carrying a run's tag, done when each command ends.
// Run: npx tsx bench/sandbox-cost.ts [files=100000] [hard-linked=5000]
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectSandbox, type SandboxPolicy } from '../src/main/safety/sandbox.js';
import { osSandbox } from '../src/main/safety/os-sandbox.js';
import { folderPolicy, scanFolder } from '../src/main/safety/sandbox-scan.js';
import { createCommandRunner } from '../src/main/workspace/command-runner.js';
import { signalTagged, startTimeOf } from '../src/main/workspace/process-tree.js';

const FILES = Number(process.argv[2] ?? 100_000);
const LINKED = Number(process.argv[3] ?? 5000);
const PER_DIR = 40;
const RUNS = 5;

async function generate(root: string, store: string): Promise<void> {
  await fs.mkdir(store, { recursive: true });
  for (let d = 0; d * PER_DIR < FILES; d++) {
    const dir = path.join(root, `src/pkg-${Math.floor(d / 50)}/mod-${d}`);
    await fs.mkdir(dir, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let f = 0; f < PER_DIR && d * PER_DIR + f < FILES; f++) {
      writes.push(fs.writeFile(path.join(dir, `f${f}.ts`), `export const x${f} = ${f};\n`));
    }
    await Promise.all(writes);
  }
  // A pnpm-like node_modules: files hard-linked to a store outside the folder.
  for (let i = 0; i < LINKED; i++) {
    const pkg = `p${Math.floor(i / 20)}`;
    const dir = path.join(root, `node_modules/.pnpm/${pkg}@1.0.0/node_modules/${pkg}`);
    if (i % 20 === 0) await fs.mkdir(dir, { recursive: true });
    const stored = path.join(store, `${i}`);
    await fs.writeFile(stored, `module.exports = ${i};\n`);
    await fs.link(stored, path.join(dir, `m${i % 20}.js`));
  }
  await fs.mkdir(path.join(root, '.git/objects'), { recursive: true });
  await fs.mkdir(path.join(root, 'vendor/lib/.git'), { recursive: true });
}

async function plainWalk(root: string): Promise<number> {
  let n = 0;
  const queue = [root];
  while (queue.length > 0) {
    const dir = queue.pop() as string;
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      n++;
      if (e.isDirectory()) queue.push(path.join(dir, e.name));
    }
  }
  return n;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-cost-')));
  const root = path.join(base, 'project');
  try {
    await generate(root, path.join(base, 'store'));
    const walk = await median(() => plainWalk(root));
    const scanTime = await median(() => scanFolder(root));
    const scan = await scanFolder(root);
    console.log(`tree: ${FILES} files, ${LINKED} hard-linked to a store outside the folder`);
    console.log(`plain readdir walk (baseline): ${ms(walk)}`);
    console.log(
      `session scan: ${ms(scanTime)} (${(scanTime / walk).toFixed(2)}x); ${scan.scanned} entries, ` +
        `${scan.hardLinkedFiles} hard-linked files -> ${scan.hardLinkBinds.length} binds, ` +
        `${scan.nestedGit.length} nested .git, truncated: ${scan.truncated}`,
    );

    const info = await detectSandbox();
    if (info.available) {
      const bare: SandboxPolicy = { root, allowNetwork: false, readOnlyInside: [] };
      const session = folderPolicy(root, { allowNetwork: false }, scan);
      const timeOf = async (policy: SandboxPolicy): Promise<number> => {
        const runner = createCommandRunner({ sandbox: osSandbox(info, policy, { profile: 'write' }) });
        return median(() => runner.run('true', { cwd: root, timeoutMs: 10_000 }));
      };
      const plain = await timeOf(bare);
      const guarded = await timeOf(session);
      console.log(`sandboxed \`true\`, no protected paths (baseline): ${ms(plain)}`);
      console.log(
        `sandboxed \`true\`, the session's policy: ${ms(guarded)} (${(guarded / plain).toFixed(2)}x)`,
      );
    } else {
      console.log(`no sandbox here (${info.note}): command cost not measured`);
    }

    const procs = (await fs.readdir('/proc').catch(() => [])).filter((n) => /^\d+$/.test(n)).length;
    const all = await median(async () => signalTagged('no-such-run', 'SIGTERM', -1));
    // As the runner does it: only processes started since the command's shell are read.
    const shell = spawn('sleep', ['5']);
    const since = startTimeOf(shell.pid ?? -1);
    const recent = await median(async () => signalTagged('no-such-run', 'SIGTERM', -1, since));
    shell.kill();
    console.log(
      `tag scan at each command's end: ${ms(recent)} reading only processes started since the command, ` +
        `${ms(all)} reading every environ (${procs} processes)`,
    );
  } finally {
    await fs.rm(base, { recursive: true, force: true });
  }
}

await main();
