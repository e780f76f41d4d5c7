// Files of the download machinery: the `.partial` staging folder (what to resume after a restart),
// hashing, free space, and small async helpers.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';

/** A download's record in `<modelsDir>/.partial`, kept until it completes: what to resume after a restart. */
export interface PartialDownload {
  uri: string;
  fileName: string;
  sha256: string | null;
  startedAt: string;
  /** Bytes on disk so far (temp file, approximate). */
  partialBytes: number;
}

export const PARTIAL_DIR = '.partial';

/** Downloads left unfinished in `modelsDir` (interrupted, paused, or the app quit). */
export async function listPartialDownloads(modelsDir: string): Promise<PartialDownload[]> {
  const staging = path.join(modelsDir, PARTIAL_DIR);
  const names = await readdir(staging).catch(() => [] as string[]);
  const found: PartialDownload[] = [];
  for (const name of names.filter((n) => n.endsWith('.download.json'))) {
    try {
      const record = JSON.parse(await readFile(path.join(staging, name), 'utf8')) as Omit<
        PartialDownload,
        'partialBytes'
      >;
      found.push({ ...record, partialBytes: await sizeOf(path.join(staging, `${record.fileName}.ipull`)) });
    } catch {
      // A torn record is ignored; its temp file is reused if the same download is started again.
    }
  }
  return found;
}

/** Removes a partial download (temp file and record). */
export async function discardPartialDownload(modelsDir: string, fileName: string): Promise<void> {
  const staging = path.join(modelsDir, PARTIAL_DIR);
  const base = path.basename(fileName);
  await Promise.all(
    [base, `${base}.ipull`, `${base}.download.json`].map((f) => rm(path.join(staging, f), { force: true })),
  );
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function freeBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.bavail * fs.bsize;
}

export async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

export async function pathExists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Resolves true after `ms`, false at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
