// Download throughput on loopback: downloadModel (node-llama-cpp/ipull, preflight, verification) against
// a plain HTTP GET of the same file in the same run, and the bytes fetched again when resuming.
// Run: npx tsx bench/model-download.ts [sizeMB=256]
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { downloadModel, listPartialDownloads } from '../src/main/model/downloads.js';
import { buildGguf } from '../tests/helpers/gguf-writer.js';
import { startModelServer } from '../tests/helpers/model-server.js';

const MB = 1024 * 1024;
const sizeMb = Number(process.argv[2] ?? 256);
const body = buildGguf({ padBytes: sizeMb * MB });
const sha256 = createHash('sha256').update(body).digest('hex');
const server = await startModelServer({ '/m.gguf': { body } });
const root = await mkdtemp(path.join(os.tmpdir(), 'lc-bench-dl-'));
const mbps = (bytes: number, ms: number) => ((bytes / MB / ms) * 1000).toFixed(0);

async function plainGet(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/m.gguf`);
  if (!response.body) throw new Error('no body');
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream),
    createWriteStream(path.join(root, 'plain.gguf')),
  );
  return performance.now() - started;
}

async function managed(dir: string, withHash: boolean): Promise<number> {
  const started = performance.now();
  const result = await downloadModel(
    { uri: `${server.url}/m.gguf`, sha256: withHash ? sha256 : null },
    { modelsDir: dir },
  );
  if (!result.ok) throw new Error(result.message);
  return performance.now() - started;
}

console.log(`file: ${(body.length / MB).toFixed(0)} MB on 127.0.0.1`);
const rows: [string, number, number][] = [];
for (let round = 0; round < 2; round++) {
  const plain = await plainGet();
  const noHash = await managed(path.join(root, `a${round}`), false);
  const hashed = await managed(path.join(root, `b${round}`), true);
  rows.push([`round ${round + 1}`, plain, noHash]);
  console.log(
    `round ${round + 1}: plain GET ${plain.toFixed(0)} ms (${mbps(body.length, plain)} MB/s) | downloadModel ` +
      `${noHash.toFixed(0)} ms (${mbps(body.length, noHash)} MB/s), ratio ${(noHash / plain).toFixed(2)} | ` +
      `with SHA-256 ${hashed.toFixed(0)} ms, ratio ${(hashed / plain).toFixed(2)}`,
  );
}

// In-run resume: the first long ranged GET is cut at 40% of the file.
server.requests.length = 0;
server.files.set('/m.gguf', { body, cut: { afterBytes: Math.floor(body.length * 0.4), times: 1 } });
await managed(path.join(root, 'cut'), false);
const cutRefetch = server.rangedBytes('/m.gguf') - body.length;
console.log(
  `cut mid-file: ${(cutRefetch / MB).toFixed(1)} MB fetched beyond one copy of the file (incl. the header preflight)`,
);

// Resume in a later run: each ranged stream stalls after 20% of the file (ipull runs 3), the only
// attempt gives up, and a second run resumes from the temp file.
server.requests.length = 0;
server.files.set('/m.gguf', { body, stall: { afterBytes: Math.floor(body.length * 0.2), times: 3 } });
const dir = path.join(root, 'restart');
const first = await downloadModel(
  { uri: `${server.url}/m.gguf` },
  { modelsDir: dir, stallTimeoutMs: 1000, maxAttempts: 1 },
);
const partial = (await listPartialDownloads(dir))[0]?.partialBytes ?? 0;
const firstBytes = server.rangedBytes('/m.gguf');
server.files.set('/m.gguf', { body });
await managed(dir, false);
const secondBytes = server.rangedBytes('/m.gguf') - firstBytes;
console.log(
  `restart: first run ${first.ok ? 'finished' : first.code} after ${(firstBytes / MB).toFixed(1)} MB ` +
    `(temp file ${(partial / MB).toFixed(1)} MB); second run fetched ${(secondBytes / MB).toFixed(1)} MB ` +
    `(${((100 * secondBytes) / body.length).toFixed(0)}% of the file; ` +
    `${((firstBytes + secondBytes - body.length) / MB).toFixed(1)} MB re-fetched in all)`,
);

await server.close();
await rm(root, { recursive: true, force: true });
