// A small CSV reader: the first line is the header; fields are separated by commas,
// may be wrapped in double quotes, and a doubled quote ("") inside quotes is a literal quote.

export function parseLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        inQuotes = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      inQuotes = true;
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(quoted ? field : field.trim());
      field = '';
      quoted = false;
    } else if (!quoted) {
      field += ch;
    }
  }
  fields.push(quoted ? field : field.trim());
  return fields;
}

export function parseCSV(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const [header, ...rows] = lines.map(parseLine);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
