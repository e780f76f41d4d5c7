// Kill -9 during repeated file writes: how many files are left damaged (truncated or mixed) with
// writeFileAtomic, against plain fs.writeFile measured the same way in the same run.
// Run: npx tsx bench/crash-safety.ts [rounds]
import { promises as fs } from 'node:fs';
import { crashRounds, prepareChild, type WriteMode } from '../tests/integration/crash-harness.js';

const rounds = Number(process.argv[2] ?? 120);

async function main(): Promise<void> {
  const child = await prepareChild();
  try {
    for (const mode of ['atomic', 'naive'] as WriteMode[]) {
      const started = Date.now();
      const r = await crashRounds({
        script: child.script,
        rounds,
        files: 2,
        mode,
        maxDelayMs: 30,
        parallel: 3,
      });
      const label = mode === 'atomic' ? 'writeFileAtomic' : 'fs.writeFile (baseline)';
      console.log(
        `${label.padEnd(24)} kills: ${r.rounds}  files checked: ${r.files}  damaged files: ${r.damaged}  ` +
          `leftover temp files: ${r.leftoverTemps}  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  } finally {
    await fs.rm(child.dir, { recursive: true, force: true });
  }
}

await main();
