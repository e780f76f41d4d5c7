import { getTotal, itemCount } from './cart.ts';
import type { Line } from './cart.ts';

export interface Receipt {
  items: number;
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
}

const FREE_SHIPPING_FROM = 5000;
const SHIPPING = 499;

export function checkout(lines: Line[], taxRate: number): Receipt {
  if (lines.length === 0) throw new Error('cart is empty');
  const subtotalCents = getTotal(lines);
  const taxCents = Math.round(subtotalCents * taxRate);
  const shippingCents = subtotalCents >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
  return {
    items: itemCount(lines),
    subtotalCents,
    taxCents,
    shippingCents,
    totalCents: subtotalCents + taxCents + shippingCents,
  };
}
