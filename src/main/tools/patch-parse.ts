// Parses a unified diff (plain or git-style) into per-file changes. Lenient where models slip (a
// missing space on blank context lines, wrong hunk line counts, bare `@@` headers, a ``` fence around
// the patch), strict where guessing could damage files (binary patches, copies, unknown layout, any mode
// but the executable bit).
// Not jsdiff's parsePatch: it throws on wrong hunk counts and drops bare `@@` hunks, slips models often make.
import { fail } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';

export interface PatchLine {
  kind: ' ' | '-' | '+';
  text: string;
  /** Followed by "\ No newline at end of file". */
  noNewline?: boolean;
}

export interface PatchHunk {
  /** 1-based line in the old file from the header; null for a bare `@@` header. */
  oldStart: number | null;
  header: string;
  lines: PatchLine[];
}

export type FileChangeKind = 'add' | 'modify' | 'delete' | 'rename';

export interface FilePatch {
  kind: FileChangeKind;
  /** Path before (null for an added file), without a/ prefix. */
  oldPath: string | null;
  /** Path after (null for a deleted file), without b/ prefix. */
  newPath: string | null;
  hunks: PatchHunk[];
  /** From `new mode` / `new file mode`: 100755 sets the executable bit, 100644 clears it. */
  executable?: boolean;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const DEV_NULL = '/dev/null';

interface Pending {
  gitOld?: string;
  gitNew?: string;
  isGit: boolean;
  oldPath?: string | null;
  newPath?: string | null;
  renameFrom?: string;
  renameTo?: string;
  created: boolean;
  deleted: boolean;
  executable?: boolean;
  hunks: PatchHunk[];
}

export function parsePatch(text: string): Result<{ files: FilePatch[] }, 'bad_patch'> {
  const lines = stripFence(text.replace(/\r\n/g, '\n').split('\n'));
  const files: FilePatch[] = [];
  let cur: Pending | null = null;
  const close = (): Failure | null => {
    if (!cur) return null;
    const built = buildFile(cur);
    cur = null;
    if (!built.ok) return built;
    files.push(built.file);
    return null;
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.startsWith('diff --git ')) {
      const err = close();
      if (err) return err;
      const paths = splitGitPaths(line.slice('diff --git '.length));
      cur = { isGit: true, created: false, deleted: false, hunks: [], ...paths };
      i++;
      continue;
    }
    if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      if (!cur || cur.oldPath !== undefined || cur.hunks.length > 0) {
        const err = close();
        if (err) return err;
        cur = { isGit: false, created: false, deleted: false, hunks: [] };
      }
      const [oldPath, newPath] = headerPaths(line.slice(4), (lines[i + 1] as string).slice(4), cur.isGit);
      cur.oldPath = oldPath;
      cur.newPath = newPath;
      i += 2;
      continue;
    }
    if (line.startsWith('@@')) {
      if (!cur)
        return fail(
          'bad_patch',
          `Line ${i + 1}: a hunk (${line}) before any "--- a/file" / "+++ b/file" header.`,
        );
      const parsed = readHunk(lines, i, cur.hunks.length + 1);
      if (!parsed.ok) return parsed;
      cur.hunks.push(parsed.hunk);
      i = parsed.next;
      continue;
    }
    if (cur && cur.isGit && cur.hunks.length === 0 && cur.oldPath === undefined) {
      const err = gitHeaderLine(cur, line, i + 1);
      if (err) return err;
    }
    i++; // commit messages, "index" lines, blank separators: not part of any file change
  }
  const err = close();
  if (err) return err;
  if (files.length === 0) {
    return fail(
      'bad_patch',
      'No file changes found. Give a unified diff with "--- a/path", "+++ b/path" and "@@" hunks.',
    );
  }
  return { ok: true, files };
}

type Failure = { ok: false; code: 'bad_patch'; message: string };

function stripFence(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as string).trim() === '') start++;
  while (end > start && (lines[end - 1] as string).trim() === '') end--;
  if (start < end && (lines[start] as string).startsWith('```')) start++;
  if (end > start && (lines[end - 1] as string).startsWith('```')) end--;
  return lines.slice(start, end);
}

function gitHeaderLine(cur: Pending, line: string, lineNo: number): Failure | null {
  const value = (prefix: string) => line.slice(prefix.length).trim();
  const mode = /^(new file mode|new mode|deleted file mode) /.exec(line);
  if (mode) {
    const executable = regularMode(value(`${mode[1] as string} `));
    if (executable === null) return modeRefusal(line, lineNo);
    if (mode[1] === 'deleted file mode') cur.deleted = true;
    else cur.executable = executable;
    if (mode[1] === 'new file mode') cur.created = true;
  } else if (line.startsWith('rename from ')) cur.renameFrom = unquote(value('rename from '));
  else if (line.startsWith('rename to ')) cur.renameTo = unquote(value('rename to '));
  else if (line.startsWith('copy from ') || line.startsWith('copy to ')) {
    return fail(
      'bad_patch',
      `Line ${lineNo}: copies are not supported; add the new file with its full content.`,
    );
  } else if (line.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(line)) {
    return fail(
      'bad_patch',
      `Line ${lineNo}: binary patches are not supported; apply_patch changes text files.`,
    );
  }
  return null;
}

/**
 * A patch may only switch the executable bit of a regular file: 100755 -> true, 100644 -> false; any
 * other mode (setuid, setgid, sticky, group/world-writable, symlink, submodule) -> null, refused.
 */
function regularMode(text: string): boolean | null {
  if (text === '100755') return true;
  if (text === '100644') return false;
  return null;
}

function modeRefusal(line: string, lineNo: number): Failure {
  const mode = line.trim().split(/\s+/).pop() ?? '';
  const what = /^[0-7]{1,7}$/.test(mode) ? modeMeaning(Number.parseInt(mode, 8)) : 'a mode that is not octal';
  return fail(
    'bad_patch',
    `Line ${lineNo}: "${line.trim()}" asks for ${what}; a patch may only set mode 100644 or 100755 (the executable bit). Remove the mode lines, or use 100644/100755.`,
  );
}

function modeMeaning(bits: number): string {
  const type = bits >> 12;
  if (type === 0o12) return 'a symlink';
  if (type === 0o16) return 'a submodule (gitlink)';
  if (type === 0o04) return 'a directory';
  if (bits & 0o4000) return 'setuid';
  if (bits & 0o2000) return 'setgid';
  if (bits & 0o1000) return 'the sticky bit';
  if (bits & 0o022) return 'group- or world-writable permissions';
  return 'a mode git does not write';
}

function readHunk(
  lines: string[],
  start: number,
  index: number,
): { ok: true; hunk: PatchHunk; next: number } | Failure {
  const header = lines[start] as string;
  const m = HUNK_HEADER.exec(header);
  const oldCount = m ? Number(m[2] ?? '1') : null;
  const newCount = m ? Number(m[4] ?? '1') : null;
  const body: PatchLine[] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('@@') || line.startsWith('diff --git ')) break;
    if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) break;
    if (line.startsWith('\\')) {
      const last = body[body.length - 1];
      if (last) last.noNewline = true;
      continue;
    }
    const kind = line.charAt(0);
    if (line === '') body.push({ kind: ' ', text: '' });
    else if (kind === ' ' || kind === '-' || kind === '+') body.push({ kind, text: line.slice(1) });
    else break;
  }
  // Blank lines past the header's counts are separators, not context.
  if (oldCount !== null && newCount !== null) {
    while (
      body.length > 0 &&
      (body[body.length - 1] as PatchLine).text === '' &&
      body[body.length - 1]?.kind === ' '
    ) {
      const olds = body.filter((l) => l.kind !== '+').length;
      const news = body.filter((l) => l.kind !== '-').length;
      if (olds <= oldCount && news <= newCount) break;
      body.pop();
    }
  }
  if (!body.some((l) => l.kind !== ' ')) {
    return fail('bad_patch', `Hunk ${index} (${header}) changes nothing: it has no "-" or "+" lines.`);
  }
  const oldStart = m ? Number(m[1]) : null;
  return { ok: true, hunk: { oldStart, header, lines: body }, next: i };
}

function buildFile(p: Pending): { ok: true; file: FilePatch } | Failure {
  let oldPath = p.oldPath !== undefined ? p.oldPath : (p.renameFrom ?? p.gitOld ?? null);
  let newPath = p.newPath !== undefined ? p.newPath : (p.renameTo ?? p.gitNew ?? null);
  if (p.renameFrom) oldPath = p.renameFrom;
  if (p.renameTo) newPath = p.renameTo;
  if (p.created) oldPath = null;
  if (p.deleted) newPath = null;
  const extra = p.executable !== undefined ? { executable: p.executable } : {};
  if (oldPath === null && newPath === null)
    return fail('bad_patch', 'A file section names /dev/null on both sides.');
  if (oldPath === null)
    return { ok: true, file: { kind: 'add', oldPath, newPath, hunks: p.hunks, ...extra } };
  if (newPath === null) return { ok: true, file: { kind: 'delete', oldPath, newPath, hunks: p.hunks } };
  if (oldPath !== newPath)
    return { ok: true, file: { kind: 'rename', oldPath, newPath, hunks: p.hunks, ...extra } };
  if (p.hunks.length === 0 && p.executable === undefined) {
    return fail('bad_patch', `The section for ${newPath} has no hunks ("@@ ... @@" followed by -/+ lines).`);
  }
  return { ok: true, file: { kind: 'modify', oldPath, newPath, hunks: p.hunks, ...extra } };
}

/**
 * Paths from a ---/+++ pair: timestamps dropped; a/ and b/ dropped in git patches, and in plain ones
 * when both sides carry them (so a real folder named `a` on both sides is kept).
 */
function headerPaths(rawOld: string, rawNew: string, isGit: boolean): [string | null, string | null] {
  const clean = (raw: string): string | null => {
    const p = unquote((raw.split('\t')[0] as string).trim());
    return p === DEV_NULL ? null : p;
  };
  const o = clean(rawOld);
  const n = clean(rawNew);
  const strip =
    isGit || ((o === null || o.startsWith('a/')) && (n === null || n.startsWith('b/')) && (o ?? n) !== null);
  const drop = (p: string | null, prefix: string) =>
    p !== null && strip && p.startsWith(prefix) ? p.slice(2) : p;
  return [drop(o, 'a/'), drop(n, 'b/')];
}

function splitGitPaths(rest: string): { gitOld?: string; gitNew?: string } {
  const m = /^"?a\/(.+?)"? "?b\/(.+?)"?$/.exec(rest.trim());
  return m ? { gitOld: m[1] as string, gitNew: m[2] as string } : {};
}

function unquote(p: string): string {
  if (p.length >= 2 && p.startsWith('"') && p.endsWith('"')) {
    return p
      .slice(1, -1)
      .replace(/\\(["\\])/g, '$1')
      .replace(/\\t/g, '\t')
      .replace(/\\n/g, '\n');
  }
  return p;
}
