// Versions like "2.4.1", optionally with a leading "v" and a pre-release tag ("2.5.0-rc.1").
export interface Version {
  parts: string[];
  pre: string | null;
}

export function parseVersion(text: string): Version {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.]+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a version: ${text}`);
  return { parts: [m[1]!, m[2]!, m[3]!], pre: m[4] ?? null };
}

// Negative when a < b, positive when a > b, 0 when equal. A pre-release comes before its release.
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const x = va.parts[i]!;
    const y = vb.parts[i]!;
    if (x !== y) return Number(x) < Number(y) ? -1 : 1;
  }
  if (va.pre === vb.pre) return 0;
  if (va.pre === null) return 1;
  if (vb.pre === null) return -1;
  return va.pre < vb.pre ? -1 : 1;
}

export function sortVersions(versions: string[]): string[] {
  return [...versions].sort(compareVersions);
}

export function latest(versions: string[]): string | undefined {
  return sortVersions(versions).at(-1);
}
