// Which files hold the project's standing instructions for the agent. The protected
// `.local-coder/instructions.md` comes first (only the person can write it); AGENTS.md and CLAUDE.md are
// ordinary files the model can write, so a change to one asks the person in every mode but full-auto.
import { aliasesName, pathComponents } from './fs-names.js';

export const PROTECTED_INSTRUCTIONS = '.local-coder/instructions.md';
/** In order of precedence. */
export const INSTRUCTION_FILES = [PROTECTED_INSTRUCTIONS, 'AGENTS.md', 'CLAUDE.md'] as const;
const WRITABLE_NAMES = ['AGENTS.md', 'CLAUDE.md'] as const;

/**
 * Whether a change to `rel` changes instructions a later session loads: AGENTS.md or CLAUDE.md in any
 * folder (a root file may link to one), or the protected file, in any spelling a file system reads as it.
 */
export function isInstructionFile(rel: string): boolean {
  const parts = pathComponents(rel);
  const last = parts[parts.length - 1];
  if (last === undefined) return false;
  if (WRITABLE_NAMES.some((n) => aliasesName(last, n))) return true;
  return (
    parts.length === 2 &&
    aliasesName(parts[0] as string, '.local-coder') &&
    aliasesName(last, 'instructions.md')
  );
}
