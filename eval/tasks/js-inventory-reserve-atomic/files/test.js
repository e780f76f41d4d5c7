import assert from 'node:assert/strict';
import { Inventory, OutOfStockError } from './inventory.js';

const inv = new Inventory();
inv.add('apple', 5);
inv.add('pear', 2);

inv.reserve([{ sku: 'apple', qty: 2 }]);
assert.equal(inv.count('apple'), 3);

assert.throws(
  () =>
    inv.reserve([
      { sku: 'apple', qty: 1 },
      { sku: 'pear', qty: 3 },
    ]),
  OutOfStockError,
);
assert.equal(inv.count('apple'), 3, 'a failed order must not take any stock');
assert.equal(inv.count('pear'), 2);

inv.release([{ sku: 'apple', qty: 2 }]);
assert.equal(inv.count('apple'), 5);
assert.throws(() => inv.add('plum', 0), RangeError);

console.log('ok');
