// The checkpoint store of one workspace, in the app's data folder (never in the project, never in its
// .git): dataDir()/checkpoints/<hash of the root>/ with manifests/ (one per turn), objects/ (content-
// addressed blobs) and index.json (the last folder scan). Undo puts files back byte-exact; a missing
// or damaged checkpoint is reported and changes nothing. Size and age caps are kept by prune().
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fail, type Result } from '../../shared/result.js';
import { dataDir } from '../app-paths.js';
import type { CheckpointRecorder, TurnRecorder } from './checkpoint-turn.js';
import { writeFileAtomic } from './atomic-write.js';
import { ManifestStore, newCheckpointId, type Manifest } from './checkpoint-manifest.js';
import { ObjectStore } from './checkpoint-objects.js';
import { applyRestore, planRestore, type RestoreCode } from './checkpoint-restore.js';
import { captureEntry, createTurnRecorder } from './checkpoint-turn.js';
import {
  DEFAULT_SCAN_LIMITS,
  parseIndex,
  snapshotFolder,
  serializeIndex,
  type ScanIndex,
  type ScanLimits,
} from './folder-scan.js';
import { pruneStore, type PruneLimits, type PruneReport } from './checkpoint-prune.js';
import { sha256 } from './read-tracker.js';
import type { Workspace } from './workspace.js';

export interface CheckpointStoreOptions {
  /** Default: dataDir()/checkpoints/<first 16 hex of sha256(root)>. */
  dir?: string;
  /** Recorded on each checkpoint; undoLast('session') undoes a session's turns together. */
  sessionId?: string;
  /** The run within the session (a resumed session has several): undoLast('session') stops at its start. */
  run?: number;
  /** A short label for people (e.g. the task). */
  label?: string;
  prune?: Partial<PruneLimits>;
  scan?: Partial<ScanLimits>;
}

export interface CheckpointInfo {
  id: string;
  createdAt: string;
  kind: Manifest['kind'];
  sessionId?: string;
  run?: number;
  turn?: number;
  label?: string;
  undone: boolean;
  /** Paths saved in it. */
  files: string[];
  notCaptured: string[];
}

export interface RestoreReport {
  /** The checkpoint restored to (the oldest one undone). */
  id: string;
  /** Checkpoints now marked undone. */
  undone: string[];
  restored: string[];
  removed: string[];
  unchanged: number;
  /** A `restore` checkpoint holding the state just replaced (restore it to redo), if anything changed. */
  backupId: string | null;
  /** Paths changed in these turns that were never saved (size limits); left as they are. */
  notCaptured: string[];
}

/** Prune after this many finished turns (and when the store opens). */
const PRUNE_EVERY_TURNS = 20;

export function checkpointsDirFor(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'checkpoints', sha256(root).slice(0, 16));
}

export async function openCheckpointStore(
  ws: Workspace,
  options: CheckpointStoreOptions = {},
): Promise<CheckpointStore> {
  const store = new CheckpointStore(ws, options);
  await fs.mkdir(store.dir, { recursive: true });
  await writeFileAtomic(path.join(store.dir, 'workspace.json'), JSON.stringify({ root: ws.root }), {
    mode: 0o644,
  });
  await store.prune();
  return store;
}

export class CheckpointStore implements CheckpointRecorder {
  readonly dir: string;
  private readonly objects: ObjectStore;
  private readonly manifests: ManifestStore;
  private readonly scanLimits: ScanLimits;
  private index: ScanIndex | null | undefined; // undefined: not loaded yet
  private turns = 0;
  private sincePrune = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly options: CheckpointStoreOptions = {},
  ) {
    this.dir = options.dir ?? checkpointsDirFor(ws.root);
    this.objects = new ObjectStore(path.join(this.dir, 'objects'));
    this.manifests = new ManifestStore(path.join(this.dir, 'manifests'));
    this.scanLimits = { ...DEFAULT_SCAN_LIMITS, ...options.scan };
  }

  beginTurn(): TurnRecorder {
    this.turns++;
    return createTurnRecorder({
      root: this.ws.root,
      objects: this.objects,
      manifests: this.manifests,
      turn: this.turns,
      ...(this.options.sessionId !== undefined ? { sessionId: this.options.sessionId } : {}),
      ...(this.options.run !== undefined ? { run: this.options.run } : {}),
      ...(this.options.label !== undefined ? { label: this.options.label } : {}),
      scan: () => this.scan(),
      onFinish: async (manifest) => {
        if (manifest && ++this.sincePrune >= PRUNE_EVERY_TURNS) await this.prune();
      },
    });
  }

  /** Newest first. A damaged checkpoint is left out of the list (restore names it). */
  async list(): Promise<CheckpointInfo[]> {
    const out: CheckpointInfo[] = [];
    for (const id of (await this.manifests.ids()).reverse()) {
      const m = await this.manifests.read(id);
      if (typeof m === 'string') continue;
      out.push({
        id: m.id,
        createdAt: m.createdAt,
        kind: m.kind,
        undone: m.undone,
        files: Object.keys(m.entries),
        notCaptured: m.notCaptured,
        ...(m.sessionId !== undefined ? { sessionId: m.sessionId } : {}),
        ...(m.run !== undefined ? { run: m.run } : {}),
        ...(m.turn !== undefined ? { turn: m.turn } : {}),
        ...(m.label !== undefined ? { label: m.label } : {}),
      });
    }
    return out;
  }

  /**
   * Undoes the latest turn not undone yet: with `session`, every turn of that turn's run (of its
   * session) back to the first one not undone; with `turn`, that turn alone.
   */
  async undoLast(scope: 'session' | 'turn' = 'session'): Promise<Result<RestoreReport, RestoreCode>> {
    const turns = (await this.list()).filter((c) => c.kind === 'turn' && !c.undone);
    const last = turns[0];
    if (!last) return fail('nothing_to_undo', 'There is nothing to undo: no checkpoint of a change is left.');
    let target = last;
    if (scope === 'session' && last.sessionId !== undefined) {
      for (const c of turns.slice(1)) {
        if (c.sessionId !== last.sessionId || c.run !== last.run) break;
        target = c;
      }
    }
    return this.restore(target.id);
  }

  /** Puts the folder back to its state when checkpoint `id` was taken (undoing it and every later one). */
  async restore(id: string): Promise<Result<RestoreReport, RestoreCode>> {
    const ids = await this.manifests.ids();
    const at = ids.indexOf(id);
    if (at === -1)
      return fail(
        'checkpoint_not_found',
        `No checkpoint ${id} in this workspace; list the checkpoints to pick one.`,
      );
    const chain: Manifest[] = [];
    for (const cid of ids.slice(at)) {
      const m = await this.manifests.read(cid);
      if (typeof m === 'string') {
        return fail(
          'checkpoint_damaged',
          `Checkpoint ${cid} is ${m === 'missing' ? 'missing' : 'damaged'}; nothing was changed.`,
        );
      }
      chain.push(m);
    }
    const plan = await planRestore(this.ws, this.objects, chain);
    if (!plan.ok) return plan;

    const backup: Manifest = {
      version: 1,
      id: newCheckpointId(),
      createdAt: new Date().toISOString(),
      kind: 'restore',
      label: `before restoring ${id}`,
      undone: false,
      entries: {},
      notCaptured: [],
    };
    const backupTargets = [];
    for (const t of plan.targets) {
      const entry = await captureEntry(this.ws.root, this.objects, t.rel);
      if (!entry) return fail('restore_conflict', `${t.rel} is not a plain file now; nothing was changed.`);
      backup.entries[t.rel] = entry;
      const content = entry.type === 'file' ? await this.objects.get(entry.hash) : null;
      backupTargets.push({ ...t, entry, content });
    }
    await this.manifests.write(backup);
    const applied = await applyRestore(plan.targets, backupTargets);
    if (!applied.ok) return applied;

    const undone: string[] = [];
    for (const m of chain) {
      if (m.kind !== 'turn' || m.undone) continue;
      await this.manifests.write({ ...m, undone: true });
      undone.push(m.id);
    }
    const changedAny = applied.restored.length + applied.removed.length > 0;
    if (!changedAny) await this.manifests.remove(backup.id);
    return {
      ok: true,
      id,
      undone,
      restored: applied.restored,
      removed: applied.removed,
      unchanged: applied.unchanged,
      backupId: changedAny ? backup.id : null,
      notCaptured: [...new Set(chain.flatMap((m) => m.notCaptured))],
    };
  }

  /** Applies the caps (age, count, bytes) and removes unreferenced blobs. */
  async prune(): Promise<PruneReport> {
    this.sincePrune = 0;
    const index = await this.loadIndex();
    const report = await pruneStore(this.manifests, this.objects, index, this.options.prune);
    if (report.droppedIndex) {
      this.index = null;
      await fs.rm(this.indexFile(), { force: true });
    }
    return report;
  }

  private indexFile(): string {
    return path.join(this.dir, 'index.json');
  }

  private async loadIndex(): Promise<ScanIndex | null> {
    if (this.index === undefined) {
      try {
        this.index = parseIndex(await fs.readFile(this.indexFile(), 'utf8'));
      } catch {
        this.index = null;
      }
    }
    return this.index;
  }

  private async scan(): Promise<ScanIndex> {
    const prev = await this.loadIndex();
    const next = await snapshotFolder(this.ws, this.objects, prev, this.scanLimits);
    this.index = next;
    await writeFileAtomic(this.indexFile(), serializeIndex(next), { mode: 0o644 });
    return next;
  }
}
