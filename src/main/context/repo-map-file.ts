// One file of the repo map: its cache key (mtime, size), symbols and identifier hashes.
import { promises as fs } from 'node:fs';
import { extractSymbols, identifierHashes, skipReason } from './symbol-extract.js';
import type { CodeSymbol } from './symbol-extract.js';
import type { LanguageId } from './symbol-languages.js';

export type SkipReason = 'large' | 'binary' | 'minified' | 'generated' | 'unreadable';

export interface FileEntry {
  rel: string;
  lang: LanguageId | null;
  mtimeMs: number;
  size: number;
  symbols: readonly CodeSymbol[];
  refs: Int32Array;
  skipped?: SkipReason;
}

export const NO_REFS = new Int32Array(0);
const BINARY_SNIFF_BYTES = 8192;

/** Reads and parses one source file: open, fstat, read, close. Null when it is gone. */
export async function parseFile(
  abs: string,
  rel: string,
  lang: LanguageId,
  maxBytes: number,
): Promise<FileEntry | null> {
  const entry: FileEntry = { rel, lang, mtimeMs: 0, size: 0, symbols: [], refs: NO_REFS };
  let handle: fs.FileHandle | undefined;
  let bytes: Buffer;
  try {
    // Non-blocking, and checked on the handle: a file swapped for a named pipe cannot hang the map.
    handle = await fs.open(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile()) return null;
    ({ mtimeMs: entry.mtimeMs, size: entry.size } = stat);
    if (entry.size > maxBytes) return { ...entry, skipped: 'large' };
    bytes = Buffer.allocUnsafe(entry.size);
    let filled = 0;
    while (filled < entry.size) {
      const { bytesRead } = await handle.read(bytes, filled, entry.size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    bytes = bytes.subarray(0, filled);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? null : { ...entry, skipped: 'unreadable' };
  } finally {
    await handle?.close();
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ...entry, skipped: 'binary' };
  const text = bytes.toString('utf8');
  const skipped = skipReason(text);
  if (skipped) return { ...entry, skipped };
  return { ...entry, symbols: extractSymbols(text, lang), refs: identifierHashes(text) };
}
