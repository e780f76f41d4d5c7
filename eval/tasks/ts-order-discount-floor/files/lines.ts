import { applyDiscount, formatCents } from './pricing.ts';
import type { Discount } from './pricing.ts';

export interface OrderLine {
  name: string;
  unitCents: number;
  qty: number;
  discount?: Discount;
}

export function lineTotal(line: OrderLine): number {
  return applyDiscount(line.unitCents, line.discount) * line.qty;
}

export function describeLine(line: OrderLine): string {
  return `${line.qty} x ${line.name} @ ${formatCents(applyDiscount(line.unitCents, line.discount))}`;
}
