// The macOS sandbox-exec profile (SBPL) for a policy. Untested on macOS (no Mac here); only its text is
// checked. Unlike bubblewrap's, its /tmp is the machine's own, shared with other programs.
import os from 'node:os';
import type { SandboxPolicy } from './sandbox.js';
import { between, containsPath, isRealDir, realOrSame, strictlyInside } from './sandbox-paths.js';

/**
 * Writes only under the root (unless the policy keeps it read-only), the temp folders and `writable`;
 * never to a protected path, nor to an existing folder holding one (a rename would swap in a fresh
 * copy). Hidden paths can be neither read nor written.
 */
export function macProfile(policy: SandboxPolicy, tmpDirs: readonly string[] = macTempDirs()): string {
  const q = (p: string) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const writable = policy.readOnlyRoot
    ? [...tmpDirs]
    : [policy.root, ...(policy.writable ?? []).map(realOrSame), ...tmpDirs];
  const guarded = strictlyInside(policy.root, policy.readOnlyInside);
  const bound = (policy.readOnlyBinds ?? []).filter((p) => p !== policy.root && containsPath(policy.root, p));
  // Existing ones only: creating a missing holder (`git init` making .git) is harmless.
  const holders = [...new Set(guarded.flatMap((p) => between(policy.root, p)))].filter(isRealDir);
  const hidden = (policy.hide ?? []).filter((p) => !containsPath(p, policy.root));
  const lines = [
    '(version 1)',
    '(allow default)',
    '(deny file-write*)',
    '(allow file-write*',
    '  (require-all',
    `    (require-any ${writable.map((w) => `(subpath ${q(w)})`).join(' ')})`,
    ...[...guarded, ...bound].map((p) => `    (require-not (subpath ${q(p)}))`),
    ...holders.map((p) => `    (require-not (literal ${q(p)}))`),
    '  ))',
    '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (literal "/dev/tty") (literal "/dev/dtracehelper") (regex #"^/dev/fd/[0-9]+$"))',
    ...hidden.map((p) => `(deny file-read* file-write* (subpath ${q(realOrSame(p))}))`),
  ];
  if (!policy.allowNetwork) lines.push('(deny network*)');
  return lines.join('\n');
}

function macTempDirs(): string[] {
  return [...new Set(['/private/tmp', '/private/var/tmp', realOrSame(os.tmpdir())])];
}
