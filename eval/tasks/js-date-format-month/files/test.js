import assert from 'node:assert/strict';
import { addDays, daysBetween, formatDate, isWeekend, parseDate } from './dates.js';
import { exportInvoices } from './export.js';

assert.equal(daysBetween(parseDate('2024-02-01'), parseDate('2024-03-01')), 29);
assert.equal(isWeekend(parseDate('2024-06-08')), true);
assert.equal(formatDate(parseDate('2024-03-09')), '2024-03-09');
assert.equal(formatDate(addDays(parseDate('2024-01-30'), 3)), '2024-02-02');
assert.equal(
  exportInvoices([{ number: 'A-1', issued: parseDate('2023-11-15'), due: parseDate('2023-12-15') }]),
  'A-1,2023-11-15,2023-12-15',
);

console.log('ok');
