import { formatMoney } from './money.ts';

export interface Invoice {
  currency: string;
  lines: { description: string; amount: number }[]; // amounts in minor units
}

export function renderInvoice(invoice: Invoice): string {
  const total = invoice.lines.reduce((sum, line) => sum + line.amount, 0);
  const rows = invoice.lines.map((line) => `${line.description}: ${formatMoney(line.amount, invoice.currency)}`);
  return [...rows, `Total: ${formatMoney(total, invoice.currency)}`].join('\n');
}
