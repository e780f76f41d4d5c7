import assert from 'node:assert/strict';
import { complete, createTask } from './model.js';
import { loadAll, saveAll } from './serializer.js';

const milk = createTask({ title: ' buy milk ', due: '2024-05-01' });
assert.deepEqual(milk, { title: 'buy milk', due: '2024-05-01', done: false, priority: 'normal' });
assert.throws(() => createTask({ title: '' }), TypeError);

const tax = createTask({ title: 'file taxes', priority: 'high' });
assert.equal(tax.priority, 'high');
assert.throws(() => createTask({ title: 'x', priority: 'urgent' }));

const loaded = loadAll(saveAll([complete(milk), tax]));
assert.deepEqual(loaded, [complete(milk), tax]);

console.log('ok');
