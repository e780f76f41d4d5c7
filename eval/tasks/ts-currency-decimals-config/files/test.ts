import assert from 'node:assert/strict';
import { renderInvoice } from './invoice.ts';

assert.equal(
  renderInvoice({
    currency: 'usd',
    lines: [
      { description: 'Hosting', amount: 120000 },
      { description: 'Domain', amount: 1299 },
    ],
  }),
  'Hosting: $1,200.00\nDomain: $12.99\nTotal: $1,212.99',
);
assert.equal(
  renderInvoice({ currency: 'JPY', lines: [{ description: 'Tea set', amount: 1500 }] }),
  'Tea set: ¥1,500\nTotal: ¥1,500',
);
assert.throws(() => renderInvoice({ currency: 'XXX', lines: [] }), /unknown currency/);

console.log('ok');
