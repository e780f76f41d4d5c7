// The catalog entry the welcome screen offers first, from this machine's fit verdicts: the largest that
// runs wholly on the GPU; without a GPU that takes one, the largest that still decodes at a usable
// speed on the CPU (a CPU-only laptop decodes a 1.5B Q4 at a few tokens a second; bigger ones crawl),
// else the smallest that fits at all. None while no verdict is known (offline, still checking).
import type { CatalogView } from '../../../shared/ipc';

/** Largest file offered to a CPU-only machine, unless nothing smaller fits. */
const CPU_COMFORT_BYTES = 2.5 * 1024 ** 3;

export interface Recommendation {
  entry: CatalogView | null;
  /** Why it was chosen, or why there is none, for a person. */
  reason: string;
}

const bySize = (a: CatalogView, b: CatalogView) => a.sizeBytes - b.sizeBytes;

export function recommendModel(catalog: readonly CatalogView[]): Recommendation {
  const judged = catalog.filter((c) => c.fit !== null);
  const withVerdict = (v: string) => judged.filter((c) => c.fit?.verdict === v).sort(bySize);
  const gpu = withVerdict('full_gpu').at(-1);
  if (gpu) return { entry: gpu, reason: 'the largest in the catalog that runs wholly on your GPU' };
  const cpu = [...withVerdict('partial_gpu'), ...withVerdict('cpu_only')].sort(bySize);
  const comfortable = cpu.filter((c) => c.sizeBytes <= CPU_COMFORT_BYTES).at(-1);
  if (comfortable)
    return { entry: comfortable, reason: 'the largest that runs at a usable speed on this machine' };
  if (cpu[0]) return { entry: cpu[0], reason: 'the smallest that fits this machine' };
  if (judged.length > 0) return { entry: null, reason: 'No catalog model fits this machine’s memory.' };
  const why = catalog.find((c) => c.fitMessage)?.fitMessage;
  return {
    entry: null,
    reason:
      why ?? (catalog.length === 0 ? 'The catalog is still loading.' : 'Checking what fits this machine…'),
  };
}
