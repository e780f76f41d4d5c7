// "Will it fit" for every catalog entry, for the Models screen. Remote entries are judged from their
// GGUF header read by byte ranges (no weights), installed ones from the local file. Checks run in the
// background and are cached; a listing waits for them only briefly, so an offline machine still gets
// its answer at once (fit null, with a message saying why).
import path from 'node:path';
import type { CatalogView } from '../../shared/ipc.js';
import { draftEntryFor, type CatalogEntry } from '../model/catalog.js';
import { checkFit, type ContextBounds } from '../model/fit.js';

type Verdict = NonNullable<CatalogView['fit']>;

interface Known {
  fit: Verdict | null;
  message?: string;
  at: number;
  pending?: Promise<void>;
}

export interface CatalogFitOptions {
  hfToken?: string;
  /** Longest a listing waits for checks under way (ms). */
  waitMs: number;
  /** Longest one remote header read may take (ms). */
  checkTimeoutMs: number;
  /** A failed check is tried again after this long (ms). */
  retryAfterMs: number;
}

export const DEFAULT_FIT_OPTIONS: CatalogFitOptions = {
  waitMs: 2500,
  checkTimeoutMs: 20_000,
  retryAfterMs: 60_000,
};

export class CatalogFit {
  private readonly known = new Map<string, Known>();
  private readonly options: CatalogFitOptions;

  constructor(options: Partial<CatalogFitOptions> = {}) {
    this.options = { ...DEFAULT_FIT_OPTIONS, ...options };
  }

  /** Entries with their verdicts; `installed` says which file names are in the models folder. */
  async views(
    entries: readonly CatalogEntry[],
    installed: ReadonlySet<string>,
    modelsDir: string,
    bounds: ContextBounds,
  ): Promise<CatalogView[]> {
    const keys = entries.map((entry) => {
      const local = installed.has(entry.fileName);
      const source = local ? path.join(modelsDir, entry.fileName) : entry.uri;
      const key = `${source}|${bounds.min}|${bounds.max}`;
      this.ensure(key, source, bounds, !local);
      return key;
    });
    const pending = keys.map((k) => this.known.get(k)?.pending).filter((p): p is Promise<void> => !!p);
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.waitMs)));
      await Promise.race([Promise.all(pending), timeout]);
      clearTimeout(timer);
    }
    return entries.map((entry, i) => {
      const known = this.known.get(keys[i] as string);
      const draft = draftEntryFor(entry, entries);
      const fit = known && !known.pending ? known.fit : null;
      const message = fit
        ? undefined
        : known?.pending
          ? 'Checking whether it fits on this machine…'
          : known?.message;
      return {
        id: entry.id,
        name: entry.name,
        family: entry.family,
        parameters: entry.parameters,
        quantization: entry.quantization,
        sizeBytes: entry.sizeBytes,
        description: entry.description,
        fit,
        ...(message ? { fitMessage: message } : {}),
        installed: installed.has(entry.fileName),
        ...(draft ? { draft: { id: draft.id, name: draft.name } } : {}),
      };
    });
  }

  private ensure(key: string, source: string, bounds: ContextBounds, remote: boolean): void {
    const known = this.known.get(key);
    if (known?.pending) return;
    if (known && (known.fit || Date.now() - known.at < this.options.retryAfterMs)) return;
    const entry: Known = { fit: null, at: Date.now() };
    entry.pending = this.check(source, bounds, remote).then((result) => {
      Object.assign(entry, result, { at: Date.now() });
      delete entry.pending;
    });
    this.known.set(key, entry);
  }

  private async check(
    source: string,
    bounds: ContextBounds,
    remote: boolean,
  ): Promise<{ fit: Verdict | null; message?: string }> {
    try {
      const result = await checkFit(source, {
        bounds,
        ...(remote
          ? {
              signal: AbortSignal.timeout(this.options.checkTimeoutMs),
              retries: 0,
              ...(this.options.hfToken ? { hfToken: this.options.hfToken } : {}),
            }
          : {}),
      });
      if (result.ok) return { fit: { verdict: result.fit.verdict, message: result.fit.message } };
      const why = result.code === 'no_network' ? 'no network connection' : result.message;
      return { fit: null, message: `Could not tell whether it fits: ${why}` };
    } catch (error) {
      return { fit: null, message: `Could not tell whether it fits: ${(error as Error).message}` };
    }
  }
}
