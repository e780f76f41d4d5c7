// What the window sees of the opened folder's files: one folder's children for the lazy tree (one
// readdir, whatever its size) and a file's content for the read-only viewer. Paths are confined by
// Workspace.resolve; ignored paths (.git, node_modules, .gitignore'd) are not listed.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileView, TreeEntry } from '../../shared/ipc.js';
import { fail, type Failure } from '../../shared/result.js';
import { compareNames } from '../workspace/path-order.js';
import { describeFsError, looksBinary } from '../workspace/text-file.js';
import type { Workspace } from '../workspace/workspace.js';

/** Larger files are not sent to the window (bytes). */
export const MAX_VIEW_BYTES = 5 * 1024 * 1024;

/** Children of `dir` ('' is the root): folders first, then by name (case-insensitive, then exact). */
export async function listChildren(ws: Workspace, dir: string): Promise<{ entries: TreeEntry[] } | Failure> {
  const requested = normalizeRel(dir);
  const resolved = await ws.resolve(requested === '' ? '.' : requested, 'read');
  if (!resolved.ok) return resolved;
  // Children keep the path the tree asked for (a folder reached through a link stays under the link).
  const base =
    requested === '' || path.isAbsolute(dir) ? (resolved.rel === '.' ? '' : resolved.rel) : requested;
  let dirents;
  try {
    dirents = await fs.readdir(resolved.abs, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return fail('not_a_directory', `${dir} is a file, not a folder.`);
    return fail('read_failed', describeFsError(error, dir || '.'));
  }
  const keyed: { entry: TreeEntry; key: string }[] = [];
  const links: Promise<void>[] = [];
  for (const d of dirents) {
    const rel = base === '' ? d.name : `${base}/${d.name}`;
    const add = (kind: TreeEntry['kind']) => {
      if (ws.isIgnored(rel, kind === 'dir')) return;
      keyed.push({ entry: { name: d.name, path: rel, kind }, key: d.name.toLowerCase() });
    };
    if (d.isDirectory()) add('dir');
    else if (d.isFile()) add('file');
    else if (d.isSymbolicLink())
      links.push(
        linkKind(ws, rel).then((kind) => {
          if (kind) add(kind);
        }),
      );
  }
  await Promise.all(links);
  keyed.sort((a, b) => {
    if (a.entry.kind !== b.entry.kind) return a.entry.kind === 'dir' ? -1 : 1;
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    return compareNames(a.entry.name, b.entry.name);
  });
  return { entries: keyed.map((k) => k.entry) };
}

/** A link is shown as what it points to, and only when that lies inside the folder. */
async function linkKind(ws: Workspace, rel: string): Promise<TreeEntry['kind'] | null> {
  const resolved = await ws.resolve(rel, 'read');
  if (!resolved.ok) return null;
  try {
    const stat = await fs.stat(resolved.abs);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

export async function readForView(ws: Workspace, file: string): Promise<FileView | Failure> {
  const requested = normalizeRel(file);
  const resolved = await ws.resolve(requested, 'read');
  if (!resolved.ok) return resolved;
  const shown = path.isAbsolute(file) ? resolved.rel : requested;
  try {
    // stat before open: opening a FIFO would block.
    const stat = await fs.stat(resolved.abs);
    if (stat.isDirectory()) return fail('is_directory', `${shown} is a folder, not a file.`);
    if (!stat.isFile()) return fail('read_failed', `${shown} is not a regular file.`);
    if (stat.size > MAX_VIEW_BYTES) return { kind: 'too_large', path: shown, sizeBytes: stat.size };
    const buf = await fs.readFile(resolved.abs);
    if (buf.length > MAX_VIEW_BYTES) return { kind: 'too_large', path: shown, sizeBytes: buf.length };
    if (looksBinary(buf)) return { kind: 'binary', path: shown, sizeBytes: buf.length };
    return { kind: 'text', path: shown, content: buf.toString('utf8') };
  } catch (error) {
    return fail('read_failed', describeFsError(error, shown));
  }
}

/** Forward slashes, no `./`, no trailing slash; '' for the root. `..` is left for resolve() to refuse. */
export function normalizeRel(input: string): string {
  if (path.isAbsolute(input)) return input;
  const slashed = input.replace(/\\/g, '/');
  const normal = path.posix.normalize(slashed === '' ? '.' : slashed).replace(/\/+$/, '');
  return normal === '.' ? '' : normal;
}
