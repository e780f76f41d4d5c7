import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findFilesTool } from '../../../src/main/tools/find-files.js';
import { makeTempWorkspace } from '../helpers/tool-context.js';
import type { TempWorkspace } from '../helpers/tool-context.js';

let t: TempWorkspace;
beforeEach(async () => {
  t = await makeTempWorkspace({ listEntries: 4 });
  await t.write({
    '.gitignore': 'dist/\n',
    'README.md': '',
    'docs/guide.md': '',
    'docs/deep/more.md': '',
    'src/index.ts': '',
    'src/util/strings.ts': '',
    'src/app.js': '',
    'src/.hidden.ts': '',
    'dist/index.js': '',
    'node_modules/p/readme.md': '',
  });
});
afterEach(async () => {
  await t.cleanup();
});

describe('find_files', () => {
  it('matches ** globs, sorted, skipping ignored paths', async () => {
    const out = await t.run(findFilesTool, { glob: '**/*.ts' });
    expect(out.output).toBe('src/.hidden.ts\nsrc/index.ts\nsrc/util/strings.ts');
  });

  it('matches a glob with a slash against the whole path', async () => {
    expect((await t.run(findFilesTool, { glob: 'src/*.js' })).output).toBe('src/app.js');
    expect((await t.run(findFilesTool, { glob: './src/*.ts' })).output).toBe('src/.hidden.ts\nsrc/index.ts');
  });

  it('matches a glob without a slash against base names anywhere', async () => {
    expect((await t.run(findFilesTool, { glob: '*.md' })).output).toBe(
      'README.md\ndocs/deep/more.md\ndocs/guide.md',
    );
  });

  it('caps the result with a marker', async () => {
    const out = await t.run(findFilesTool, { glob: '*' });
    expect(out.truncated).toBe(true);
    const lines = out.output.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('... (more than 4 files match; use a narrower glob)');
  });

  it('says when nothing matches and refuses an empty glob', async () => {
    expect(await t.run(findFilesTool, { glob: '**/*.rs' })).toEqual({
      ok: true,
      output: 'No files match **/*.rs.',
    });
    expect((await t.run(findFilesTool, { glob: ' ' })).ok).toBe(false);
  });
});
