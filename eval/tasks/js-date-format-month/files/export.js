import { formatDate } from './dates.js';

// One CSV line per invoice: number,issued,due
export function exportInvoices(invoices) {
  return invoices.map((inv) => [inv.number, formatDate(inv.issued), formatDate(inv.due)].join(',')).join('\n');
}
