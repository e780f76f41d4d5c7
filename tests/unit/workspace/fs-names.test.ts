import { describe, expect, it } from 'vitest';
import {
  aliasesName,
  fsNameKey,
  isUnderAliased,
  pathComponents,
  sameFsName,
} from '../../../src/main/workspace/fs-names.js';
import { protectedReason } from '../../../src/main/workspace/protected-paths.js';

describe('names compared per file system', () => {
  it('windows drops trailing dots and spaces and stream suffixes, and folds case', () => {
    for (const name of [
      '.git.',
      '.git ',
      '.git. . ',
      '.GIT',
      '.git::$INDEX_ALLOCATION',
      '.git:x',
      '.Git::$DATA',
    ]) {
      expect(sameFsName(name, '.git', 'win32'), name).toBe(true);
    }
    expect(sameFsName('.git.', '.git', 'linux')).toBe(false);
    expect(sameFsName('.GIT', '.git', 'linux')).toBe(false);
    expect(fsNameKey('AGENTS.md:hidden', 'win32')).toBe('agents.md');
  });

  it('windows answers to 8.3 short names, hashed forms and later ~N included', () => {
    for (const name of ['GIT~1', 'git~1', 'GIT~2', 'GIT~1.', 'GIT~1::$DATA', 'GI1A2B~1']) {
      expect(sameFsName(name, '.git', 'win32'), name).toBe(true);
    }
    expect(sameFsName('LOCAL-~1', '.local-coder', 'win32')).toBe(true);
    expect(sameFsName('LOCAL-~1.JSO', '.local-coder.json', 'win32')).toBe(true);
    expect(sameFsName('LOCAL-~1.JSO', '.local-coder', 'win32')).toBe(false);
    // Over-approximated: AGENTS.md already fits 8.3, yet a name that could be its short name counts.
    expect(sameFsName('AGENTS~1.MD', 'AGENTS.md', 'win32')).toBe(true);
    expect(sameFsName('AGENTS~1.MD', 'AGENTS-old.md', 'win32')).toBe(true);
    // Not short names of .git.
    for (const name of ['GITHUB~1', 'GITIGN~1', 'G~1', 'GIT~0', 'GIT~', 'git', '.github', '.gitignore']) {
      expect(sameFsName(name, '.git', 'win32'), name).toBe(false);
    }
  });

  it('macOS folds case, normalises and ignores invisible code points', () => {
    for (const name of ['.GIT', '.g\u200Cit', '.gi\u206At', '\uFEFF.git', '.git\u200F', '.g\u202Ait']) {
      expect(sameFsName(name, '.git', 'darwin'), JSON.stringify(name)).toBe(true);
    }
    expect(sameFsName('donne\u0301es', 'donn\u00E9es', 'darwin')).toBe(true);
    expect(sameFsName('DONN\u00C9ES', 'donne\u0301es', 'darwin')).toBe(true);
    expect(sameFsName('\u017Fettings', 'settings', 'darwin')).toBe(true); // long s folds to s
    expect(sameFsName('.g\u200Cit', '.git', 'linux')).toBe(false);
    expect(sameFsName('.g\u200Cit', '.git', 'win32')).toBe(false);
  });

  it('linux compares bytes, but protection refuses every platform spelling', () => {
    expect(fsNameKey('.GIT.', 'linux')).toBe('.GIT.');
    for (const name of ['.git.', '.git ', 'GIT~1', '.GIT', '.g\u200Cit', '.git::$INDEX_ALLOCATION']) {
      expect(aliasesName(name, '.git'), JSON.stringify(name)).toBe(true);
    }
    expect(aliasesName('.gitx', '.git')).toBe(false);
    expect(aliasesName('x.git', '.git')).toBe(false);
  });

  it('splits paths on both separators and compares folders component by component', () => {
    expect(pathComponents('a\\.git/./b//c')).toEqual(['a', '.git', 'b', 'c']);
    expect(isUnderAliased('AppData./Settings.json', 'appdata')).toBe(true);
    expect(isUnderAliased('sub/DATA\u200C/x', 'sub/data')).toBe(true);
    expect(isUnderAliased('sub/datax/x', 'sub/data')).toBe(false);
    expect(isUnderAliased('sub', 'sub/data')).toBe(false);
  });
});

describe('protected paths in every spelling', () => {
  it('refuses platform spellings of .git, the agent settings and the data folder', () => {
    const git = [
      '.git./config',
      '.git /hooks/pre-commit',
      'GIT~1/config',
      'git~1/hooks/post-merge',
      '.git::$INDEX_ALLOCATION/config',
      'sub/.Git./config',
      '.g\u200Cit/config',
      '.git\u206F/HEAD',
      '.git\\hooks\\pre-push',
      '.git:hooks',
    ];
    for (const rel of git) expect(protectedReason(rel), JSON.stringify(rel)).toMatch(/\.git folder/);
    const settings = [
      '.local-coder.json.',
      '.LOCAL-CODER.JSON::$DATA',
      'LOCAL-~1.JSO',
      'LOCAL-~1/instructions.md',
      '.local-coder /checks.json',
      '.local-\u200Dcoder/x',
    ];
    for (const rel of settings) expect(protectedReason(rel), rel).toMatch(/agent settings/);
    const data = [
      'APPDATA/settings.json',
      'appdata./settings.json',
      'appdata:s',
      'app\u200Bdata/x',
      'APPDAT~1/settings.json',
    ];
    for (const rel of data) expect(protectedReason(rel, ['appdata']), rel).toMatch(/data folder/);
  });

  it('leaves ordinary names alone', () => {
    for (const rel of [
      '.github/workflows/ci.yml',
      '.gitignore',
      'git/x',
      'src/local-coder.ts',
      'appdata2/x',
      'docs/.git-notes.md',
    ]) {
      expect(protectedReason(rel, ['appdata']), rel).toBeUndefined();
    }
  });
});
