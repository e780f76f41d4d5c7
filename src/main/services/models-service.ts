// Models in the window: the catalog with fit verdicts, the library in the models folder, downloads,
// import, delete, and the one loaded model (ModelHost), whose state goes out as `model` events with
// load progress and the compute backend. Runs get their model here: the injected factory (scripted
// model) when there is one, else the loaded GGUF, loading the chosen one first if needed.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogView, LibraryView, MethodOutputs, ModelStateView } from '../../shared/ipc.js';
import { approxCounter, type TokenCounter } from './workspace-mentions.js';
import { fail, type Failure } from '../../shared/result.js';
import { ModelError, type AgentModel } from '../model/turn.js';
import type { EngineModel } from '../model/engine/engine-model.js';
import { loadCatalog, sortBySize, type CatalogEntry } from '../model/catalog.js';
import type { ContextBounds } from '../model/fit.js';
import { deleteModel, importModel, listModels, type LibraryModel } from '../model/library.js';
import { describeRuntime } from '../model/llama-runtime.js';
import { ModelHost, type ModelHostState } from '../model/model-host.js';
import type { RunModel } from './agent-service.js';
import type { ShellHooks } from './backend.js';
import { CatalogFit, type CatalogFitOptions } from './catalog-fit.js';
import { DownloadService } from './download-service.js';
import { Throttle, type Emit } from './event-hub.js';
import type { ServerService } from './server-service.js';
import type { SettingsService } from './settings-service.js';

/** Makes the model of one run (disposed when the run ends): the scripted model in tests and demos. */
export type ModelFactory = (request: {
  contextSize: ContextBounds;
  signal: AbortSignal;
}) => Promise<AgentModel>;

export interface ModelsServiceOptions {
  env: NodeJS.ProcessEnv;
  emit: Emit;
  settings: SettingsService;
  shell: ShellHooks;
  modelFactory?: ModelFactory;
  catalogFile?: string;
  fit?: Partial<CatalogFitOptions>;
  /** True while a run uses the loaded model. */
  isBusy: () => boolean;
  /** The window's Server entry: while active, runs use its model. */
  server?: ServerService;
}

export class ModelsService {
  readonly downloads: DownloadService;
  private readonly host: ModelHost;
  private readonly fit: CatalogFit;
  private readonly loadProgress: Throttle<ModelStateView>;
  private backend = 'unknown';
  /** The newest model state pushed to the window (a GGUF's, or the Server entry's model). */
  private current: ModelStateView = { status: 'empty' };

  constructor(private readonly options: ModelsServiceOptions) {
    const hfToken = options.env.HF_TOKEN;
    this.fit = new CatalogFit({ ...options.fit, ...(hfToken ? { hfToken } : {}) });
    this.loadProgress = new Throttle(100, (state) => options.emit({ type: 'model', state }));
    this.host = new ModelHost((state) => {
      const view = this.toView(state);
      this.pushState(view, view.status !== 'loading' || view.progress === 0);
    });
    this.downloads = new DownloadService({
      emit: options.emit,
      ...(hfToken ? { hfToken } : {}),
      modelsDir: async () => (await options.settings.modelSettings()).modelsDir,
      findEntry: (id) => this.findEntry(id),
    });
  }

  async catalog(): Promise<CatalogView[]> {
    const catalog = await loadCatalog(this.options.catalogFile);
    if (!catalog.ok) return [];
    const { modelsDir, context } = await this.options.settings.modelSettings();
    const installed = new Set((await listModels(modelsDir)).map((m) => m.fileName));
    return this.fit.views(sortBySize(catalog.entries), installed, modelsDir, context);
  }

  async library(): Promise<LibraryView[]> {
    const { modelsDir } = await this.options.settings.modelSettings();
    const active = await this.options.settings.activeModel();
    return (await listModels(modelsDir)).map((m) => toLibraryView(m, active));
  }

  async import(input: { path?: string }): Promise<MethodOutputs['models.import']> {
    const file = input.path ?? (await this.options.shell.pickModelFile());
    if (file === null) return { cancelled: true };
    const { modelsDir } = await this.options.settings.modelSettings();
    const imported = await importModel(file, modelsDir);
    if (!imported.ok) return imported;
    return toLibraryView(imported.model, await this.options.settings.activeModel());
  }

  async delete(fileName: string): Promise<MethodOutputs['models.delete']> {
    const { modelsDir } = await this.options.settings.modelSettings();
    const state = this.host.status;
    if (
      (state.status === 'loaded' || state.status === 'loading') &&
      path.resolve(state.modelPath) === path.resolve(modelsDir, fileName)
    ) {
      return fail(
        'model_in_use',
        `${fileName} is the loaded model. Activate another model first, then delete this one.`,
      );
    }
    const deleted = await deleteModel(fileName, modelsDir);
    if (!deleted.ok) return deleted;
    if ((await this.options.settings.activeModel()) === fileName)
      await this.options.settings.setActiveModel(null);
    return { ok: true };
  }

  /** Loads `fileName` from the models folder (unloading the current model first) and makes it the active one. */
  async activate(fileName: string): Promise<MethodOutputs['models.activate']> {
    if (this.options.isBusy()) {
      return fail(
        'busy',
        'The agent is working with the current model. Cancel the run or wait, then switch.',
      );
    }
    // A GGUF chosen here replaces a server the runs used.
    await this.options.server?.disconnect();
    return this.load(fileName);
  }

  /** The Server entry connected (a model) or let go (null): the top bar shows it, or the GGUF again. */
  serverModel(model: EngineModel | null): void {
    const view: ModelStateView = model
      ? {
          status: 'loaded',
          fileName: model.id,
          contextSize: model.contextSize,
          chatWrapper: `server: ${model.toolMode} tool calls`,
          backend: 'server',
        }
      : this.toView(this.host.status);
    this.pushState(view, true);
  }

  /** Counts with the loaded GGUF's tokenizer; about four characters a token without one. */
  tokenCounter(): TokenCounter {
    const model = this.host.model;
    return model ? { count: (text) => model.countTokens(text), kind: 'model' } : approxCounter;
  }

  /** What the top bar shows now: the loaded, loading or failed model, or the server's. */
  state(): ModelStateView {
    return this.current;
  }

  private pushState(view: ModelStateView, final: boolean): void {
    this.current = view;
    this.loadProgress.push('model', view, final);
  }

  private async load(fileName: string): Promise<MethodOutputs['models.activate']> {
    if (fileName !== path.basename(fileName) || fileName.startsWith('.')) {
      return fail('invalid_name', `"${fileName}" is not a file name of the models folder.`);
    }
    const { modelsDir, context, speculation } = await this.options.settings.modelSettings();
    const modelPath = path.join(modelsDir, fileName);
    const state = this.host.status;
    const wanted = speculationKey(speculation);
    if (
      state.status === 'loaded' &&
      path.resolve(state.modelPath) === path.resolve(modelPath) &&
      state.speculationKey === wanted
    )
      return { ok: true };
    if (
      !(await stat(modelPath).then(
        (s) => s.isFile(),
        () => false,
      ))
    ) {
      return fail(
        'model_not_found',
        `${fileName} is not in the models folder (${modelsDir}). Download or import it.`,
      );
    }
    this.backend = await describeRuntime().then(
      (info) => info.backend,
      () => 'unknown',
    );
    try {
      await this.host.load({
        modelPath,
        contextSize: context,
        speculation: {
          lookup: speculation.lookup,
          ...(speculation.draftModel ? { draftModelPath: speculation.draftModel } : {}),
        },
        speculationKey: wanted,
      });
    } catch (error) {
      if (error instanceof ModelError) return fail(error.code, error.message);
      return fail('model_load_failed', `Could not load ${fileName}: ${(error as Error).message}`);
    }
    await this.options.settings.setActiveModel(fileName);
    return { ok: true };
  }

  /** The model for the next run. */
  async acquire(signal: AbortSignal): Promise<RunModel> {
    const { context } = await this.options.settings.modelSettings();
    if (this.options.modelFactory) {
      try {
        return {
          ok: true,
          model: await this.options.modelFactory({ contextSize: context, signal }),
          owned: true,
        };
      } catch (error) {
        if (error instanceof ModelError) return fail(error.code, error.message);
        return fail('model_load_failed', `The model could not be opened: ${(error as Error).message}`);
      }
    }
    const served = await this.options.server?.acquire();
    if (served) return served.ok ? { ok: true, model: served.model, owned: false } : served;
    if (!this.host.model) {
      const chosen = await this.options.settings.activeModel();
      if (!chosen) {
        return fail(
          'no_model',
          'No model is loaded. Download or import a model in Models, activate it, and send again.',
        );
      }
      const activated = await this.load(chosen);
      if (!activated.ok) return activated;
    }
    const model = this.host.model;
    if (!model) return fail('no_model', 'The model was unloaded before the run could start. Send again.');
    return { ok: true, model, owned: false };
  }

  async dispose(): Promise<void> {
    await this.downloads.dispose();
    await this.host.unload().catch(() => undefined);
    this.loadProgress.clear();
  }

  private async findEntry(catalogId: string): Promise<CatalogEntry | Failure> {
    const catalog = await loadCatalog(this.options.catalogFile);
    if (!catalog.ok) return catalog;
    const entry = catalog.entries.find((e) => e.id === catalogId);
    return entry ?? fail('not_in_catalog', `No model "${catalogId}" in the catalog.`);
  }

  private toView(state: ModelHostState): ModelStateView {
    switch (state.status) {
      case 'empty':
        return { status: 'empty' };
      case 'loading':
        return { status: 'loading', fileName: path.basename(state.modelPath), progress: state.progress };
      case 'loaded':
        return {
          status: 'loaded',
          fileName: path.basename(state.modelPath),
          contextSize: state.contextSize,
          chatWrapper: state.chatWrapper,
          backend: this.backend,
        };
      case 'failed':
        return {
          status: 'failed',
          fileName: path.basename(state.modelPath),
          code: state.code,
          message: state.message,
        };
    }
  }
}

function toLibraryView(m: LibraryModel, active: string | null): LibraryView {
  return {
    fileName: m.fileName,
    sizeBytes: m.sizeBytes,
    ...(m.architecture !== undefined ? { architecture: m.architecture } : {}),
    ...(m.parameters !== undefined ? { parameters: m.parameters } : {}),
    ...(m.quantization !== undefined ? { quantization: m.quantization } : {}),
    ...(m.chatTemplateFamily !== undefined ? { chatTemplateFamily: m.chatTemplateFamily } : {}),
    ...(m.error !== undefined ? { error: m.error } : {}),
    active: m.fileName === active,
  };
}

/** Settings that change how the model is loaded, as one comparable string. */
function speculationKey(s: { lookup: string; draftModel: string | null }): string {
  return `${s.lookup}|${s.draftModel ?? ''}`;
}
