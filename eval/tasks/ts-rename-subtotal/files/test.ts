import assert from 'node:assert/strict';
import { addLine, itemCount, subtotal } from './cart.ts';
import { checkout } from './checkout.ts';

const lines = addLine([{ sku: 'pen', priceCents: 150, qty: 2 }], { sku: 'pen', priceCents: 150, qty: 1 });
assert.equal(itemCount(lines), 3);
assert.equal(subtotal(lines), 450);
assert.equal(subtotal([]), 0);

assert.deepEqual(checkout(lines, 0.2), {
  items: 3,
  subtotalCents: 450,
  taxCents: 90,
  shippingCents: 499,
  totalCents: 1039,
});
assert.throws(() => checkout([], 0.2), /empty/);

console.log('ok');
