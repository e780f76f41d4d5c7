// Model downloads started from the window: one per catalog entry at a time, progress pushed as
// `download` events (at most 10 a second each; status changes and the final state always go out).
// Cancel keeps the partial file, so downloading the same entry again resumes it.
import { randomUUID } from 'node:crypto';
import type { DownloadView, MethodOutputs } from '../../shared/ipc.js';
import type { Failure } from '../../shared/result.js';
import type { CatalogEntry } from '../model/catalog.js';
import { downloadModel, type DownloadProgress } from '../model/downloads.js';
import { Throttle, type Emit } from './event-hub.js';

/** Smallest gap between two progress events of one download (ms). */
const PROGRESS_INTERVAL_MS = 100;
const FINAL: ReadonlySet<DownloadView['status']> = new Set(['done', 'failed', 'cancelled']);

interface Active {
  catalogId: string;
  /** The newest state pushed (sent, or waiting in the throttle). */
  view: DownloadView;
  /** Its final state went out; it may still be cleaning up. */
  ended: boolean;
  controller: AbortController;
  done: Promise<void>;
}

export interface DownloadServiceOptions {
  emit: Emit;
  hfToken?: string;
  modelsDir: () => Promise<string>;
  findEntry: (catalogId: string) => Promise<CatalogEntry | Failure>;
  /** Called after a download ends with the file in the models folder. */
  onInstalled?: (fileName: string) => void;
}

export class DownloadService {
  private readonly active = new Map<string, Active>();
  private readonly throttle: Throttle<DownloadView>;

  constructor(private readonly options: DownloadServiceOptions) {
    this.throttle = new Throttle(PROGRESS_INTERVAL_MS, (download) =>
      options.emit({ type: 'download', download }),
    );
  }

  async start(catalogId: string): Promise<MethodOutputs['models.download']> {
    for (const [downloadId, a] of this.active)
      if (a.catalogId === catalogId && !a.ended) return { downloadId };
    const entry = await this.options.findEntry(catalogId);
    if ('ok' in entry) return entry;
    const modelsDir = await this.options.modelsDir();
    const downloadId = randomUUID();
    const controller = new AbortController();
    let last: DownloadView = {
      downloadId,
      catalogId,
      fileName: entry.fileName,
      status: 'starting',
      downloadedBytes: 0,
      totalBytes: entry.sizeBytes,
      bytesPerSecond: 0,
      etaSeconds: null,
    };
    const push = (view: DownloadView) => {
      const changed = view.status !== last.status;
      last = view;
      const active = this.active.get(downloadId);
      if (active) active.view = view;
      if (active && FINAL.has(view.status)) active.ended = true;
      this.throttle.push(downloadId, view, changed || view.status !== 'downloading');
    };
    const done = downloadModel(
      { uri: entry.uri, fileName: entry.fileName, sha256: entry.sha256, id: downloadId },
      {
        modelsDir,
        signal: controller.signal,
        ...(this.options.hfToken ? { hfToken: this.options.hfToken } : {}),
        onProgress: (p) => push(toView(p, downloadId, catalogId)),
      },
    )
      .then(
        (result) => {
          if (result.ok) {
            if (!FINAL.has(last.status)) push({ ...last, status: 'done', etaSeconds: 0 });
            this.options.onInstalled?.(entry.fileName);
          } else if (!FINAL.has(last.status)) {
            push({
              ...last,
              status: result.code === 'cancelled' ? 'cancelled' : 'failed',
              message: result.message,
            });
          }
        },
        (error: unknown) => {
          const message = `The download failed: ${error instanceof Error ? error.message : String(error)}`;
          push({ ...last, status: 'failed', message });
        },
      )
      .finally(() => this.active.delete(downloadId));
    this.active.set(downloadId, { catalogId, view: last, ended: FINAL.has(last.status), controller, done });
    push(last);
    return { downloadId };
  }

  /** Downloads still in flight, each as its newest state. */
  inFlight(): DownloadView[] {
    return [...this.active.values()].filter((a) => !a.ended).map((a) => a.view);
  }

  cancel(downloadId: string): MethodOutputs['models.cancelDownload'] {
    const active = this.active.get(downloadId);
    if (!active || active.ended) return { cancelled: false };
    active.controller.abort();
    return { cancelled: true };
  }

  /** Cancels every download (partial files kept) and waits for them to stop. */
  async dispose(): Promise<void> {
    const all = [...this.active.values()];
    for (const a of all) a.controller.abort();
    await Promise.all(all.map((a) => a.done));
    this.throttle.clear();
  }
}

function toView(p: DownloadProgress, downloadId: string, catalogId: string): DownloadView {
  return {
    downloadId,
    catalogId,
    fileName: p.fileName,
    status: p.status,
    downloadedBytes: p.downloadedBytes,
    totalBytes: p.totalBytes,
    bytesPerSecond: p.bytesPerSecond,
    etaSeconds: p.etaSeconds,
    ...(p.message ? { message: p.message } : {}),
  };
}
