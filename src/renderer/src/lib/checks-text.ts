// The checks setting as the person edits it: one `name=command` per line.

export function checksToText(checks: Record<string, string>): string {
  return Object.entries(checks)
    .map(([name, command]) => `${name}=${command}`)
    .join('\n');
}

/** Parsed checks, or the first line that is not `name=command`. */
export function parseChecks(
  text: string,
): { ok: true; checks: Record<string, string> } | { ok: false; line: number; message: string } {
  const checks: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    const command = eq > 0 ? line.slice(eq + 1).trim() : '';
    if (!name || !command) {
      return {
        ok: false,
        line: i + 1,
        message: `Line ${i + 1}: write it as name=command (e.g. test=npm test).`,
      };
    }
    if (name in checks)
      return { ok: false, line: i + 1, message: `Line ${i + 1}: "${name}" is listed twice.` };
    checks[name] = command;
  }
  return { ok: true, checks };
}
