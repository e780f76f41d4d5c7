// Models: the curated catalog with this machine's verdict, downloads in flight, the local library,
// and the loaded model's state (load progress, backend).
import type { CatalogView, DownloadView, LibraryView, ModelStateView } from '../../../shared/ipc';
import { call, isCancelled, isFailure } from '../api/client';
import type { SliceCreator } from './types';

export interface ModelsSlice {
  catalog: CatalogView[];
  library: LibraryView[];
  /** The latest download per catalog id. */
  downloads: Record<string, DownloadView>;
  modelState: ModelStateView;
  loadCatalog(): Promise<void>;
  loadLibrary(): Promise<void>;
  /** Starts a download, or resumes a failed or cancelled one (the core keeps the partial file). */
  download(catalogId: string): Promise<void>;
  cancelDownload(downloadId: string): Promise<void>;
  importModel(): Promise<void>;
  deleteModel(fileName: string): Promise<void>;
  activateModel(fileName: string): Promise<void>;
  onDownload(download: DownloadView): void;
  onModelState(state: ModelStateView): void;
}

export const createModelsSlice: SliceCreator<ModelsSlice> = (set, get) => ({
  catalog: [],
  library: [],
  downloads: {},
  modelState: { status: 'empty' },
  async loadCatalog() {
    const result = await call('models.catalog', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not load the catalog');
    set({ catalog: result });
  },
  async loadLibrary() {
    const result = await call('models.library', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not list the models folder');
    set({ library: result });
  },
  async download(catalogId) {
    const result = await call('models.download', { catalogId });
    if (isFailure(result)) return get().reportFailure(result, 'Could not start the download');
    const known = get().downloads[catalogId];
    if (!known || known.downloadId !== result.downloadId) {
      const entry = get().catalog.find((c) => c.id === catalogId);
      get().onDownload({
        downloadId: result.downloadId,
        catalogId,
        fileName: entry?.name ?? catalogId,
        status: 'starting',
        downloadedBytes: known?.downloadedBytes ?? 0,
        totalBytes: known?.totalBytes ?? entry?.sizeBytes ?? 0,
        bytesPerSecond: 0,
        etaSeconds: null,
      });
    }
  },
  async cancelDownload(downloadId) {
    const result = await call('models.cancelDownload', { downloadId });
    if (isFailure(result)) get().reportFailure(result, 'Could not cancel the download');
  },
  async importModel() {
    const result = await call('models.import', {});
    if (isFailure(result)) return get().reportFailure(result, 'Could not import the model');
    if (isCancelled(result)) return;
    await get().loadLibrary();
  },
  async deleteModel(fileName) {
    const result = await call('models.delete', { fileName });
    if (isFailure(result)) return get().reportFailure(result, `Could not delete ${fileName}`);
    await Promise.all([get().loadLibrary(), get().loadCatalog()]);
  },
  async activateModel(fileName) {
    const result = await call('models.activate', { fileName });
    if (isFailure(result)) return get().reportFailure(result, `Could not activate ${fileName}`);
    await Promise.all([get().loadLibrary(), get().loadSettings()]);
  },
  onDownload(download) {
    const previous = get().downloads[download.catalogId];
    // Events of an older download of the same model (a cancelled one finishing) do not replace a newer one.
    if (previous && previous.downloadId !== download.downloadId && download.status !== 'starting') {
      const older = ['done', 'failed', 'cancelled'].includes(download.status);
      if (older && !['done', 'failed', 'cancelled'].includes(previous.status)) return;
    }
    set((s) => ({ downloads: { ...s.downloads, [download.catalogId]: download } }));
    if (download.status === 'failed') {
      get().reportFailure(
        { ok: false, code: 'download_failed', message: download.message ?? 'The download failed.' },
        `Download of ${download.fileName} failed`,
      );
    }
    if (download.status === 'done') void Promise.all([get().loadLibrary(), get().loadCatalog()]);
  },
  onModelState(state) {
    const before = get().modelState;
    set({ modelState: state });
    if (state.status === 'failed' && before.status !== 'failed') {
      get().reportFailure(
        { ok: false, code: state.code, message: state.message },
        `Could not load ${state.fileName}`,
      );
    }
    if (state.status === 'loaded' && before.status !== 'loaded') void get().loadLibrary();
  },
});
