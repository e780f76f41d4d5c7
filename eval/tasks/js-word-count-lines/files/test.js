import assert from 'node:assert/strict';
import { summarize } from './summary.js';

assert.deepEqual(summarize('The cat sat. The cat ran!'), {
  words: 6,
  characters: 25,
  lines: 1,
  readingMinutes: 1,
  top: ['cat', 'the', 'ran'],
});

const doc = 'Hello world.\nThis is a test.\n\nBye!';
assert.equal(summarize(doc).lines, 4);
assert.equal(summarize(doc).words, 7);
assert.equal(summarize('word '.repeat(401)).readingMinutes, 3);

console.log('ok');
