// The one opened folder of the window: opening it (a path or the shell's dialog), the recent list, the
// lazy tree and the viewer, and the watcher whose changes and status go out as events. The watcher's
// first scan runs in the background, so opening a large folder answers at once.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { MethodOutputs, WorkspaceInfo } from '../../shared/ipc.js';
import { fail } from '../../shared/result.js';
import { WorkspaceWatcher, type WatchStatus } from '../workspace/watcher.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import type { ShellHooks } from './backend.js';
import type { Emit } from './event-hub.js';
import type { SettingsService } from './settings-service.js';
import { listChildren, readForView } from './workspace-files.js';
import { findEntries, mentionOf, searchFolder, type TokenCounter } from './workspace-mentions.js';

export interface WorkspaceServiceOptions {
  env: NodeJS.ProcessEnv;
  shell: ShellHooks;
  settings: SettingsService;
  emit: Emit;
  /** True while something (a run) must not see the folder change under it. */
  isBusy: () => boolean;
}

export class WorkspaceService {
  private ws: Workspace | undefined;
  private watcher: WorkspaceWatcher | undefined;
  /** Bumped on every open and on dispose: a watcher that finishes starting late is closed. */
  private generation = 0;
  private watcherStart: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkspaceServiceOptions) {}

  get current(): Workspace | undefined {
    return this.ws;
  }

  /** The open folder as the window shows it, or null. */
  view(): WorkspaceInfo | null {
    return this.ws ? { root: this.ws.root, name: path.basename(this.ws.root) || this.ws.root } : null;
  }

  async open(input: { path?: string }): Promise<MethodOutputs['workspace.open']> {
    if (this.options.isBusy()) {
      // The folder the run works in may be opened again (a window that reloaded): nothing changes.
      const same = this.ws && input.path !== undefined && (await sameFolder(input.path, this.ws.root));
      if (same) return this.view() as WorkspaceInfo;
      return fail(
        'busy',
        'The agent is working in the current folder. Cancel the run before opening another.',
      );
    }
    const folder = input.path ?? (await this.options.shell.pickFolder());
    if (folder === null) return { cancelled: true };
    if (!path.isAbsolute(folder)) {
      return fail('invalid_path', `Give the folder as an absolute path; "${folder}" is not.`);
    }
    const opened = await openWorkspace(folder, this.options.env);
    if (!opened.ok) return opened;
    const ws = opened.workspace;
    await this.closeWatcher();
    const generation = ++this.generation;
    this.ws = ws;
    this.watcherStart = this.startWatcher(ws, generation);
    await this.options.settings.addRecent(ws.root);
    return this.view() as WorkspaceInfo;
  }

  recent(): Promise<string[]> {
    return this.options.settings.recent();
  }

  async list(input: { dir: string }): Promise<MethodOutputs['workspace.list']> {
    if (!this.ws) return noWorkspace();
    return listChildren(this.ws, input.dir);
  }

  async read(input: { path: string }): Promise<MethodOutputs['workspace.read']> {
    if (!this.ws) return noWorkspace();
    return readForView(this.ws, input.path);
  }

  async find(input: { query: string; limit?: number }): Promise<MethodOutputs['workspace.find']> {
    if (!this.ws) return noWorkspace();
    return { entries: await findEntries(this.ws, input.query, input.limit ?? 30) };
  }

  async search(input: {
    pattern: string;
    regex?: boolean;
    maxMatches?: number;
  }): Promise<MethodOutputs['workspace.search']> {
    if (!this.ws) return noWorkspace();
    return searchFolder(this.ws, input);
  }

  async mention(
    input: { path: string; maxTokens?: number },
    counter: TokenCounter,
  ): Promise<MethodOutputs['workspace.mention']> {
    if (!this.ws) return noWorkspace();
    return mentionOf(this.ws, input.path, counter, input.maxTokens);
  }

  /** Resolves once the current watcher has finished its first scan (or failed to start). */
  whenWatching(): Promise<void> {
    return this.watcherStart;
  }

  async dispose(): Promise<void> {
    this.generation++;
    await this.closeWatcher();
    await this.watcherStart; // a watcher still scanning closes itself when it sees the new generation
    this.ws = undefined;
  }

  private async startWatcher(ws: Workspace, generation: number): Promise<void> {
    let watcher: WorkspaceWatcher;
    try {
      watcher = await WorkspaceWatcher.start(ws);
    } catch (error) {
      if (generation === this.generation) {
        const message = `The folder is not watched (${(error as Error).message}); the tree updates only when reopened.`;
        this.options.emit({ type: 'watch_status', status: 'degraded', message });
      }
      return;
    }
    if (generation !== this.generation) {
      await watcher.close();
      return;
    }
    this.watcher = watcher;
    watcher.onChange((changes) => {
      if (generation !== this.generation) return;
      this.options.emit({ type: 'tree', changes: changes.map((c) => ({ path: c.rel, kind: c.kind })) });
    });
    watcher.onStatus((status) => this.emitStatus(status, generation));
    this.emitStatus(watcher.status, generation);
  }

  private emitStatus(status: WatchStatus, generation: number): void {
    if (generation !== this.generation) return;
    if (status.state === 'ready') this.options.emit({ type: 'watch_status', status: 'ready' });
    if (status.state === 'degraded') {
      this.options.emit({ type: 'watch_status', status: 'degraded', message: status.message });
    }
  }

  private async closeWatcher(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }
}

async function sameFolder(folder: string, root: string): Promise<boolean> {
  if (!path.isAbsolute(folder)) return false;
  return realpath(folder).then(
    (real) => real === root,
    () => false,
  );
}

function noWorkspace() {
  return fail('no_workspace', 'No folder is open. Open a folder first.');
}
