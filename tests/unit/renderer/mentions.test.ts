// The @-mention text rules of the message box.
import { describe, expect, it } from 'vitest';
import {
  applyMention,
  mentionQuery,
  stillMentioned,
  withMentionBlocks,
} from '../../../src/renderer/src/lib/mentions';

describe('mentionQuery', () => {
  it('finds an @word at the caret after a space or at the start', () => {
    expect(mentionQuery('@ma', 3)).toEqual({ start: 0, query: 'ma' });
    expect(mentionQuery('look at @src/ma', 15)).toEqual({ start: 8, query: 'src/ma' });
    expect(mentionQuery('look at @', 9)).toEqual({ start: 8, query: '' });
  });
  it('ignores an @ inside a word, one followed by a space, and text after the caret', () => {
    expect(mentionQuery('me@home', 7)).toBeNull();
    expect(mentionQuery('@math.js and', 12)).toBeNull();
    expect(mentionQuery('no mention', 10)).toBeNull();
    expect(mentionQuery('@abc', 2)).toEqual({ start: 0, query: 'a' });
  });
});

describe('applyMention', () => {
  it('replaces the typed word by @path and a space, keeping the rest', () => {
    expect(applyMention('see @ma now', { start: 4, query: 'ma' }, 'math.js')).toEqual({
      text: 'see @math.js now',
      caret: 13,
    });
    expect(applyMention('@m', { start: 0, query: 'm' }, 'src/m.ts')).toEqual({
      text: '@src/m.ts ',
      caret: 10,
    });
  });
});

describe('stillMentioned / withMentionBlocks', () => {
  it('keeps the picks the text still names, once each, by whole path', () => {
    const text = 'fix @src/a.ts, then @b.ts. Not @src/a.tsx';
    expect(stillMentioned(text, ['src/a.ts', 'b.ts', 'c.ts', 'src/a.ts'])).toEqual(['src/a.ts', 'b.ts']);
    expect(stillMentioned('@a.ts', ['a'])).toEqual([]);
    expect(stillMentioned('(see @a+b.ts)', ['a+b.ts'])).toEqual(['a+b.ts']);
  });
  it('appends blocks after the typed text', () => {
    expect(withMentionBlocks('task', [])).toBe('task');
    expect(withMentionBlocks('task', ['A', 'B'])).toBe('task\n\nA\n\nB');
  });
});
