// One checkpoint on disk: manifests/<id>.json naming, for every path a turn changed, what it was
// before (a blob and a mode, or absent). Written atomically; anything malformed reads as damaged.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';

const entrySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('file'),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    mode: z.number().int().min(0).max(0o7777),
    size: z.number().int().min(0),
  }),
  // `dirs`: folders that did not exist either (deepest first), removed on restore when left empty.
  z.object({ type: z.literal('absent'), dirs: z.array(z.string()) }),
]);

const manifestSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  /** `turn`: saved before an agent turn changed files; `restore`: the state a restore replaced. */
  kind: z.enum(['turn', 'restore']),
  sessionId: z.string().optional(),
  /** The run of the session (a resumed session has several); undo takes back one run at a time. */
  run: z.number().int().optional(),
  turn: z.number().int().optional(),
  label: z.string().optional(),
  /** Set once a restore went back past this checkpoint; undoLast skips it. */
  undone: z.boolean(),
  entries: z.record(z.string(), entrySchema),
  /** Paths the turn changed that could not be saved (over the size limits). */
  notCaptured: z.array(z.string()),
});

export type ManifestEntry = z.infer<typeof entrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

const ID_PATTERN = /^cp-[0-9a-z]{9}-[0-9a-z]{4}-[0-9a-f]{6}$/;
let sequence = 0;

/** Ids sort by creation time (then by a per-process sequence). */
export function newCheckpointId(now = Date.now()): string {
  sequence = (sequence + 1) % 36 ** 4;
  const time = now.toString(36).padStart(9, '0');
  return `cp-${time}-${sequence.toString(36).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
}

export function isCheckpointId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export class ManifestStore {
  constructor(readonly dir: string) {}

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  async write(manifest: Manifest): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.fileOf(manifest.id), JSON.stringify(manifest), { mode: 0o644 });
  }

  /** `missing` when there is no such file, `damaged` when it does not parse as a manifest. */
  async read(id: string): Promise<Manifest | 'missing' | 'damaged'> {
    if (!isCheckpointId(id)) return 'missing';
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(id), 'utf8');
    } catch {
      return 'missing';
    }
    try {
      const parsed = manifestSchema.safeParse(JSON.parse(text));
      return parsed.success && parsed.data.id === id ? parsed.data : 'damaged';
    } catch {
      return 'damaged';
    }
  }

  /** Ids of all stored checkpoints, oldest first. */
  async ids(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter(isCheckpointId)
      .sort();
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.fileOf(id), { force: true });
  }
}
