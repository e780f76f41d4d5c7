import { parseCSV } from './csv.js';

export function importContacts(text) {
  return parseCSV(text).map((row) => ({
    name: row.name,
    email: row.email.toLowerCase(),
    tags: row.tags ? row.tags.split(';') : [],
  }));
}
