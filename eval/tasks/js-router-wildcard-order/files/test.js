import assert from 'node:assert/strict';
import { createRouter } from './router.js';
import { handle } from './routes.js';

const r = createRouter();
const a = () => 'a';
const b = () => 'b';
r.add('GET', '/items/:id', a);
r.add('GET', '/files/*', b);
assert.deepEqual(r.match('GET', '/items/7'), { handler: a, params: { id: '7' } });
assert.equal(r.match('GET', '/files/x/y/z').handler, b);
assert.equal(r.match('POST', '/items/7'), null);
assert.equal(r.match('GET', '/items'), null);

assert.deepEqual(handle('GET', '/users/5'), { status: 200, body: 'user 5' });
assert.equal(handle('DELETE', '/users/5').status, 404);

console.log('ok');
