// Small text helpers shared by the file tools: binary detection, line splitting, numbering, cuts.

/** Files larger than this are not loaded whole (bytes). */
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;
/** How much of a file is inspected for NUL bytes to call it binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** Lines without their terminators (a trailing CR is dropped); a final newline ends the last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function countLines(text: string): number {
  return splitLines(text).length;
}

/** Cuts a line longer than `max` characters, saying how much was cut. */
export function cutLine(line: string, max: number): string {
  if (line.length <= max) return line;
  return `${line.slice(0, max)} ... (${line.length - max} more chars)`;
}

/** `lines[i]` is shown as line `firstLine + i`, e.g. `  12| code`, numbers right-aligned. */
export function numberLines(
  lines: readonly string[],
  firstLine: number,
  maxChars: number,
  width?: number,
): string {
  const w = width ?? String(firstLine + lines.length - 1).length;
  return lines.map((l, i) => `${String(firstLine + i).padStart(w)}| ${cutLine(l, maxChars)}`).join('\n');
}

/** A message for the model from an unexpected file system error. */
export function describeFsError(err: unknown, rel: string): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
      return `${rel} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied for ${rel}.`;
    case 'ENOTDIR':
      return `A part of ${rel} is a file, not a folder.`;
    case 'EISDIR':
      return `${rel} is a folder, not a file.`;
    case 'ENAMETOOLONG':
      return `The path ${rel} is too long for the file system.`;
    case 'ELOOP':
      return `${rel} goes through a loop of symbolic links.`;
    default:
      return `Could not access ${rel}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
