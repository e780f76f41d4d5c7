// One model download on node-llama-cpp's downloader (ipull: ranged, parallel, resumable through its
// `.ipull` temp file). Around it: a GGUF preflight that fails fast with a clear reason, a disk-space
// check, a stall watchdog with retry and backoff (each retry resumes from the temp file), SHA-256
// verification, and a staging folder: the file appears in the models folder only once complete and verified.
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createModelDownloader, type ModelDownloader } from 'node-llama-cpp';
import { fail, type Result } from '../../shared/result.js';
import {
  classifyRemoteError,
  httpStatusOf,
  isNetworkError,
  type RemoteErrorCode,
} from './download-errors.js';
import { readRemoteGguf } from './fit.js';
import { formatSize } from './gguf-summary.js';
import { checkModelFile } from './model-file.js';
import {
  discardPartialDownload,
  pathExists,
  freeBytes,
  hashFile,
  PARTIAL_DIR,
  sizeOf,
  sleep,
  withTimeout,
} from './download-files.js';

export {
  discardPartialDownload,
  hashFile,
  listPartialDownloads,
  PARTIAL_DIR,
  type PartialDownload,
} from './download-files.js';

export type DownloadErrorCode =
  | RemoteErrorCode
  | 'no_space'
  | 'checksum_mismatch'
  | 'stalled'
  | 'cancelled'
  | 'busy'
  | 'invalid_model_file';

export type DownloadStatus =
  'starting' | 'downloading' | 'retrying' | 'verifying' | 'done' | 'failed' | 'cancelled';

export interface DownloadProgress {
  id: string;
  uri: string;
  fileName: string;
  status: DownloadStatus;
  downloadedBytes: number;
  /** 0 while unknown. */
  totalBytes: number;
  /** Over the current attempt. */
  bytesPerSecond: number;
  /** Seconds; null while unknown. */
  etaSeconds: number | null;
  attempt: number;
  /** Why it is retrying, failed or was cancelled. */
  message?: string;
}

export interface DownloadRequest {
  /** `hf:` URI or http(s) URL of one GGUF (split GGUFs download all parts). */
  uri: string;
  fileName?: string;
  /** Lowercase hex; when given, a mismatch deletes the file and fails with `checksum_mismatch`. */
  sha256?: string | null;
  headers?: Record<string, string>;
  /** Shown in progress events; defaults to the file name. */
  id?: string;
}

export interface DownloadOptions {
  modelsDir: string;
  hfToken?: string;
  /** No new bytes for this long aborts the attempt and retries (default 30 s). */
  stallTimeoutMs?: number;
  /** Attempts before giving up (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles each time, capped at 30 s (default 1 s). */
  retryDelayMs?: number;
  /** Bytes free where `dir` lives (default: statfs). */
  freeSpace?: (dir: string) => Promise<number>;
  /** Keep the partial file on cancel so a later download resumes it (default true). */
  keepPartialOnCancel?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadDone {
  path: string;
  sizeBytes: number;
  /** Set when verified. */
  sha256?: string;
  /** True when the file was already in the models folder. */
  alreadyPresent: boolean;
}

const SPACE_MARGIN = 64 * 1024 * 1024;
const active = new Set<string>();

class StallError extends Error {}

export async function downloadModel(
  request: DownloadRequest,
  options: DownloadOptions,
): Promise<Result<DownloadDone, DownloadErrorCode>> {
  const staging = path.join(options.modelsDir, PARTIAL_DIR);
  await mkdir(staging, { recursive: true });
  const progress: DownloadProgress = {
    id: request.id ?? request.fileName ?? request.uri,
    uri: request.uri,
    fileName: request.fileName ?? path.basename(request.uri.split(/[?#]/)[0] ?? request.uri),
    status: 'starting',
    downloadedBytes: 0,
    totalBytes: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
    attempt: 1,
  };
  const emit = (patch: Partial<DownloadProgress> = {}): void => {
    Object.assign(progress, patch);
    options.onProgress?.({ ...progress });
  };
  const failWith = <C extends DownloadErrorCode>(code: C, message: string) => {
    emit({ status: code === 'cancelled' ? 'cancelled' : 'failed', message });
    return fail(code, message);
  };
  emit();

  // Preflight: a cheap ranged read of the header gives 404/401/no-network/not-GGUF in a second.
  const stallMs = options.stallTimeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(stallMs * 4);
  const header = await readRemoteGguf(request.uri, {
    headers: request.headers,
    hfToken: options.hfToken,
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
  });
  if (options.signal?.aborted) return failWith('cancelled', 'Download cancelled.');
  if (timeout.aborted) {
    const text = `The server did not answer within ${Math.round((stallMs * 4) / 1000)} s. Check the network and try again.`;
    return failWith('stalled', text);
  }
  if (!header.ok) return failWith(header.code, header.message);

  const create = () =>
    createModelDownloader({
      modelUri: request.uri,
      dirPath: staging,
      fileName: request.fileName,
      headers: request.headers,
      tokens: options.hfToken ? { huggingFace: options.hfToken } : undefined,
      skipExisting: true,
      deleteTempFileOnCancel: false,
    });
  let downloader: ModelDownloader;
  try {
    downloader = await withTimeout(create(), stallMs);
  } catch (error) {
    const c = classifyRemoteError(error, request.uri);
    return failWith(c.code, c.message);
  }
  const fileName = downloader.entrypointFilename;
  const finalPath = path.join(options.modelsDir, fileName);
  emit({ fileName, id: request.id ?? fileName, totalBytes: downloader.totalSize });
  if (await pathExists(finalPath)) {
    await downloader.cancel({ deleteTempFile: false });
    emit({ status: 'done', downloadedBytes: progress.totalBytes });
    return { ok: true, path: finalPath, sizeBytes: (await stat(finalPath)).size, alreadyPresent: true };
  }
  const key = path.join(staging, fileName);
  if (active.has(key)) {
    await downloader.cancel({ deleteTempFile: false });
    return fail('busy', `${fileName} is already being downloaded.`);
  }
  active.add(key);
  try {
    const manifest = path.join(staging, `${fileName}.download.json`);
    const record = {
      uri: request.uri,
      fileName,
      sha256: request.sha256 ?? null,
      startedAt: new Date().toISOString(),
    };
    await writeFile(manifest, JSON.stringify(record));

    const total = downloader.totalSize;
    const have = await sizeOf(path.join(staging, `${fileName}.ipull`));
    const free = await (options.freeSpace ?? freeBytes)(staging);
    if (total > 0 && total - Math.min(have, total) + SPACE_MARGIN > free) {
      await downloader.cancel({ deleteTempFile: false });
      const need = formatSize(total - Math.min(have, total));
      return failWith(
        'no_space',
        `Not enough disk space for ${fileName}: it needs ${need} more, and ${options.modelsDir} has ` +
          `${formatSize(free)} free. Free up space or choose another models folder.`,
      );
    }

    const maxAttempts = options.maxAttempts ?? 5;
    let current: ModelDownloader | undefined = downloader;
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome = { error: options.signal?.reason };
      if (!options.signal?.aborted) {
        try {
          current ??= await withTimeout(create(), stallMs);
          downloader = current;
          outcome = await runAttempt(current, options, (patch) => emit({ ...patch, attempt }));
        } catch (error) {
          outcome = { error };
        }
      }
      if (outcome === 'done') break;
      current = undefined; // the next attempt resumes from the temp file through a new downloader
      if (options.signal?.aborted) {
        const keep = options.keepPartialOnCancel ?? true;
        await downloader.cancel({ deleteTempFile: !keep });
        if (!keep) await discardPartialDownload(options.modelsDir, fileName);
        return failWith(
          'cancelled',
          `Download of ${fileName} cancelled${keep ? '; it resumes next time' : ''}.`,
        );
      }
      const failure = classifyAttemptError(outcome, request.uri, fileName);
      if (!failure.retry || attempt >= maxAttempts) return failWith(failure.code, failure.message);
      const delay = Math.min((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1), 30_000);
      emit({
        status: 'retrying',
        message: `${failure.message} Retrying in ${Math.round(delay / 100) / 10} s.`,
      });
      await sleep(delay, options.signal);
    }

    emit({ status: 'verifying', downloadedBytes: downloader.totalSize, etaSeconds: 0 });
    const files = downloader.filesInfo.map((f) => f.filePath);
    const first = files[0] ?? path.join(staging, fileName);
    let sha256: string | undefined;
    if (request.sha256) {
      sha256 = await hashFile(first);
      if (sha256 !== request.sha256.toLowerCase()) {
        await Promise.all(files.map((f) => rm(f, { force: true })));
        await rm(manifest, { force: true });
        return failWith(
          'checksum_mismatch',
          `${fileName} failed verification: its SHA-256 is ${sha256}, expected ${request.sha256}. ` +
            'The file was deleted; download it again, and if this repeats the source file has changed.',
        );
      }
    } else {
      try {
        await checkModelFile(first);
      } catch (error) {
        await Promise.all(files.map((f) => rm(f, { force: true })));
        await rm(manifest, { force: true });
        return failWith(
          'invalid_model_file',
          `${(error as Error).message} (the downloaded file was deleted)`,
        );
      }
    }
    for (const file of files) await rename(file, path.join(options.modelsDir, path.basename(file)));
    await rm(manifest, { force: true });
    emit({ status: 'done', etaSeconds: 0 });
    return {
      ok: true,
      path: finalPath,
      sizeBytes: (await stat(finalPath)).size,
      sha256,
      alreadyPresent: false,
    };
  } finally {
    active.delete(key);
  }
}

type AttemptOutcome = 'done' | { error: unknown };

async function runAttempt(
  downloader: ModelDownloader,
  options: DownloadOptions,
  emit: (patch: Partial<DownloadProgress>) => void,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  const stallMs = options.stallTimeoutMs ?? 30_000;
  const startBytes = downloader.downloadedSize;
  const started = Date.now();
  let lastBytes = startBytes;
  let lastChange = started;
  const tick = (): void => {
    const now = Date.now();
    const bytes = downloader.downloadedSize;
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastChange = now;
    } else if (now - lastChange > stallMs) {
      controller.abort(new StallError(`No data for ${Math.round(stallMs / 1000)} s.`));
    }
    const speed = now > started ? ((bytes - startBytes) * 1000) / (now - started) : 0;
    const total = downloader.totalSize;
    emit({
      status: 'downloading',
      downloadedBytes: bytes,
      totalBytes: total,
      bytesPerSecond: Math.round(speed),
      etaSeconds: speed > 0 && total > 0 ? Math.round((total - bytes) / speed) : null,
    });
  };
  const timer = setInterval(tick, Math.max(50, Math.min(500, stallMs / 4)));
  try {
    await downloader.download({ signal: controller.signal });
    if (!controller.signal.aborted) {
      tick();
      const incomplete = downloader.filesInfo.some((f) => f.totalSize > 0 && f.downloadedSize < f.totalSize);
      return incomplete ? { error: new Error('the transfer ended early') } : 'done';
    }
  } catch (error) {
    if (!controller.signal.aborted) return { error };
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  await downloader.cancel({ deleteTempFile: false });
  return { error: controller.signal.reason };
}

function classifyAttemptError(
  outcome: { error: unknown },
  uri: string,
  fileName: string,
): { code: DownloadErrorCode; message: string; retry: boolean } {
  const { error } = outcome;
  if (error instanceof StallError)
    return {
      code: 'stalled',
      message: `The download of ${fileName} stalled (${error.message})`,
      retry: true,
    };
  if ((error as { code?: unknown } | null)?.code === 'ENOSPC') {
    const message = `The disk filled up while downloading ${fileName}. Free up space; the download resumes where it stopped.`;
    return { code: 'no_space', message, retry: false };
  }
  const status = httpStatusOf(error);
  if (status !== undefined && (status >= 500 || status === 429)) {
    return { code: 'download_failed', message: `The server answered HTTP ${status}.`, retry: true };
  }
  const classified = classifyRemoteError(error, uri);
  return {
    ...classified,
    retry: status === undefined && (isNetworkError(error) || classified.code === 'download_failed'),
  };
}
