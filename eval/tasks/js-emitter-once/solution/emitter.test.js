import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from './emitter.js';

test('on and emit pass the arguments in order', () => {
  const e = new Emitter();
  const seen = [];
  e.on('data', (a, b) => seen.push(['first', a, b]));
  e.on('data', (a) => seen.push(['second', a]));
  assert.equal(e.emit('data', 1, 2), true);
  assert.deepEqual(seen, [
    ['first', 1, 2],
    ['second', 1],
  ]);
});

test('off removes a listener', () => {
  const e = new Emitter();
  let calls = 0;
  const fn = () => calls++;
  e.on('tick', fn).off('tick', fn);
  assert.equal(e.emit('tick'), false);
  assert.equal(calls, 0);
  assert.equal(e.listenerCount('tick'), 0);
});

test('listeners must be functions', () => {
  assert.throws(() => new Emitter().on('x', 'nope'), TypeError);
});

test('once runs on the next emit only', () => {
  const e = new Emitter();
  const seen = [];
  e.once('ready', (v) => seen.push(v));
  assert.equal(e.emit('ready', 'a'), true);
  assert.equal(e.emit('ready', 'b'), false);
  assert.deepEqual(seen, ['a']);
  assert.equal(e.listenerCount('ready'), 0);
});

test('off cancels a once listener', () => {
  const e = new Emitter();
  let calls = 0;
  const fn = () => calls++;
  e.once('ready', fn);
  e.off('ready', fn);
  e.emit('ready');
  assert.equal(calls, 0);
});
