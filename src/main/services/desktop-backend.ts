// Everything the window can ask of the main process, independent of Electron: the Electron IPC layer
// (src/main/ipc) and the e2e bridge both call handle() after validating inputs against the shared
// schemas. Never imports electron: what only a shell can do comes in as ShellHooks.
import path from 'node:path';
import type { MethodInput, MethodName, MethodOutputs } from '../../shared/ipc.js';
import { fail } from '../../shared/result.js';
import { APP_NAME, dataDir } from '../app-paths.js';
import { openModel, SCRIPT_PREFIX } from '../model/open-model.js';
import { AgentService, type RunDefaults } from './agent-service.js';
import type { DesktopBackend, ShellHooks } from './backend.js';
import type { CatalogFitOptions } from './catalog-fit.js';
import { EventHub } from './event-hub.js';
import { ModelsService, type ModelFactory } from './models-service.js';
import { encryptedFileStore } from './secret-store.js';
import { ServerService } from './server-service.js';
import { SessionsService } from './sessions-service.js';
import { SettingsService } from './settings-service.js';
import { McpService } from './mcp-service.js';
import { isWebUrl } from '../../shared/web-url.js';
import { WorkspaceService } from './workspace-service.js';

export type { DesktopBackend, ShellHooks } from './backend.js';
export type { ModelFactory } from './models-service.js';
export type { RunDefaults } from './agent-service.js';

export interface DesktopBackendOptions {
  shell: ShellHooks;
  /** Where the data folder is (LOCAL_CODER_HOME), HF_TOKEN, LOCAL_CODER_SCRIPT, LOCAL_CODER_CATALOG. */
  env?: NodeJS.ProcessEnv;
  /**
   * Makes each run's model (disposed after the run) instead of the loaded GGUF. Default: a scripted
   * model playing env LOCAL_CODER_SCRIPT when that is set, else none.
   */
  modelFactory?: ModelFactory;
  /** The model catalog; default env LOCAL_CODER_CATALOG, else models/catalog.json. */
  catalogFile?: string;
  /** Shown by app.info; default the app name and "dev". */
  app?: { name: string; version: string };
  /** Fixed for every run (e.g. maxSteps, verify). */
  runDefaults?: RunDefaults;
  /** How long the catalog waits for fit checks, and their timeouts. */
  fit?: Partial<CatalogFitOptions>;
}

type Handlers = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutputs[M]> | MethodOutputs[M];
};

/** A factory playing one script file; every run gets a fresh model starting at the script's first turn. */
export function scriptedModelFactory(scriptFile: string): ModelFactory {
  const spec = `${SCRIPT_PREFIX}${path.resolve(scriptFile)}`;
  return ({ contextSize }) => openModel(spec, { contextSize });
}

function busy() {
  return fail('busy', 'The agent is working with the current model. Cancel the run or wait, then switch.');
}

export function createDesktopBackend(options: DesktopBackendOptions): DesktopBackend {
  const env = options.env ?? process.env;
  const hub = new EventHub();
  const settings = new SettingsService(env);
  // Called only at request time, after `runs` exists.
  const isBusy = (): boolean => runs.running;
  const workspace = new WorkspaceService({ env, shell: options.shell, settings, emit: hub.emit, isBusy });
  const script = env.LOCAL_CODER_SCRIPT;
  const modelFactory = options.modelFactory ?? (script ? scriptedModelFactory(script) : undefined);
  const catalogFile = options.catalogFile ?? env.LOCAL_CODER_CATALOG;
  const server = new ServerService({
    env,
    secrets: encryptedFileStore(path.join(dataDir(env), 'server-key.bin'), options.shell.secretCipher),
    onModel: (model) => models.serverModel(model),
  });
  const models = new ModelsService({
    env,
    emit: hub.emit,
    settings,
    shell: options.shell,
    isBusy,
    server,
    ...(modelFactory ? { modelFactory } : {}),
    ...(catalogFile ? { catalogFile } : {}),
    ...(options.fit ? { fit: options.fit } : {}),
  });
  const mcp = new McpService({ env, emit: hub.emit, settings, workspace });
  const runs = new AgentService({
    env,
    emit: hub.emit,
    settings,
    workspace,
    mcp,
    acquireModel: (signal) => models.acquire(signal),
    ...(options.runDefaults ? { runDefaults: options.runDefaults } : {}),
  });
  const sessions = new SessionsService(env);
  const app = options.app ?? { name: APP_NAME, version: 'dev' };
  let disposed: Promise<void> | undefined;

  const handlers: Handlers = {
    'app.info': () => ({ ...app, platform: process.platform, dataDir: dataDir(env) }),
    // Taken and sent in one go, so no event falls between the snapshot and the events after it.
    'app.restore': () => {
      const open = workspace.view();
      hub.emit({
        type: 'restore',
        state: {
          workspace: open,
          run: runs.snapshot(open?.root),
          approvals: runs.approvals.openQuestions(),
          downloads: models.downloads.inFlight(),
          model: models.state(),
        },
      });
      return { ok: true as const };
    },
    'settings.get': () => settings.get(),
    'settings.update': (input) => settings.update(input),
    'workspace.open': (input) => workspace.open(input),
    'workspace.recent': () => workspace.recent(),
    'workspace.list': (input) => workspace.list(input),
    'workspace.read': (input) => workspace.read(input),
    'workspace.find': (input) => workspace.find(input),
    'workspace.search': (input) => workspace.search(input),
    'workspace.mention': (input) => workspace.mention(input, models.tokenCounter()),
    'agent.send': (input) => runs.send(input.text, input.resume),
    'agent.cancel': () => runs.cancel(),
    'agent.decide': (input) => runs.decide(input.requestId, input.decision),
    'agent.undoTurn': () => runs.undoTurn(),
    'sessions.list': () => sessions.list(),
    'sessions.open': (input) => sessions.open(input.sessionId),
    'sessions.spill': (input) => sessions.spill(input.sessionId, input.name),
    'models.catalog': () => models.catalog(),
    'models.library': () => models.library(),
    'models.download': (input) => models.downloads.start(input.catalogId),
    'models.cancelDownload': (input) => models.downloads.cancel(input.downloadId),
    'models.import': (input) => models.import(input),
    'models.delete': (input) => models.delete(input.fileName),
    'models.activate': (input) => models.activate(input.fileName),
    'server.get': () => server.view(),
    'server.models': (input) => server.models(input),
    'server.connect': (input) => (isBusy() ? busy() : server.connect(input)),
    'server.disconnect': () => (isBusy() ? busy() : server.disconnect()),
    'server.forgetKey': () => (isBusy() ? busy() : server.forgetKey()),
    'shell.openExternal': async (input) => {
      if (!isWebUrl(input.url)) return fail('unsupported_url', 'Only http and https links can be opened.');
      await options.shell.openExternal(input.url);
      return { ok: true as const };
    },
    'mcp.overview': () => mcp.overview(),
    'mcp.trust': (input) => mcp.trust(input),
    'mcp.setServer': (input) => mcp.setServer(input),
    'mcp.setTool': (input) => mcp.setTool(input),
    'mcp.restart': (input) => mcp.restart(input),
    'mcp.log': (input) => mcp.log(input),
    'mcp.resources': () => mcp.resources(),
    'mcp.readResource': (input) => mcp.readResource(input),
    'mcp.prompts': () => mcp.prompts(),
    'mcp.getPrompt': (input) => mcp.getPrompt(input),
  };

  return {
    async handle<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
      if (disposed) throw new Error(`The backend is closed; ${method} was not run.`);
      if (!Object.hasOwn(handlers, method)) throw new Error(`Unknown method ${String(method)}`);
      const handler = handlers[method] as (
        input: MethodInput<M>,
      ) => Promise<MethodOutputs[M]> | MethodOutputs[M];
      return handler(input);
    },
    subscribe: (listener) => hub.subscribe(listener),
    dispose() {
      disposed ??= (async () => {
        await runs.dispose();
        await Promise.allSettled([workspace.dispose(), models.dispose(), mcp.dispose(), server.dispose()]);
        hub.clear();
      })();
      return disposed;
    },
  };
}
