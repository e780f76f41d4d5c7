import { topWords, wordCount } from './stats.js';

const WORDS_PER_MINUTE = 200;

export function summarize(text) {
  const words = wordCount(text);
  return {
    words,
    characters: text.length,
    lines: text === '' ? 0 : text.split(/\r?\n/).length,
    readingMinutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)),
    top: topWords(text, 3).map(([word]) => word),
  };
}
