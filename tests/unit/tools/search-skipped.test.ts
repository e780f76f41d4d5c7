// Files a search could not look at (over the size limit, unreadable) are named in its answer, so "no
// matches" never stands for text that was simply not searched.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSearchTool } from '../../../src/main/tools/search.js';
import { createRipgrepSearch } from '../../../src/main/workspace/ripgrep-search.js';
import { parseRgPathError } from '../../../src/main/workspace/ripgrep-walk.js';
import { MAX_TEXT_BYTES } from '../../../src/main/workspace/text-file.js';
import { nodeSearch } from '../../../src/main/workspace/text-search.js';
import type { SearchEngine } from '../../../src/main/workspace/text-search.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace();
  await t.write({ 'small.txt': 'needle here\n', 'sub/other.txt': 'nothing\n' });
});
afterEach(async () => {
  await t.cleanup();
});

const HINT = 'Read a file over the limit in pages with read_file start_line/end_line.';

/** A text file of `bytes` (sparse past its first 16 KiB of text, so cheap), its last line holding `tail`. */
async function bigText(rel: string, bytes = MAX_TEXT_BYTES + 1024 * 1024, tail = ''): Promise<void> {
  const abs = path.join(t.root, rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, 'lorem ipsum\n'.repeat((16 * 1024) / 12 + 1));
  await fs.truncate(abs, bytes - tail.length);
  if (tail) await fs.appendFile(abs, tail);
}

const engines: [string, SearchEngine][] = [
  ['the Node engine', nodeSearch],
  ['ripgrep', createRipgrepSearch()],
];

describe.each(engines)('search with %s', (_label, engine) => {
  const search = createSearchTool(engine);

  it('names a file over 10 MB as not searched, after the matches and after "no matches"', async () => {
    await bigText('logs/huge.log', 11 * 1024 * 1024, 'needle at the end\n');
    const found = await t.run(search, { pattern: 'needle' });
    expect(found).toEqual({
      ok: true,
      output: ['small.txt:1: needle here', 'logs/huge.log (11.0 MB) not searched: over 10 MB', HINT].join(
        '\n',
      ),
      truncated: false,
    });
    const none = await t.run(search, { pattern: 'absent' });
    expect(none.output).toBe(
      [
        'No matches for "absent" in the workspace (2 files searched).',
        'logs/huge.log (11.0 MB) not searched: over 10 MB',
        HINT,
      ].join('\n'),
    );
  });

  it('lists ten such files, then counts the rest', async () => {
    for (let i = 0; i < 12; i++) await bigText(`big/f${String(i).padStart(2, '0')}.txt`);
    const out = await t.run(search, { pattern: 'absent' });
    const lines = out.output.split('\n');
    expect(lines[0]).toBe('No matches for "absent" in the workspace (2 files searched).');
    expect(lines.slice(1, 11)).toEqual(
      Array.from(
        { length: 10 },
        (_, i) => `big/f${String(i).padStart(2, '0')}.txt (11.0 MB) not searched: over 10 MB`,
      ),
    );
    expect(lines.slice(11)).toEqual(['... and 2 more files not searched', HINT]);
  });

  it('leaves a large binary file out silently: it could not match anyway', async () => {
    const abs = path.join(t.root, 'video.bin');
    await fs.writeFile(abs, Buffer.from([0, 1, 2, 3]));
    await fs.truncate(abs, MAX_TEXT_BYTES + 1);
    const out = await t.run(search, { pattern: 'absent' });
    expect(out.output).toBe('No matches for "absent" in the workspace (2 files searched).');
  });

  it('says so when the one file asked for is too large', async () => {
    await bigText('huge.log');
    const out = await t.run(search, { pattern: 'needle', path: 'huge.log' });
    expect(out.output).toBe(
      [
        'No matches for "needle" in huge.log (0 files searched).',
        'huge.log (11.0 MB) not searched: over 10 MB',
        HINT,
      ].join('\n'),
    );
  });

  // Root reads files whatever their mode; the safety suite covers this case as an unprivileged user.
  it.skipIf(process.getuid?.() === 0)('names unreadable files and folders', async () => {
    await t.write({ 'locked.txt': 'needle\n', 'locked-dir/in.txt': 'needle\n' });
    await fs.chmod(path.join(t.root, 'locked.txt'), 0o000);
    await fs.chmod(path.join(t.root, 'locked-dir'), 0o000);
    try {
      const out = await t.run(search, { pattern: 'needle' });
      expect(out.output).toBe(
        [
          'small.txt:1: needle here',
          'locked-dir not searched: permission denied',
          'locked.txt not searched: permission denied',
        ].join('\n'),
      );
    } finally {
      await fs.chmod(path.join(t.root, 'locked-dir'), 0o755);
    }
  });
});

describe('ripgrep error lines', () => {
  it.each([
    ['./secret.txt: Permission denied (os error 13)', 'secret.txt', 'permission denied'],
    ['rg: ./a: b.txt: Permission denied (os error 13)', 'a: b.txt', 'permission denied'],
    ['sub/dir: Operation not permitted (os error 1)', 'sub/dir', 'permission denied'],
    ['./x.bin: Input/output error (os error 5)', 'x.bin', 'input/output error'],
  ])('%s names %s', (line, rel, detail) => {
    expect(parseRgPathError(line)).toEqual({ skipped: { rel, reason: 'unreadable', detail } });
  });

  it('ignores a path that vanished and does not take a pattern error for a path', () => {
    expect(parseRgPathError('./gone.txt: No such file or directory (os error 2)')).toEqual({});
    expect(parseRgPathError('regex parse error:')).toBeNull();
    expect(parseRgPathError('error: unclosed group')).toBeNull();
  });
});
