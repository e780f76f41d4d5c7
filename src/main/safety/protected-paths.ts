// Paths inside the opened folder that the agent may read but never change: git's own machinery (hooks
// and config run code on the next git command), and the project's agent settings (they name the checks
// that run as commands and the instructions the model follows). The app's data folder is added when it
// lies inside the opened folder.

/** Relative paths (forward slashes, lowercase compare) protected with everything under them. */
export const PROTECTED_PREFIXES = ['.git', '.local-coder.json', '.local-coder'] as const;

/** Why `rel` may not be written, or undefined when it may. `extra` are more protected relative paths. */
export function protectedReason(rel: string, extra: readonly string[] = []): string | undefined {
  const parts = rel.split('/');
  if (parts.some((p) => p.toLowerCase() === '.git')) {
    return `${rel} is inside a .git folder, which the agent may not modify.`;
  }
  const lower = rel.toLowerCase();
  for (const prefix of ['.local-coder.json', '.local-coder']) {
    if (lower === prefix || lower.startsWith(`${prefix}/`)) {
      return `${rel} holds this project's agent settings (checks, instructions); only the user may change them.`;
    }
  }
  for (const p of extra) {
    if (rel === p || rel.startsWith(`${p}/`)) {
      return `${rel} is inside the app's own data folder, which the agent may not modify.`;
    }
  }
  return undefined;
}
