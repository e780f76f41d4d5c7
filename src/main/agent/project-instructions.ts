// The project's standing instructions, from the files at the folder's root, capped. They are the user's
// own words about their project, so they go into the system prompt, which compaction never touches.
// The protected `.local-coder/instructions.md` (only the person can write it) comes first and wins where
// the others disagree: AGENTS.md and CLAUDE.md are ordinary files, and the model may have written them.
// Every file that was loaded is named, so the window can show what steers the model.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INSTRUCTION_FILES, isInstructionFile } from '../workspace/instruction-files.js';

/** For all files together. */
const MAX_CHARS = 4000;

export interface ProjectInstructions {
  /** The files loaded, comma-separated (for the prompt's header). */
  file: string;
  /** The files loaded, in order of precedence. */
  files: string[];
  text: string;
}

export async function loadProjectInstructions(root: string): Promise<ProjectInstructions | undefined> {
  const found: { file: string; text: string }[] = [];
  const seen = new Set<string>();
  const realRoot = await fs.realpath(root).catch(() => root);
  for (const file of INSTRUCTION_FILES) {
    const real = await instructionTarget(realRoot, file);
    if (real === undefined || seen.has(real)) continue;
    seen.add(real);
    let text: string;
    try {
      text = await fs.readFile(real, 'utf8');
    } catch {
      continue;
    }
    if (text.trim() !== '') found.push({ file, text });
  }
  if (found.length === 0) return undefined;
  const files = found.map((f) => f.file);
  const joined =
    found.length === 1
      ? (found[0] as { text: string }).text
      : found
          .map((f, i) => `From ${f.file}${i === 0 ? ' (takes precedence)' : ''}:\n${f.text.trim()}`)
          .join('\n\n');
  const text =
    joined.length > MAX_CHARS
      ? `${joined.slice(0, MAX_CHARS)}\n[... cut at ${MAX_CHARS} characters]`
      : joined;
  return { file: files.join(', '), files, text };
}

/**
 * The real path to read for `file`, or undefined: a link must stay inside the folder and end at a file of
 * an instruction file's name, so an edit of the file it reaches asks as an edit of the instructions would.
 */
async function instructionTarget(root: string, file: string): Promise<string | undefined> {
  const abs = path.join(root, file);
  try {
    const real = await fs.realpath(abs);
    const rel = path.relative(root, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    if (!(await fs.stat(real)).isFile()) return undefined;
    if (real !== abs && !isInstructionFile(rel.split(path.sep).join('/'))) return undefined;
    return real;
  } catch {
    return undefined;
  }
}
