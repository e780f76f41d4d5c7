// Lower-cased words with surrounding punctuation removed ("Don't!" -> "don't").
export function tokenize(text) {
  return text
    .toLowerCase()
    .split(' ')
    .map((word) => word.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, ''))
    .filter((word) => word !== '');
}
