// Which files of a copied folder differ from the original: added, removed or changed in content.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Caches interpreters leave behind; they are not changes to the project. */
const IGNORED = new Set(['__pycache__', 'node_modules', '.pytest_cache']);

/** Relative paths (with `/`) that differ between `original` and `copy`, sorted; `skip` names top-level entries. */
export async function changedPaths(
  original: string,
  copy: string,
  skip: readonly string[] = [],
): Promise<string[]> {
  const [a, b] = await Promise.all([listFiles(original), listFiles(copy)]);
  const changed = new Set<string>();
  for (const rel of new Set([...a.keys(), ...b.keys()])) {
    if (skip.includes(rel.split('/')[0] ?? '')) continue;
    const left = a.get(rel);
    const right = b.get(rel);
    if (left === undefined || right === undefined || left !== right) {
      changed.add(rel);
      continue;
    }
    const [x, y] = await Promise.all([
      fs.readFile(path.join(original, rel)),
      fs.readFile(path.join(copy, rel)),
    ]);
    if (!x.equals(y)) changed.add(rel);
  }
  return [...changed].sort();
}

/** rel path -> size (-1 for anything that is not a regular file). */
async function listFiles(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (IGNORED.has(entry.name) || entry.name.endsWith('.pyc')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs, rel);
      else if (entry.isFile()) out.set(rel, (await fs.stat(abs)).size);
      else out.set(rel, -1);
    }
  };
  await walk(root, '');
  return out;
}
