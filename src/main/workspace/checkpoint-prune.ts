// Keeps a checkpoint store within its caps: checkpoints past the age or count limit go first (oldest
// first, the newest is always kept), then more old ones while the blobs they hold exceed the byte cap,
// then the scan baseline if it alone is over; blobs nothing refers to any more are deleted.
import type { ManifestStore } from './checkpoint-manifest.js';
import type { ObjectStore } from './checkpoint-objects.js';
import type { ScanIndex } from './folder-scan.js';

export interface PruneLimits {
  /** Bytes of blobs kept at most. */
  maxBytes: number;
  maxCheckpoints: number;
  maxAgeMs: number;
}

export const DEFAULT_PRUNE_LIMITS: PruneLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxCheckpoints: 300,
  maxAgeMs: 30 * 24 * 3600 * 1000,
};

export interface PruneReport {
  removedCheckpoints: number;
  /** Bytes of blobs kept. */
  bytes: number;
  /** The scan baseline was over the cap by itself and was dropped (it is rebuilt by the next scan). */
  droppedIndex: boolean;
}

export async function pruneStore(
  manifests: ManifestStore,
  objects: ObjectStore,
  index: ScanIndex | null,
  limits: Partial<PruneLimits> = {},
  now = Date.now(),
): Promise<PruneReport> {
  const lim = { ...DEFAULT_PRUNE_LIMITS, ...limits };
  const kept: { id: string; hashes: string[]; time: number }[] = [];
  for (const id of await manifests.ids()) {
    const m = await manifests.read(id);
    if (m === 'missing') continue;
    // A damaged manifest holds no readable references; it stays (for a person to look at) until aged out.
    const hashes =
      m === 'damaged' ? [] : Object.values(m.entries).flatMap((e) => (e.type === 'file' ? [e.hash] : []));
    const time = m === 'damaged' ? 0 : Date.parse(m.createdAt) || 0;
    kept.push({ id, hashes, time });
  }
  let removed = 0;
  const dropOldest = async () => {
    const oldest = kept.shift();
    if (oldest) {
      await manifests.remove(oldest.id);
      removed++;
    }
  };
  while (
    kept.length > 1 &&
    ((kept[0]?.time ?? now) < now - lim.maxAgeMs || kept.length > lim.maxCheckpoints)
  ) {
    await dropOldest();
  }

  const sizes = await objects.list();
  let withIndex = index !== null;
  const liveSet = () => {
    const live = new Set<string>();
    for (const k of kept) for (const h of k.hashes) live.add(h);
    if (withIndex && index) for (const e of index.entries.values()) if (e.hash) live.add(e.hash);
    return live;
  };
  const bytesOf = (live: ReadonlySet<string>) => {
    let sum = 0;
    for (const h of live) sum += sizes.get(h) ?? 0;
    return sum;
  };
  let live = liveSet();
  while (bytesOf(live) > lim.maxBytes && kept.length > 1) {
    await dropOldest();
    live = liveSet();
  }
  let droppedIndex = false;
  if (bytesOf(live) > lim.maxBytes && withIndex) {
    withIndex = false;
    droppedIndex = true;
    live = liveSet();
  }
  const bytes = await objects.gc(live);
  return { removedCheckpoints: removed, bytes, droppedIndex };
}
