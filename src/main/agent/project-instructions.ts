// The project's standing instructions: the first of these files found at the folder's root, capped.
// They are the user's own words about their project, so they go into the system prompt, which
// compaction never touches.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md', '.local-coder/instructions.md'];
const MAX_CHARS = 4000;

export async function loadProjectInstructions(
  root: string,
): Promise<{ file: string; text: string } | undefined> {
  for (const file of INSTRUCTION_FILES) {
    let text: string;
    try {
      text = await readFile(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    if (text.trim() === '') continue;
    if (text.length > MAX_CHARS) text = `${text.slice(0, MAX_CHARS)}\n[... cut at ${MAX_CHARS} characters]`;
    return { file, text };
  }
  return undefined;
}
