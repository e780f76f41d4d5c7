import { lineTotal } from './lines.ts';
import type { OrderLine } from './lines.ts';

export interface Order {
  id: string;
  lines: OrderLine[];
  shippingCents: number;
}

export function orderTotal(order: Order): number {
  return order.lines.reduce((sum, line) => sum + lineTotal(line), 0) + order.shippingCents;
}
