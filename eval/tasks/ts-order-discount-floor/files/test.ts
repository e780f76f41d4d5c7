import assert from 'node:assert/strict';
import { orderTotal } from './orders.ts';
import { describeLine } from './lines.ts';
import { applyDiscount } from './pricing.ts';

assert.equal(applyDiscount(1000, { kind: 'percent', percent: 15 }), 850);
assert.equal(applyDiscount(1000, { kind: 'fixed', cents: 250 }), 750);

assert.equal(
  orderTotal({
    id: 'A1',
    lines: [
      { name: 'mug', unitCents: 1200, qty: 2, discount: { kind: 'percent', percent: 10 } },
      { name: 'coaster', unitCents: 300, qty: 4 },
    ],
    shippingCents: 500,
  }),
  3860,
);

// A gift voucher worth more than the sticker it is applied to.
assert.equal(
  orderTotal({
    id: 'A2',
    lines: [
      { name: 'sticker', unitCents: 300, qty: 2, discount: { kind: 'fixed', cents: 500 } },
      { name: 'poster', unitCents: 1500, qty: 1 },
    ],
    shippingCents: 0,
  }),
  1500,
);
assert.equal(describeLine({ name: 'pen', unitCents: 199, qty: 3 }), '3 x pen @ $1.99');

console.log('ok');
