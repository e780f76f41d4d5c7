// Workspace at scale: generates a tree of ~100,000 listed files (plus ignored ones under nested
// .gitignore rules and node_modules) in a temp dir, then prints, from the same run: search time against
// ripgrep itself (ratio), full listing time, watcher start time and watches, change-to-event latency,
// and memory. Run: npx tsx --expose-gc bench/workspace-scale.ts [files=100000]
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRipgrepSearch, ripgrepWalkFlags } from '../src/main/workspace/ripgrep-search.js';
import { locateRipgrep } from '../src/main/workspace/ripgrep-locate.js';
import { nodeSearch } from '../src/main/workspace/text-search.js';
import type { SearchEngine, SearchQuery } from '../src/main/workspace/text-search.js';
import { WorkspaceWatcher } from '../src/main/workspace/watcher.js';
import { Workspace } from '../src/main/workspace/workspace.js';

const TARGET = Number(process.argv[2] ?? 100_000);
const FILES_PER_DIR = 40;
const RUNS = 3;

async function generate(root: string): Promise<{ listed: number; ignored: number; dirs: number }> {
  let listed = 0;
  let ignored = 0;
  let dirs = 0;
  const write = async (rel: string, text: string): Promise<void> => fs.writeFile(path.join(root, rel), text);
  await write('.gitignore', 'dist/\n*.log\n/coverage/\n');
  const packages = Math.ceil(TARGET / (FILES_PER_DIR * 25));
  for (let p = 0; p < packages && listed < TARGET; p++) {
    const pkg = `packages/pkg-${p}`;
    await fs.mkdir(path.join(root, pkg, 'node_modules/dep/lib'), { recursive: true });
    await fs.mkdir(path.join(root, pkg, 'generated'), { recursive: true });
    await write(`${pkg}/.gitignore`, 'generated/\n*.tmp\n');
    for (let i = 0; i < 20; i++) await write(`${pkg}/node_modules/dep/lib/m${i}.js`, `module ${i} needle\n`);
    for (let i = 0; i < 10; i++) await write(`${pkg}/generated/g${i}.ts`, `generated ${i} needle\n`);
    ignored += 30;
    for (let d = 0; d < 25 && listed < TARGET; d++) {
      const dir = `${pkg}/src/mod-${d}`;
      await fs.mkdir(path.join(root, dir), { recursive: true });
      dirs++;
      const writes: Promise<void>[] = [];
      for (let f = 0; f < FILES_PER_DIR && listed < TARGET; f++) {
        const rare =
          (p * 25 + d) * FILES_PER_DIR + f === Math.floor(TARGET / 2) ? 'const RARE_TOKEN = 1;\n' : '';
        const body = `import { x${f} } from './dep';\nexport function f${f}(a: number) {\n  return a + ${f}; // common\n}\n${rare}`;
        writes.push(write(`${dir}/file-${f}.ts`, body));
        listed++;
      }
      writes.push(write(`${dir}/debug.log`, 'log needle\n'), write(`${dir}/scratch.tmp`, 'tmp needle\n'));
      ignored += 2;
      await Promise.all(writes);
    }
  }
  return { listed, ignored, dirs };
}

/** Linux: inotify watches this process holds (the watcher takes one per folder; none per file). */
async function inotifyWatches(): Promise<string> {
  if (process.platform !== 'linux') return 'n/a';
  let count = 0;
  for (const fd of await fs.readdir('/proc/self/fdinfo')) {
    try {
      const info = await fs.readFile(`/proc/self/fdinfo/${fd}`, 'utf8');
      count += info.split('\n').filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // fd closed meanwhile
    }
  }
  return String(count);
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm the page cache and the binary
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'lc-bench-ws-')));
  try {
    let t = performance.now();
    const tree = await generate(root);
    console.log(
      `tree: ${tree.listed} listed files, ${tree.ignored} ignored, ${tree.dirs} source folders (${ms(performance.now() - t)} to write)`,
    );
    spawnSync('git', ['init', '-q', root]);
    const ws = new Workspace(root);

    const rg = await locateRipgrep();
    console.log(`ripgrep: ${rg ? `${rg.version} at ${rg.path}` : 'not found'}`);
    const ours = createRipgrepSearch();
    const query = (pattern: string, maxMatches = 100): SearchQuery => ({
      pattern,
      regex: false,
      startRel: '.',
      maxMatches,
    });
    const run = (engine: SearchEngine, q: SearchQuery) => async () => {
      const r = await engine(ws, q);
      if (!r.ok) throw new Error(r.message);
      return r;
    };
    if (rg) {
      const flags = ripgrepWalkFlags(rg.version, true);
      const rgDirect = (args: string[]) => async () =>
        spawnSync(rg.path, args, { cwd: root, maxBuffer: 1 << 30 });
      for (const [label, pattern] of [
        ['rare (1 match, full scan)', 'RARE_TOKEN'],
        ['common (capped at 100)', 'common'],
      ] as const) {
        const base = await median(rgDirect([...flags, '--fixed-strings', '--', pattern, '.']));
        const plain = await median(rgDirect(['--fixed-strings', '--', pattern, '.']));
        const viaRg = await median(run(ours, query(pattern)));
        // One run: the built-in engine's full scan is slow enough that a median would cost a minute.
        const t0 = performance.now();
        await run(nodeSearch, query(pattern))();
        const viaNode = performance.now() - t0;
        console.log(
          `search ${label}: rg direct ${ms(base)} (plain \`rg\` ${ms(plain)}), ours via ripgrep ${ms(viaRg)} = ${(viaRg / base).toFixed(2)}x, built-in engine ${ms(viaNode)} = ${(viaNode / base).toFixed(2)}x`,
        );
      }
      const regex = await median(run(ours, { ...query('RARE_\\w+ = \\d'), regex: true }));
      const regexBase = await median(rgDirect([...flags, '--', 'RARE_[0-9A-Za-z_]+ = [0-9]', '.']));
      console.log(
        `search regex (full scan): rg direct ${ms(regexBase)}, ours ${ms(regex)} = ${(regex / regexBase).toFixed(2)}x`,
      );
    } else {
      console.log(
        `search rare (built-in engine only): ${ms(await median(run(nodeSearch, query('RARE_TOKEN'))))}`,
      );
    }

    let count = 0;
    const walk = await median(async () => {
      count = 0;
      for await (const _ of ws.walkFiles()) count++;
    });
    const rgFiles = rg
      ? await median(async () =>
          spawnSync(rg.path, [...ripgrepWalkFlags(rg.version, true), '--files'], {
            cwd: root,
            maxBuffer: 1 << 30,
          }),
        )
      : NaN;
    console.log(
      `listing: walkFiles ${count} files in ${ms(walk)}${rg ? ` (rg --files ${ms(rgFiles)}, ratio ${(walk / rgFiles).toFixed(2)}x)` : ''}`,
    );

    global.gc?.();
    const mem0 = process.memoryUsage();
    t = performance.now();
    const watcher = await WorkspaceWatcher.start(ws);
    const startMs = performance.now() - t;
    t = performance.now();
    const indexed = await ws.fileIndex().files();
    const buildMs = performance.now() - t;
    const cached = await median(() => ws.fileIndex().files());
    console.log(
      `watcher: ready in ${ms(startMs)}, ${watcher.watchedDirs()} folders and ${watcher.watches()} watches admitted, ${await inotifyWatches()} inotify watches held by this process (status ${watcher.status.state}); index of ${indexed.length} files built in ${ms(buildMs)}, snapshot ${cached.toFixed(1)} ms`,
    );

    // Past the watch budget new files are not watched (the degraded state): such a change is "not seen".
    const latencies: number[] = [];
    let unseen = 0;
    for (let i = 0; i < 5; i++) {
      const rel = `packages/pkg-0/src/mod-0/file-${i}.ts`;
      let off = (): void => undefined;
      const seen = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 3000);
        off = watcher.onChange((batch) => {
          if (batch.some((c) => c.rel === rel)) {
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
      });
      const written = performance.now();
      await fs.appendFile(path.join(root, rel), '// edited\n');
      const at = await seen;
      off();
      if (at === null) unseen++;
      else latencies.push(at - written);
    }
    latencies.sort((a, b) => a - b);
    const mid = latencies[Math.floor(latencies.length / 2)];
    console.log(
      `change to event: median ${mid === undefined ? 'n/a' : ms(mid)} over ${latencies.length} edits, ${unseen} not seen within 3 s (includes the 50 ms batching)`,
    );

    // A folder created after start: its watch is taken when the parent reports it, then it is listed.
    const dirLatencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const rel = `packages/pkg-1/src/new-${i}/inner/file.ts`;
      let off = (): void => undefined;
      const seen = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 3000);
        off = watcher.onChange((batch) => {
          if (batch.some((c) => c.kind === 'add' && c.rel === rel)) {
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
      });
      const written = performance.now();
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), 'export {};\n');
      const at = await seen;
      off();
      if (at !== null) dirLatencies.push(at - written);
    }
    dirLatencies.sort((a, b) => a - b);
    const dirMid = dirLatencies[Math.floor(dirLatencies.length / 2)];
    console.log(
      `new folder to event: median ${dirMid === undefined ? 'n/a' : ms(dirMid)} over ${dirLatencies.length} of 5 nested folders, watches now ${watcher.watches()}`,
    );

    global.gc?.();
    const mem1 = process.memoryUsage();
    console.log(
      `memory after index + watcher: rss ${mb(mem1.rss)} (+${mb(mem1.rss - mem0.rss)}), heap ${mb(mem1.heapUsed)} (+${mb(mem1.heapUsed - mem0.heapUsed)})`,
    );
    await watcher.close();
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

await main();
