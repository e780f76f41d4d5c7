import assert from 'node:assert/strict';
import { parseCSV, parseLine } from './csv.js';
import { importContacts } from './contacts.js';

assert.deepEqual(parseLine('a, b ,c'), ['a', 'b', 'c']);
assert.deepEqual(parseLine('"Smith, John",42'), ['Smith, John', '42']);
assert.deepEqual(parseLine('1,"She said ""hi""",x'), ['1', 'She said "hi"', 'x']);
assert.deepEqual(parseCSV('id,name\n1,Ann\n\n2,Bob\n'), [
  { id: '1', name: 'Ann' },
  { id: '2', name: 'Bob' },
]);
assert.deepEqual(importContacts('name,email,tags\n"Smith, John",JOHN@EXAMPLE.COM,vip;beta'), [
  { name: 'Smith, John', email: 'john@example.com', tags: ['vip', 'beta'] },
]);

console.log('ok');
