import { tokenize } from './tokenize.js';

export function wordCount(text) {
  return tokenize(text).length;
}

export function topWords(text, n) {
  const counts = new Map();
  for (const word of tokenize(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}
