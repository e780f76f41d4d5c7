// Paths inside the opened folder that the agent may read but never change: git's own machinery (hooks
// and config run code on the next git command), and the project's agent settings (they name the checks
// that run as commands and the instructions the model follows). The app's data folder is added when it
// lies inside the opened folder. Names are compared as any file system the folder may live on compares
// them (fs-names.ts): `.git.`, `GIT~1`, `.GIT` and `.g\u200Cit` are all `.git` somewhere.
import { aliasesName, isUnderAliased, pathComponents } from './fs-names.js';

/** Relative paths (forward slashes) protected with everything under them. */
export const PROTECTED_PREFIXES = ['.git', '.local-coder.json', '.local-coder'] as const;

const SETTINGS = ['.local-coder.json', '.local-coder'] as const;

/** Why `rel` may not be written, or undefined when it may. `extra` are more protected relative paths. */
export function protectedReason(rel: string, extra: readonly string[] = []): string | undefined {
  const parts = pathComponents(rel);
  if (parts.some((p) => aliasesName(p, '.git'))) {
    return `${rel} is inside a .git folder, which the agent may not modify.`;
  }
  const first = parts[0];
  if (first !== undefined && SETTINGS.some((s) => aliasesName(first, s))) {
    return `${rel} holds this project's agent settings (checks, instructions); only the user may change them.`;
  }
  if (extra.some((p) => isUnderAliased(rel, p))) {
    return `${rel} is inside the app's own data folder, which the agent may not modify.`;
  }
  return undefined;
}
